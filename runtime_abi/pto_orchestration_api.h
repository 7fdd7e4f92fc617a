// Host implementation of the orchestration API that taskc-generated C++ is
// written against (the subset listed in design/outputs.md §1). A generated
// orchestration compiles unchanged against this header and runs on the CPU
// through libtaskc_abi's HostRuntime (host_runtime.h).
//
// Everything outside that subset lives in taskc::host::detail, except the
// host fields of ChipTensor and the kernel-side C functions at the end, which
// host kernels need.
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
// the scalars, each as the raw uint64_t that add_scalar received. The kernel
// runs once per block and active lane; taskc_host_block_idx() and friends say
// which.
#ifndef TASKC_RUNTIME_ABI_PTO_ORCHESTRATION_API_H
#define TASKC_RUNTIME_ABI_PTO_ORCHESTRATION_API_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#if defined(__GNUC__)
#define TASKC_HOST_PRINTF_FORMAT(fmt_index, first_arg) \
  __attribute__((format(printf, fmt_index, first_arg)))
#else
#define TASKC_HOST_PRINTF_FORMAT(fmt_index, first_arg)
#endif

enum class DataType : uint32_t {
  FLOAT32 = 0,
  FLOAT16,
  INT32,
  INT16,
  INT8,
  UINT8,
  BFLOAT16,
  INT64,
  UINT64,
  UINT16,
  UINT32,
  BOOL,
  FP8E4M3FN,
  FP8E8M0,
  FP4E2M1,
};

struct ChipTensor;
struct TensorCreateInfo;
struct MixedKernels;
class CoreTaskArgs;
class TaskOutputTensors;

enum class PTO2ScopeMode : uint8_t { AUTO = 0, MANUAL = 1 };

namespace taskc::host::detail {

// Mirrors abi::Limits; the library checks that they agree. Repeated here so
// that this header needs nothing but the standard library.
constexpr uint32_t kMaxTensorRank = 5;
constexpr uint32_t kMaxCoreTensorArgs = 32;
constexpr uint32_t kMaxCoreScalarArgs = 16;
constexpr uint32_t kMaxCreateInfosPerAlloc = 16;

enum class PayloadMethod : uint8_t { INPUT = 0, OUTPUT, INOUT, NO_DEP };

// Bytes per element on the host (see the memory model above); 0 for a value
// outside the enum.
uint32_t dtype_size(DataType dtype);
// "FLOAT32", ...; "INVALID" for a value outside the enum.
const char* dtype_name(DataType dtype);

ChipTensor make_view(const ChipTensor& source, const uint32_t shapes[],
                     const uint32_t offsets[]);
ChipTensor make_reshape(const ChipTensor& source, const uint32_t shapes[],
                        uint32_t ndims);
TaskOutputTensors alloc_tensors(const TensorCreateInfo* const infos[],
                                uint32_t count);
void read_tensor_element(const ChipTensor& tensor, uint32_t ndims,
                         const uint32_t indices[], void* value,
                         size_t value_size);
void write_tensor_element(const ChipTensor& tensor, uint32_t ndims,
                          const uint32_t indices[], const void* value,
                          size_t value_size);
TaskOutputTensors submit(const MixedKernels& kernels, const CoreTaskArgs& args);
void scope_begin(PTO2ScopeMode mode);
void scope_end();
// Records a non-fatal error against the running orchestration (stderr when
// none runs on this thread).
void report_error(const char* message);
// "<what>(<index>): index out of range; there are <count>".
void report_index_error(const char* what, uint32_t index, uint32_t count);
void log_error(const char* file, int line, const char* fmt, ...)
    TASKC_HOST_PRINTF_FORMAT(3, 4);

}  // namespace taskc::host::detail

// A tensor descriptor. The contract fields (ndims, dtype, shapes, view,
// reshape) are what generated code uses; the host fields describe where the
// elements live (see the memory model at the top of this file).
struct ChipTensor {
  // Host fields.
  void* buffer = nullptr;
  uint64_t buffer_bytes = 0;
  uint64_t start_offset = 0;  // bytes from buffer to element (0, ..., 0)
  uint32_t strides[taskc::host::detail::kMaxTensorRank] = {};  // elements

  // Contract fields.
  uint32_t ndims = 0;
  DataType dtype = DataType::FLOAT32;
  uint32_t shapes[taskc::host::detail::kMaxTensorRank] = {};

  // A window of this tensor with the same rank. Out-of-bounds offsets are a
  // reported error and yield an empty view (all extents 0).
  ChipTensor view(const uint32_t view_shapes[],
                  const uint32_t view_offsets[]) const {
    return taskc::host::detail::make_view(*this, view_shapes, view_offsets);
  }
  // The same elements under another shape; the tensor must be dense
  // (row-major without gaps) and the element counts must agree.
  ChipTensor reshape(const uint32_t new_shapes[], uint32_t new_ndims) const {
    return taskc::host::detail::make_reshape(*this, new_shapes, new_ndims);
  }
};

namespace taskc::host::detail {

// One entry tensor of ChipTaskArgs, reached as orch_args.tensor(i).ref().
class EntryTensorSlot {
 public:
  EntryTensorSlot() = default;
  explicit EntryTensorSlot(const ChipTensor& tensor) : tensor_(tensor) {}
  const ChipTensor& ref() const { return tensor_; }

 private:
  ChipTensor tensor_;
};

}  // namespace taskc::host::detail

// The orchestration's entry arguments: tensors and scalars, each in
// declaration order. Filled by the HostRuntime.
class ChipTaskArgs {
 public:
  const taskc::host::detail::EntryTensorSlot& tensor(uint32_t index) const {
    if (index >= tensors_.size()) {
      taskc::host::detail::report_index_error("orch_args.tensor", index,
                                              tensor_count());
      static const taskc::host::detail::EntryTensorSlot empty_slot;
      return empty_slot;
    }
    return tensors_[index];
  }
  uint64_t scalar(uint32_t index) const {
    if (index >= scalars_.size()) {
      taskc::host::detail::report_index_error("orch_args.scalar", index,
                                              scalar_count());
      return 0;
    }
    return scalars_[index];
  }
  uint32_t tensor_count() const {
    return static_cast<uint32_t>(tensors_.size());
  }
  uint32_t scalar_count() const {
    return static_cast<uint32_t>(scalars_.size());
  }

  // Host side.
  void add_tensor(const ChipTensor& tensor) { tensors_.emplace_back(tensor); }
  void add_scalar(uint64_t raw) { scalars_.push_back(raw); }

 private:
  std::vector<taskc::host::detail::EntryTensorSlot> tensors_;
  std::vector<uint64_t> scalars_;
};

// Shape and dtype of a tensor for alloc_tensors.
struct TensorCreateInfo {
  TensorCreateInfo(const uint32_t create_shapes[], uint32_t create_ndims,
                   DataType create_dtype)
      : ndims(create_ndims), dtype(create_dtype) {
    const uint32_t copied = create_ndims < taskc::host::detail::kMaxTensorRank
                                ? create_ndims
                                : taskc::host::detail::kMaxTensorRank;
    for (uint32_t k = 0; k < copied; ++k) shapes[k] = create_shapes[k];
  }

  uint32_t ndims;  // alloc_tensors rejects ndims outside 1..kMaxTensorRank
  DataType dtype;
  uint32_t shapes[taskc::host::detail::kMaxTensorRank] = {};
};

// A task handle. The host numbers every submit and allocation from 0.
struct PTO2TaskId {
  uint64_t raw = UINT64_MAX;

  static constexpr PTO2TaskId invalid() { return PTO2TaskId{}; }
  constexpr bool is_valid() const { return raw != UINT64_MAX; }
  friend constexpr bool operator==(PTO2TaskId a, PTO2TaskId b) {
    return a.raw == b.raw;
  }
  friend constexpr bool operator!=(PTO2TaskId a, PTO2TaskId b) {
    return a.raw != b.raw;
  }
};

// What alloc_tensors and the submit functions return. The tensors it refers
// to are owned by the runtime and stay valid for the whole run.
class TaskOutputTensors {
 public:
  TaskOutputTensors() = default;
  TaskOutputTensors(PTO2TaskId id, const ChipTensor* const tensors[],
                    uint32_t count)
      : task_id_(id) {
    count_ = count < taskc::host::detail::kMaxCreateInfosPerAlloc
                 ? count
                 : taskc::host::detail::kMaxCreateInfosPerAlloc;
    for (uint32_t k = 0; k < count_; ++k) tensors_[k] = tensors[k];
  }

  PTO2TaskId task_id() const { return task_id_; }
  uint32_t size() const { return count_; }

  // Only on a named variable, as on the device where a temporary's storage
  // would be gone by the next statement.
  const ChipTensor& get_ref(uint32_t index) const& {
    if (index >= count_) {
      taskc::host::detail::report_index_error("TaskOutputTensors::get_ref",
                                              index, count_);
      static const ChipTensor empty_tensor;
      return empty_tensor;
    }
    return *tensors_[index];
  }
  const ChipTensor& get_ref(uint32_t index) const&& = delete;

 private:
  PTO2TaskId task_id_;
  const ChipTensor* tensors_[taskc::host::detail::kMaxCreateInfosPerAlloc] =
      {};
  uint32_t count_ = 0;
};

// SPMD launch parameters of one task.
class LaunchSpec {
 public:
  void set_block_num(uint32_t block_num) { block_num_ = block_num; }
  void set_require_sync_start(bool require) { require_sync_start_ = require; }
  uint32_t block_num() const { return block_num_; }
  bool require_sync_start() const { return require_sync_start_; }

 private:
  uint32_t block_num_ = 1;
  bool require_sync_start_ = false;
};

// The payload of one task: tensors (each with the method that added it),
// then scalars, plus launch spec and explicit dependencies.
class CoreTaskArgs {
 public:
  using PayloadMethod = taskc::host::detail::PayloadMethod;

  LaunchSpec launch_spec;

  void add_input(const ChipTensor& t) { add_tensor(t, PayloadMethod::INPUT); }
  void add_output(const ChipTensor& t) {
    add_tensor(t, PayloadMethod::OUTPUT);
  }
  void add_inout(const ChipTensor& t) { add_tensor(t, PayloadMethod::INOUT); }
  void add_no_dep(const ChipTensor& t) {
    add_tensor(t, PayloadMethod::NO_DEP);
  }
  void add_scalar(uint64_t value) {
    if (scalar_count_ == taskc::host::detail::kMaxCoreScalarArgs) {
      ++dropped_scalars_;
      return;
    }
    scalars_[scalar_count_++] = value;
  }
  // Stored by pointer, as on the device: the array must outlive the submit.
  void set_dependencies(const PTO2TaskId* ids, uint32_t count) {
    dependencies_ = ids;
    dependency_count_ = count;
  }

  // Host side.
  uint32_t tensor_count() const { return tensor_count_; }
  const ChipTensor& tensor(uint32_t i) const { return tensors_[i]; }
  PayloadMethod method(uint32_t i) const { return methods_[i]; }
  uint32_t scalar_count() const { return scalar_count_; }
  uint64_t scalar(uint32_t j) const { return scalars_[j]; }
  const PTO2TaskId* dependencies() const { return dependencies_; }
  uint32_t dependency_count() const { return dependency_count_; }
  // Arguments past the per-task caps are counted, not stored; the submit
  // reports them.
  uint32_t dropped_tensors() const { return dropped_tensors_; }
  uint32_t dropped_scalars() const { return dropped_scalars_; }

 private:
  void add_tensor(const ChipTensor& t, PayloadMethod method) {
    if (tensor_count_ == taskc::host::detail::kMaxCoreTensorArgs) {
      ++dropped_tensors_;
      return;
    }
    tensors_[tensor_count_] = t;
    methods_[tensor_count_] = method;
    ++tensor_count_;
  }

  ChipTensor tensors_[taskc::host::detail::kMaxCoreTensorArgs];
  PayloadMethod methods_[taskc::host::detail::kMaxCoreTensorArgs] = {};
  uint64_t scalars_[taskc::host::detail::kMaxCoreScalarArgs] = {};
  uint32_t tensor_count_ = 0;
  uint32_t scalar_count_ = 0;
  uint32_t dropped_tensors_ = 0;
  uint32_t dropped_scalars_ = 0;
  const PTO2TaskId* dependencies_ = nullptr;
  uint32_t dependency_count_ = 0;
};

constexpr int32_t INVALID_KERNEL_ID = -1;

// Kernel ids (func_ids) per lane of a mixed task; INVALID_KERNEL_ID leaves a
// lane idle.
struct MixedKernels {
  int32_t aic_kernel_id = INVALID_KERNEL_ID;
  int32_t aiv0_kernel_id = INVALID_KERNEL_ID;
  int32_t aiv1_kernel_id = INVALID_KERNEL_ID;
};

inline TaskOutputTensors rt_submit_task(const MixedKernels& kernels,
                                        const CoreTaskArgs& args) {
  return taskc::host::detail::submit(kernels, args);
}
inline TaskOutputTensors rt_submit_aic_task(int32_t kernel_id,
                                            const CoreTaskArgs& args) {
  return rt_submit_task(
      MixedKernels{kernel_id, INVALID_KERNEL_ID, INVALID_KERNEL_ID}, args);
}
inline TaskOutputTensors rt_submit_aiv_task(int32_t kernel_id,
                                            const CoreTaskArgs& args) {
  return rt_submit_task(
      MixedKernels{INVALID_KERNEL_ID, kernel_id, INVALID_KERNEL_ID}, args);
}

// Allocates 1..16 tensors (zero-filled on the host) in one allocation task.
template <typename... MoreInfos>
TaskOutputTensors alloc_tensors(const TensorCreateInfo& first,
                                const MoreInfos&... more) {
  static_assert(sizeof...(MoreInfos) <
                    taskc::host::detail::kMaxCreateInfosPerAlloc,
                "alloc_tensors takes at most 16 create-infos");
  static_assert((std::is_same_v<MoreInfos, TensorCreateInfo> && ...),
                "alloc_tensors takes TensorCreateInfo arguments only");
  const TensorCreateInfo* const infos[] = {&first, &more...};
  return taskc::host::detail::alloc_tensors(
      infos, static_cast<uint32_t>(1 + sizeof...(MoreInfos)));
}

namespace taskc::host::detail {

// Opens a runtime scope for the lifetime of the guard (see PTO2_SCOPE).
class ScopeGuard {
 public:
  explicit ScopeGuard(PTO2ScopeMode mode = PTO2ScopeMode::AUTO) {
    scope_begin(mode);
  }
  ~ScopeGuard() { scope_end(); }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;
};

}  // namespace taskc::host::detail

#define TASKC_HOST_CONCAT_INNER(a, b) a##b
#define TASKC_HOST_CONCAT(a, b) TASKC_HOST_CONCAT_INNER(a, b)

// `PTO2_SCOPE() { ... }` / `PTO2_SCOPE(PTO2ScopeMode::MANUAL) { ... }`: the
// guard lives in the if-statement's initializer, so the scope ends with the
// braced block, and break/continue inside it act on the enclosing loop.
// Like every if-based macro it must not be the unbraced body of an if that
// has an else.
#define PTO2_SCOPE(...)                                       \
  if (::taskc::host::detail::ScopeGuard TASKC_HOST_CONCAT(     \
          taskc_host_scope_guard_, __COUNTER__){__VA_ARGS__}; \
      true)

// Reads one element after its producer task finished. T must have the
// tensor's element size.
template <typename T>
T get_tensor_data(const ChipTensor& tensor, uint32_t ndims,
                  const uint32_t indices[]) {
  static_assert(std::is_trivially_copyable_v<T>,
                "get_tensor_data needs a trivially copyable type");
  T value{};
  taskc::host::detail::read_tensor_element(tensor, ndims, indices, &value,
                                           sizeof(T));
  return value;
}

// Writes one element once the tasks that write or read it have finished.
template <typename T>
void set_tensor_data(const ChipTensor& tensor, uint32_t ndims,
                     const uint32_t indices[], T value) {
  static_assert(std::is_trivially_copyable_v<T>,
                "set_tensor_data needs a trivially copyable type");
  taskc::host::detail::write_tensor_element(tensor, ndims, indices, &value,
                                            sizeof(T));
}

// Scalar payload words: floating-point values travel as their bit pattern
// (a float in the low 32 bits), integers and bool by value conversion
// (signed values sign-extended).
template <typename T>
uint64_t to_u64(T value) {
  static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, long double>,
                "to_u64 takes a bool, integer, float or double");
  if constexpr (std::is_same_v<T, float>) {
    uint32_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
  } else if constexpr (std::is_same_v<T, double>) {
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
  } else if constexpr (std::is_same_v<T, bool>) {
    return value ? 1u : 0u;
  } else {
    return static_cast<uint64_t>(value);
  }
}

template <typename T>
T from_u64(uint64_t raw) {
  static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, long double>,
                "from_u64 makes a bool, integer, float or double");
  if constexpr (std::is_same_v<T, float>) {
    const uint32_t bits = static_cast<uint32_t>(raw);
    float value = 0;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  } else if constexpr (std::is_same_v<T, double>) {
    double value = 0;
    std::memcpy(&value, &raw, sizeof value);
    return value;
  } else if constexpr (std::is_same_v<T, bool>) {
    return raw != 0;
  } else {
    return static_cast<T>(raw);
  }
}

constexpr int32_t PTO2_ERROR_INVALID_ARGS = 1;

// Puts the run into the fatal state: the message is recorded as an error and
// later submits are ignored.
void rt_report_fatal(int32_t error_code, const char* fmt, ...)
    TASKC_HOST_PRINTF_FORMAT(2, 3);

// Logs a message from the orchestration; it does not fail the run.
#define LOG_ERROR(...) \
  ::taskc::host::detail::log_error(__FILE__, __LINE__, __VA_ARGS__)

// Returned by aicpu_orchestration_config.
struct PTO2OrchestrationConfig {
  int expected_arg_count;
};

// Kernel-side queries, valid while a host kernel runs (a worker thread).
extern "C" {
// Block index 0..block_num-1 of the running invocation; -1 outside a kernel.
int64_t taskc_host_block_idx(void);
// The task's block_num; 0 outside a kernel.
int64_t taskc_host_block_num(void);
// 0 = aic, 1 = aiv0, 2 = aiv1; -1 outside a kernel.
int32_t taskc_host_lane(void);
}

#endif  // TASKC_RUNTIME_ABI_PTO_ORCHESTRATION_API_H
