// Host implementation of the orchestration API that taskc-generated C++ is
// written against: the names and call shapes of the PTO runtime's
// pto_orchestration_api.h (tensormap_and_ringbuffer), implemented by
// libtaskc_abi's HostRuntime (host_runtime.h) so that an orchestration
// compiles unchanged and runs on the CPU.
//
// Do not include this file directly: include "pto_orchestration_api.h".
// runtime_abi/pto_orchestration_api.h (the default include path) is the
// a2a3 variant; runtime_abi/include/a5/pto_orchestration_api.h the a5 one
// (launch_spec.set_core_num instead of set_block_num), and
// runtime_abi/include/a2a3/ names a2a3 explicitly.
//
// Host memory model (what a host kernel sees):
//   * ChipTensor::buffer is the base of the underlying allocation and
//     ChipTensor::buffer_bytes its size.
//   * ChipTensor::start_offset is a BYTE offset: element (0, ..., 0) lives at
//     static_cast<char*>(buffer) + start_offset.
//   * ChipTensor::strides[k] is in ELEMENTS: element (i0, ..., in) lives at
//     start_offset + element_size * sum(i_k * strides[k]) bytes past buffer.
//   * Element sizes: FLOAT32/INT32/UINT32 4, FLOAT16/BFLOAT16/INT16/UINT16 2,
//     INT64/UINT64 8, INT8/UINT8/BOOL/FP8E4M3FN/FP8E8M0 1, and FP4E2M1 1
//     (the host stores FP4 unpacked, one element per byte, so that every
//     element has its own address).
//
// Kernel calling convention: a host kernel is `extern "C" void NAME(int64_t*
// args)`. args[i] for i < tensor_count is the address of the task's i-th
// payload ChipTensor (reinterpret_cast<const ChipTensor*>(args[i])); then come
// the scalars, each as the raw uint64_t payload word (to_u64 of the value
// add_scalar received). The kernel runs once per block and active lane;
// taskc_host_block_idx() and friends say which.
#ifndef TASKC_RUNTIME_ABI_TASKC_ORCHESTRATION_API_H
#define TASKC_RUNTIME_ABI_TASKC_ORCHESTRATION_API_H

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "taskc_api_task_args.h"
#include "taskc_api_types.h"

namespace taskc::host::detail {

TaskOutputTensors alloc_tensors(const CoreTaskArgs& args);
TaskOutputTensors submit(const MixedKernels& kernels, const CoreTaskArgs& args);
TaskOutputTensors submit_dummy(const CoreTaskArgs& args);
void scope_begin(PTO2ScopeMode mode, const char* file, int line);
void scope_end();
bool is_fatal();
int32_t available_cluster_count();
int32_t available_aiv_count();
// One element's bytes, zero-extended. value_size: the caller's type size,
// which must equal the element size; 0 for a raw uint64_t access.
uint64_t read_tensor_element(const ChipTensor& tensor, uint32_t ndims,
                             const uint32_t indices[], size_t value_size);
void write_tensor_element(const ChipTensor& tensor, uint32_t ndims,
                          const uint32_t indices[], uint64_t raw,
                          size_t value_size);

enum class LogLevel : uint8_t { kError, kWarn, kInfo, kDebug, kTiming };
void log_message(LogLevel level, const char* file, int line, const char* fmt,
                 ...) TASKC_HOST_PRINTF_FORMAT(4, 5);

}  // namespace taskc::host::detail

// --- submitting ---------------------------------------------------------------

inline TaskOutputTensors rt_submit_task(const MixedKernels& mixed_kernels,
                                        const CoreTaskArgs& args) {
  return taskc::host::detail::submit(mixed_kernels, args);
}
inline TaskOutputTensors rt_submit_aic_task(int32_t kernel_id,
                                            const CoreTaskArgs& args) {
  MixedKernels mk;
  mk.aic_kernel_id = kernel_id;
  return rt_submit_task(mk, args);
}
inline TaskOutputTensors rt_submit_aiv_task(int32_t kernel_id,
                                            const CoreTaskArgs& args) {
  MixedKernels mk;
  mk.aiv0_kernel_id = kernel_id;
  return rt_submit_task(mk, args);
}
// A dependency-only task: it takes part in the dependency graph like any
// task (tensors, explicit deps) but runs no kernel.
inline TaskOutputTensors rt_submit_dummy_task(const CoreTaskArgs& args) {
  return taskc::host::detail::submit_dummy(args);
}

// --- allocation ---------------------------------------------------------------

// An allocation task: every argument must be add_output(TensorCreateInfo).
inline TaskOutputTensors alloc_tensors(const CoreTaskArgs& args) {
  return taskc::host::detail::alloc_tensors(args);
}
inline TaskOutputTensors alloc_tensors(const TensorCreateInfo create_infos[],
                                       uint32_t count) {
  CoreTaskArgs args;
  for (uint32_t i = 0; i < count; ++i) args.add_output(create_infos[i]);
  return alloc_tensors(args);
}
// 1..32 tensors, zero-filled on the host unless set_initial_value says
// otherwise, in one allocation task.
template <typename... CIs>
TaskOutputTensors alloc_tensors(const CIs&... cis) {
  static_assert(sizeof...(cis) > 0,
                "alloc_tensors requires at least one TensorCreateInfo");
  static_assert((std::is_same_v<std::decay_t<CIs>, TensorCreateInfo> && ...),
                "alloc_tensors only accepts TensorCreateInfo arguments");
  CoreTaskArgs args;
  (args.add_output(cis), ...);
  return alloc_tensors(args);
}

// --- the run's core geometry (HostRuntimeOptions on the host) -----------------

inline int32_t rt_available_cluster_count() {
  return taskc::host::detail::available_cluster_count();
}
inline int32_t rt_available_aiv_count() {
  return taskc::host::detail::available_aiv_count();
}

// --- scopes ---------------------------------------------------------------------

inline bool rt_is_fatal() { return taskc::host::detail::is_fatal(); }
inline void rt_scope_begin(PTO2ScopeMode mode = PTO2ScopeMode::AUTO) {
  taskc::host::detail::scope_begin(mode, "", 0);
}
inline void rt_scope_end() { taskc::host::detail::scope_end(); }

// Opens a runtime scope for the lifetime of the guard (see PTO2_SCOPE).
class PTO2ScopeGuard {
 public:
  explicit PTO2ScopeGuard(PTO2ScopeMode mode = PTO2ScopeMode::AUTO,
                          const char* file = __builtin_FILE(),
                          int line = __builtin_LINE()) {
    taskc::host::detail::scope_begin(mode, file, line);
  }
  ~PTO2ScopeGuard() { taskc::host::detail::scope_end(); }
  PTO2ScopeGuard(const PTO2ScopeGuard&) = delete;
  PTO2ScopeGuard& operator=(const PTO2ScopeGuard&) = delete;
};

#define TASKC_HOST_CONCAT_INNER(a, b) a##b
#define TASKC_HOST_CONCAT(a, b) TASKC_HOST_CONCAT_INNER(a, b)

#define PTO2_SCOPE_GUARD(...)                              \
  [[maybe_unused]] PTO2ScopeGuard TASKC_HOST_CONCAT(        \
      taskc_host_scope_guard_, __COUNTER__) {              \
    __VA_ARGS__                                            \
  }

// `PTO2_SCOPE() { ... }` / `PTO2_SCOPE(PTO2ScopeMode::MANUAL) { ... }`: the
// guard lives in the if-statement's initializer, so the scope ends with the
// braced block, and break/continue inside it act on the enclosing loop.
// Like every if-based macro it must not be the unbraced body of an if that
// has an else.
#define PTO2_SCOPE(...)                                              \
  if (PTO2ScopeGuard TASKC_HOST_CONCAT(taskc_host_scope_guard_,      \
                                       __COUNTER__){__VA_ARGS__};    \
      true)

// --- element access ---------------------------------------------------------------

// Reads one element once its producers finished: T must have the element's
// size, or be uint64_t (the default: the raw bits, zero-extended).
template <typename T = uint64_t>
T get_tensor_data(const ChipTensor& tensor, uint32_t ndims,
                  const uint32_t indices[]) {
  const size_t size = std::is_same_v<T, uint64_t> ? 0 : sizeof(T);
  return from_u64<T>(
      taskc::host::detail::read_tensor_element(tensor, ndims, indices, size));
}

// Writes one element once its producers and their consumers finished: T
// must have the element's size, or be uint64_t (the low element-size bytes
// are written).
template <typename T = uint64_t>
void set_tensor_data(const ChipTensor& tensor, uint32_t ndims,
                     const uint32_t indices[], T value) {
  const size_t size = std::is_same_v<T, uint64_t> ? 0 : sizeof(T);
  taskc::host::detail::write_tensor_element(tensor, ndims, indices,
                                            to_u64(value), size);
}

// --- errors and logging ------------------------------------------------------------

// Puts the run into the fatal state: the message is recorded as an error and
// every later API call does nothing.
void rt_report_fatal(int32_t error_code, const char* fmt, ...)
    TASKC_HOST_PRINTF_FORMAT(2, 3);

// Messages from the orchestration; they do not fail the run. LOG_ERROR and
// LOG_WARN also go to stderr.
#define LOG_ERROR(...)                                                      \
  ::taskc::host::detail::log_message(::taskc::host::detail::LogLevel::kError, \
                                     __FILE__, __LINE__, __VA_ARGS__)
#define LOG_WARN(...)                                                      \
  ::taskc::host::detail::log_message(::taskc::host::detail::LogLevel::kWarn, \
                                     __FILE__, __LINE__, __VA_ARGS__)
#define LOG_INFO(...)                                                      \
  ::taskc::host::detail::log_message(::taskc::host::detail::LogLevel::kInfo, \
                                     __FILE__, __LINE__, __VA_ARGS__)
#define LOG_DEBUG(...)                                                      \
  ::taskc::host::detail::log_message(::taskc::host::detail::LogLevel::kDebug, \
                                     __FILE__, __LINE__, __VA_ARGS__)
#define LOG_TIMING(...)                                                      \
  ::taskc::host::detail::log_message(::taskc::host::detail::LogLevel::kTiming, \
                                     __FILE__, __LINE__, __VA_ARGS__)

// Returned by aicpu_orchestration_config.
struct PTO2OrchestrationConfig {
  int expected_arg_count;
};

// Kernel-side queries, valid while a host kernel runs (a worker thread).
extern "C" {
// Block index 0..block_num-1 of the running invocation; -1 outside a kernel.
int64_t taskc_host_block_idx(void);
// The task's block_num (core_num on a5); 0 outside a kernel.
int64_t taskc_host_block_num(void);
// 0 = aic, 1 = aiv0, 2 = aiv1; -1 outside a kernel.
int32_t taskc_host_lane(void);
}

#endif  // TASKC_RUNTIME_ABI_TASKC_ORCHESTRATION_API_H
