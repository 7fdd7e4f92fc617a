// The data types of the host orchestration API (see taskc_orchestration_api.h
// for the whole picture): element types, task ids, dependency kinds,
// tensors, create-infos, dispatch predicates and submit results. Names and
// call shapes follow the PTO runtime's headers (tensormap_and_ringbuffer);
// the host fields of ChipTensor are the host's own.
#ifndef TASKC_RUNTIME_ABI_TASKC_API_TYPES_H
#define TASKC_RUNTIME_ABI_TASKC_API_TYPES_H

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

constexpr int MAX_TENSOR_DIMS = 5;
// Task timing slots of set_task_timing_slot: 0..15, -1 for untagged.
constexpr int NUM_TASK_TIMING_SLOTS = 16;
constexpr int32_t TASK_TIMING_SLOT_NONE = -1;
// Nested scopes the runtime holds, counting the executor's scope around the
// entry (so an orchestration may open 63).
constexpr int32_t PTO2_MAX_SCOPE_DEPTH = 64;

// Error codes of rt_report_fatal and of the runtime's own fatal errors.
constexpr int32_t PTO2_ERROR_NONE = 0;
constexpr int32_t PTO2_ERROR_SCOPE_DEADLOCK = 1;
constexpr int32_t PTO2_ERROR_HEAP_RING_DEADLOCK = 2;
constexpr int32_t PTO2_ERROR_FLOW_CONTROL_DEADLOCK = 3;
constexpr int32_t PTO2_ERROR_DEP_POOL_OVERFLOW = 4;
constexpr int32_t PTO2_ERROR_INVALID_ARGS = 5;
constexpr int32_t PTO2_ERROR_REQUIRE_SYNC_START_INVALID = 7;
constexpr int32_t PTO2_ERROR_TENSOR_WAIT_TIMEOUT = 8;
constexpr int32_t PTO2_ERROR_EXPLICIT_ORCH_FATAL = 9;

// Scalar payload words, as on the device: the value's bytes in the low end
// of a zeroed word (a float in the low 32 bits; a negative int32_t becomes
// 0x00000000FFFFFFFF, not sign-extended), and back.
template <typename T>
uint64_t to_u64(T value) {
  static_assert(sizeof(T) <= sizeof(uint64_t), "to_u64: type must fit in 8 bytes");
  static_assert(std::is_trivially_copyable_v<T>,
                "to_u64: type must be trivially copyable");
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(T));
  return bits;
}

template <typename T>
T from_u64(uint64_t bits) {
  static_assert(sizeof(T) <= sizeof(uint64_t), "from_u64: type must fit in 8 bytes");
  static_assert(std::is_trivially_copyable_v<T>,
                "from_u64: type must be trivially copyable");
  if constexpr (std::is_same_v<T, bool>) {
    return (bits & 0xFFu) != 0;  // a bool from any byte pattern, without UB
  } else {
    T value;
    std::memcpy(&value, &bits, sizeof(T));
    return value;
  }
}

// A task handle: the host numbers every task (submits and allocations) from
// 0 in ring 0. A value-initialised PTO2TaskId{} is a valid id (task 0);
// only invalid() is not.
struct PTO2TaskId {
  uint64_t raw;

  static constexpr PTO2TaskId make(uint8_t ring_id, uint32_t local_id) {
    return PTO2TaskId{(static_cast<uint64_t>(ring_id) << 32) |
                      static_cast<uint64_t>(local_id)};
  }
  static constexpr PTO2TaskId invalid() { return PTO2TaskId{UINT64_MAX}; }

  constexpr uint8_t ring() const { return static_cast<uint8_t>(raw >> 32); }
  constexpr uint32_t local() const {
    return static_cast<uint32_t>(raw & 0xFFFFFFFFu);
  }
  constexpr bool is_valid() const { return raw != UINT64_MAX; }
  constexpr bool is_invalid() const { return raw == UINT64_MAX; }
  constexpr bool operator==(const PTO2TaskId& other) const {
    return raw == other.raw;
  }
  constexpr bool operator!=(const PTO2TaskId& other) const {
    return raw != other.raw;
  }
};

enum class PTO2ScopeMode : uint8_t { AUTO = 0, MANUAL = 1 };

// How a payload tensor was added: add_input, add_output(TensorCreateInfo)
// (OUTPUT: the runtime allocates it), add_inout, add_output(ChipTensor)
// (OUTPUT_EXISTING), add_no_dep.
enum class TensorArgType : int32_t {
  INPUT = 0,
  OUTPUT = 1,
  INOUT = 2,
  OUTPUT_EXISTING = 3,
  NO_DEP = 4,
};

// Per-edge semantics of an explicit dependency: DEP_WAIT orders, DEP_RETAIN
// keeps the producer (and the buffers it allocated) alive until the consumer
// finished. set_dependencies gives both.
enum DepFlags : uint8_t {
  DEP_NONE = 0,
  DEP_WAIT = 1u << 0,
  DEP_RETAIN = 1u << 1,
};
constexpr DepFlags operator|(DepFlags a, DepFlags b) {
  return static_cast<DepFlags>(static_cast<uint8_t>(a) | static_cast<uint8_t>(b));
}
constexpr DepFlags operator&(DepFlags a, DepFlags b) {
  return static_cast<DepFlags>(static_cast<uint8_t>(a) & static_cast<uint8_t>(b));
}
constexpr DepFlags& operator|=(DepFlags& a, DepFlags b) {
  a = a | b;
  return a;
}
constexpr bool dep_has_wait(DepFlags f) { return (f & DEP_WAIT) != DEP_NONE; }
constexpr bool dep_has_retain(DepFlags f) { return (f & DEP_RETAIN) != DEP_NONE; }

// Dispatch-predicate comparison (NONE: always dispatch).
enum class PredicateOp : uint8_t { NONE = 0, EQ, NE, GT, LT, GE, LE };

inline constexpr int32_t INVALID_KERNEL_ID = -1;

// Kernel ids (func_ids) per lane of a task; INVALID_KERNEL_ID leaves a lane
// idle.
struct MixedKernels {
  int32_t aic_kernel_id = INVALID_KERNEL_ID;
  int32_t aiv0_kernel_id = INVALID_KERNEL_ID;
  int32_t aiv1_kernel_id = INVALID_KERNEL_ID;
};

struct ChipTensor;
class TaskOutputTensors;

namespace taskc::host::detail {

// Mirrors abi::Limits; the library checks that they agree. Repeated here so
// that this header needs nothing but the standard library.
constexpr uint32_t kMaxTensorRank = 5;
constexpr uint32_t kMaxCoreTensorArgs = 32;
constexpr uint32_t kMaxCoreScalarArgs = 16;

// Bytes per element on the host (see the memory model); 0 for a value
// outside the enum.
uint32_t dtype_size(DataType dtype);
// "FLOAT32", ...; "INVALID" for a value outside the enum.
const char* dtype_name(DataType dtype);

ChipTensor make_view(const ChipTensor& source, const uint32_t shapes[],
                     const uint32_t offsets[], bool manual_dep);
ChipTensor make_reshape(const ChipTensor& source, const uint32_t shapes[],
                        uint32_t ndims, bool manual_dep);
// Records a non-fatal error against the running orchestration (stderr when
// none runs on this thread).
void report_error(const char* message);
// "<what>(<index>): index out of range; there are <count>".
void report_index_error(const char* what, uint32_t index, uint32_t count);

// The DataType code a scalar of type T is recorded with (for the dump).
template <typename T>
constexpr uint8_t scalar_dtype_code() {
  using U = std::remove_cv_t<std::remove_reference_t<T>>;
  DataType dtype = DataType::UINT64;
  if constexpr (std::is_same_v<U, float> || std::is_same_v<U, double>) {
    dtype = DataType::FLOAT32;
  } else if constexpr (std::is_same_v<U, bool>) {
    dtype = DataType::BOOL;
  } else if constexpr (std::is_integral_v<U> && sizeof(U) == 1) {
    dtype = std::is_signed_v<U> ? DataType::INT8 : DataType::UINT8;
  } else if constexpr (std::is_integral_v<U> && sizeof(U) == 2) {
    dtype = std::is_signed_v<U> ? DataType::INT16 : DataType::UINT16;
  } else if constexpr (std::is_integral_v<U> && sizeof(U) == 4) {
    dtype = std::is_signed_v<U> ? DataType::INT32 : DataType::UINT32;
  } else if constexpr (std::is_integral_v<U> && sizeof(U) == 8) {
    dtype = std::is_signed_v<U> ? DataType::INT64 : DataType::UINT64;
  }
  return static_cast<uint8_t>(dtype);
}

}  // namespace taskc::host::detail

// A tensor descriptor. The contract fields (ndims, dtype, shapes, view,
// reshape) are what generated code uses; the host fields describe where the
// elements live (see the memory model in taskc_orchestration_api.h).
struct ChipTensor {
  // Host fields.
  void* buffer = nullptr;
  uint64_t buffer_bytes = 0;
  uint64_t start_offset = 0;  // bytes from buffer to element (0, ..., 0)
  uint32_t strides[taskc::host::detail::kMaxTensorRank] = {};  // elements
  // The task that allocated the buffer (alloc_tensors or a task-allocated
  // output); invalid() for entry tensors.
  PTO2TaskId owner_task_id = PTO2TaskId::invalid();
  // Dependency tracking by creator only (no tensor-map lookup or insert).
  bool manual_dep = false;

  // Contract fields.
  uint32_t ndims = 0;
  DataType dtype = DataType::FLOAT32;
  uint32_t shapes[taskc::host::detail::kMaxTensorRank] = {};

  // A window of this tensor with the same rank. A view with an extent 0 is
  // empty and takes any offsets; otherwise out-of-bounds offsets are a
  // reported error and yield an empty view.
  ChipTensor view(const uint32_t view_shapes[], const uint32_t view_offsets[],
                  bool in_manual_dep = false) const {
    return taskc::host::detail::make_view(*this, view_shapes, view_offsets,
                                          in_manual_dep);
  }
  // The same elements under another shape; the tensor must be dense
  // (row-major without gaps) and the element counts must agree.
  ChipTensor reshape(const uint32_t new_shapes[], uint32_t new_ndims,
                     bool in_manual_dep = false) const {
    return taskc::host::detail::make_reshape(*this, new_shapes, new_ndims,
                                             in_manual_dep);
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

// Shape, dtype and optional fill value of a tensor the runtime allocates
// (alloc_tensors, or add_output of a task).
struct TensorCreateInfo {
  TensorCreateInfo() = default;
  TensorCreateInfo(const uint32_t create_shapes[], uint32_t create_ndims,
                   DataType create_dtype = DataType::FLOAT32,
                   bool create_manual_dep = false)
      : ndims(create_ndims), dtype(create_dtype), manual_dep(create_manual_dep) {
    const uint32_t copied = create_ndims < taskc::host::detail::kMaxTensorRank
                                ? create_ndims
                                : taskc::host::detail::kMaxTensorRank;
    for (uint32_t k = 0; k < copied; ++k) shapes[k] = create_shapes[k];
  }

  // The runtime stores to_u64(value) and fills every element with its
  // first element-size bytes, so `value` must have the element's C type
  // (float for FLOAT32, the uint16_t bits for FLOAT16 / BFLOAT16, ...).
  template <typename T = uint64_t>
  void set_initial_value(T value) {
    has_initial_value = true;
    initial_value = to_u64(value);
  }

  uint64_t buffer_size_bytes() const {
    uint64_t total = taskc::host::detail::dtype_size(dtype);
    for (uint32_t k = 0; k < ndims && k < taskc::host::detail::kMaxTensorRank;
         ++k) {
      total *= shapes[k];
    }
    return total;
  }

  uint64_t initial_value = 0;
  bool has_initial_value = false;
  uint32_t ndims = 0;  // the runtime rejects ndims outside 1..5
  DataType dtype = DataType::FLOAT32;
  bool manual_dep = false;
  uint32_t shapes[taskc::host::detail::kMaxTensorRank] = {};
};

// Dispatch predicate operand: one element of a tensor (tensor + ndims +
// indices, as get_tensor_data). The tensor is borrowed until submit.
struct CorePredicateOperand {
  const ChipTensor* tensor{nullptr};
  uint32_t ndims{0};
  uint32_t indices[MAX_TENSOR_DIMS]{};
};

// operand OP target, evaluated when the task is ready: the element's bytes,
// sign-extended, compared with `target`. False: the task's kernels are
// skipped but its dependents still run.
struct CoreTaskPredicate {
  CorePredicateOperand operand;
  PredicateOp op{PredicateOp::NONE};
  int64_t target{0};
};

// What alloc_tensors and the submit functions return: the task id and the
// tensors the runtime allocated for it (add_output(TensorCreateInfo) order).
// The tensors are owned by the runtime.
class TaskOutputTensors {
 public:
  TaskOutputTensors() = default;

  bool empty() const { return count_ == 0; }
  uint32_t size() const { return count_; }
  PTO2TaskId task_id() const { return task_id_; }

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

  // Runtime side.
  void materialize_output(const ChipTensor& tensor) {
    if (count_ < taskc::host::detail::kMaxCoreTensorArgs) {
      tensors_[count_++] = &tensor;
    }
  }
  void set_task_id(PTO2TaskId id) { task_id_ = id; }

 private:
  PTO2TaskId task_id_ = PTO2TaskId::invalid();
  const ChipTensor* tensors_[taskc::host::detail::kMaxCoreTensorArgs] = {};
  uint32_t count_ = 0;
};

#endif  // TASKC_RUNTIME_ABI_TASKC_API_TYPES_H
