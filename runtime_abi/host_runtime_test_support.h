// Shared by the host runtime tests: host kernels, and a ChipCallable builder
// that plays the role of the kernel registry.
#ifndef TASKC_RUNTIME_ABI_HOST_RUNTIME_TEST_SUPPORT_H
#define TASKC_RUNTIME_ABI_HOST_RUNTIME_TEST_SUPPORT_H

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "abi.h"
#include "pto_orchestration_api.h"

namespace taskc::host::test {

using abi::ArgDirection;
constexpr ArgDirection IN = ArgDirection::IN;
constexpr ArgDirection OUT = ArgDirection::OUT;
constexpr ArgDirection INOUT = ArgDirection::INOUT;

// Kernel registry for tests: func_ids are given in registration order.
class KernelRegistry {
 public:
  int32_t add(const std::string& name, abi::CoreType core_type,
              const std::vector<ArgDirection>& signature, abi::HostEntry entry,
              uint32_t scalar_count = 0) {
    const int32_t func_id = static_cast<int32_t>(chip_.children.size());
    chip_.children.push_back(abi::make_callable<abi::Limits::kCoreMaxTensorArgs>(
        signature, func_id, name, core_type, scalar_count, false, entry));
    return func_id;
  }
  int32_t add_aiv(const std::string& name,
                  const std::vector<ArgDirection>& signature,
                  abi::HostEntry entry, uint32_t scalar_count = 0) {
    return add(name, abi::CoreType::AIV, signature, entry, scalar_count);
  }
  const abi::ChipCallable& chip() const { return chip_; }

 private:
  abi::ChipCallable chip_;
};

inline const ChipTensor& tensor_arg(const int64_t* args, uint32_t slot) {
  return *reinterpret_cast<const ChipTensor*>(args[slot]);
}

// Element `linear` (row-major over the tensor's shape) of a float tensor,
// following its strides.
inline float& float_at(const ChipTensor& t, uint64_t linear) {
  uint64_t element = 0;
  for (uint32_t k = t.ndims; k-- > 0;) {
    element += (linear % t.shapes[k]) * t.strides[k];
    linear /= t.shapes[k];
  }
  return *reinterpret_cast<float*>(static_cast<char*>(t.buffer) +
                                   t.start_offset + element * sizeof(float));
}

inline uint64_t elements_of(const ChipTensor& t) {
  uint64_t count = 1;
  for (uint32_t k = 0; k < t.ndims; ++k) count *= t.shapes[k];
  return count;
}

// c = a + b, elementwise.
inline void kernel_add(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  for (uint64_t i = 0; i < elements_of(c); ++i) {
    float_at(c, i) = float_at(a, i) + float_at(b, i);
  }
}

// c = a + s (scalar 0, a float payload word).
inline void kernel_add_scalar(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& c = tensor_arg(args, 1);
  const float s = from_u64<float>(static_cast<uint64_t>(args[2]));
  for (uint64_t i = 0; i < elements_of(c); ++i) float_at(c, i) = float_at(a, i) + s;
}

// x += s in place (INOUT), scalar 0 a float.
inline void kernel_increment(int64_t* args) {
  const ChipTensor& x = tensor_arg(args, 0);
  const float s = from_u64<float>(static_cast<uint64_t>(args[1]));
  for (uint64_t i = 0; i < elements_of(x); ++i) float_at(x, i) += s;
}

// Declared [IN, OUT] by the tests that use it: copies its input to its
// output and also scales the input in place (a direction violation).
inline void kernel_scales_its_input(int64_t* args) {
  const ChipTensor& in = tensor_arg(args, 0);
  const ChipTensor& out = tensor_arg(args, 1);
  for (uint64_t i = 0; i < elements_of(out); ++i) {
    float_at(out, i) = float_at(in, i);
    float_at(in, i) *= 2.0f;
  }
}

// out = value (scalar 0) after a pause, so that a consumer that is not
// ordered after it would see the old contents.
inline void kernel_slow_fill(int64_t* args) {
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  const ChipTensor& out = tensor_arg(args, 0);
  const float value = from_u64<float>(static_cast<uint64_t>(args[1]));
  for (uint64_t i = 0; i < elements_of(out); ++i) float_at(out, i) = value;
}

// c[M, N] = a[M, K] x b[K, N].
inline void kernel_matmul(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  const uint32_t m = a.shapes[0], k = a.shapes[1], n = b.shapes[1];
  for (uint32_t i = 0; i < m; ++i) {
    for (uint32_t j = 0; j < n; ++j) {
      float sum = 0;
      for (uint32_t p = 0; p < k; ++p) {
        sum += float_at(a, uint64_t{i} * k + p) * float_at(b, uint64_t{p} * n + j);
      }
      float_at(c, uint64_t{i} * n + j) = sum;
    }
  }
}

// Records each invocation (lane, block index, block count, payload sizes).
struct Invocation {
  int32_t lane;
  int64_t block_idx;
  int64_t block_num;
  float first_input;
  uint64_t scalar;
};

class InvocationLog {
 public:
  static InvocationLog& instance() {
    static InvocationLog log;
    return log;
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
  }
  void add(const Invocation& invocation) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_back(invocation);
  }
  std::vector<Invocation> entries() {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_;
  }

 private:
  std::mutex mutex_;
  std::vector<Invocation> entries_;
};

// Payload: one IN tensor, one scalar.
inline void kernel_record_invocation(int64_t* args) {
  InvocationLog::instance().add(Invocation{
      taskc_host_lane(), taskc_host_block_idx(), taskc_host_block_num(),
      float_at(tensor_arg(args, 0), 0), static_cast<uint64_t>(args[1])});
}

// The kernels every test orchestration may call, by func_id.
enum KernelId : int32_t {
  KERNEL_ADD = 0,            // aiv [IN, IN, OUT]
  KERNEL_ADD_SCALAR = 1,     // aiv [IN, OUT], 1 scalar
  KERNEL_INCREMENT = 2,      // aiv [INOUT], 1 scalar
  KERNEL_SLOW_FILL = 3,      // aiv [OUT], 1 scalar
  KERNEL_MATMUL = 4,         // aic [IN, IN, OUT]
  KERNEL_RECORD_AIV = 5,     // aiv [IN], 1 scalar
  KERNEL_RECORD_AIC = 6,     // aic [IN], 1 scalar
};

inline abi::ChipCallable standard_kernels() {
  KernelRegistry registry;
  registry.add_aiv("kernel_add", {IN, IN, OUT}, kernel_add);
  registry.add_aiv("kernel_add_scalar", {IN, OUT}, kernel_add_scalar, 1);
  registry.add_aiv("kernel_increment", {INOUT}, kernel_increment, 1);
  registry.add_aiv("kernel_slow_fill", {OUT}, kernel_slow_fill, 1);
  registry.add("kernel_matmul", abi::CoreType::AIC, {IN, IN, OUT},
               kernel_matmul);
  registry.add_aiv("kernel_record_aiv", {IN}, kernel_record_invocation, 1);
  registry.add("kernel_record_aic", abi::CoreType::AIC, {IN},
               kernel_record_invocation, 1);
  return registry.chip();
}

// aicpu_orchestration_config of an orchestration with N entry arguments.
template <int N>
PTO2OrchestrationConfig config_with_args(const ChipTaskArgs& orch_args) {
  (void)orch_args;
  return PTO2OrchestrationConfig{N};
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace taskc::host::test

#endif  // TASKC_RUNTIME_ABI_HOST_RUNTIME_TEST_SUPPORT_H
