// CoreTaskArgs, the payload of one task, with its launch spec (which
// differs per target: a2a3 has set_block_num, a5 set_core_num), explicit
// dependencies, hints, dispatch predicate and dump marks. Names, call shapes
// and error behaviour follow the PTO runtime's Arg: tensors are stored by
// address (they must outlive the submit; temporaries do not compile), and a
// misuse (too many arguments, a tensor after a scalar, set_dependencies
// twice, ...) records `error_msg`, which makes the submit a fatal error.
#ifndef TASKC_RUNTIME_ABI_TASKC_API_TASK_ARGS_H
#define TASKC_RUNTIME_ABI_TASKC_API_TASK_ARGS_H

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "taskc_api_types.h"

#if defined(TASKC_HOST_TARGET_A5) && defined(TASKC_HOST_TARGET_A2A3)
#error "pto_orchestration_api.h: both the a5 and the a2a3 variant are selected"
#endif

// SPMD launch parameters of one task. The storage is the same on both
// targets (the library reads it through taskc_launch_width()); only the
// accessors the target's runtime has are declared.
class PTO2LaunchSpec {
 public:
#if defined(TASKC_HOST_TARGET_A5)
  int16_t core_num() const { return width_; }
  void set_core_num(int16_t n) { width_ = n; }
#else
  int16_t block_num() const { return width_; }
  void set_block_num(int16_t n) { width_ = n; }
#endif
  bool require_sync_start() const { return require_sync_start_; }
  void set_require_sync_start(bool v) { require_sync_start_ = v; }

  // Host side: block_num (a2a3) or core_num (a5).
  int16_t taskc_launch_width() const { return width_; }

 private:
  int16_t width_ = 1;
  bool require_sync_start_ = false;
};

// One tensor slot of CoreTaskArgs: the address of the ChipTensor it was
// added from, or of the TensorCreateInfo for an OUTPUT slot.
class TensorRef {
 public:
  const ChipTensor& ref() const { return *static_cast<const ChipTensor*>(ptr_); }
  const TensorCreateInfo& create_info() const {
    return *static_cast<const TensorCreateInfo*>(ptr_);
  }
  bool refers_to(const ChipTensor* t) const { return ptr_ == t; }
  bool refers_to(const TensorCreateInfo* ci) const { return ptr_ == ci; }

 private:
  friend class CoreTaskArgs;
  const void* ptr_ = nullptr;
};

class CoreTaskArgs {
  static constexpr int32_t kMaxTensors =
      static_cast<int32_t>(taskc::host::detail::kMaxCoreTensorArgs);
  static constexpr int32_t kMaxScalars =
      static_cast<int32_t>(taskc::host::detail::kMaxCoreScalarArgs);

  template <typename T>
  static constexpr bool is_scalar_arg_v =
      std::is_arithmetic_v<std::remove_cv_t<std::remove_reference_t<T>>> ||
      std::is_enum_v<std::remove_cv_t<std::remove_reference_t<T>>>;
  template <typename T>
  static constexpr bool is_tensor_v =
      std::is_same_v<std::decay_t<T>, ChipTensor>;
  template <typename T>
  static constexpr bool is_create_info_v =
      std::is_same_v<std::decay_t<T>, TensorCreateInfo>;

 public:
  CoreTaskArgs() = default;
  CoreTaskArgs(const CoreTaskArgs&) = delete;
  CoreTaskArgs& operator=(const CoreTaskArgs&) = delete;

  bool has_error{false};
  const char* error_msg{nullptr};
  PTO2LaunchSpec launch_spec;

  // --- tensors (all before any scalar) ---
  template <typename... Args>
  void add_input(Args&&... args) {
    assert_tensor_args<false, Args...>();
    store_tensors(TensorArgType::INPUT, args...);
  }
  // All ChipTensor (OUTPUT_EXISTING: written into an existing buffer) or all
  // TensorCreateInfo (OUTPUT: the runtime allocates the buffer; the tensor
  // is in the submit's TaskOutputTensors).
  template <typename... Args>
  void add_output(Args&&... args) {
    assert_tensor_args<true, Args...>();
    if constexpr ((is_create_info_v<Args> && ...)) {
      store_tensors(TensorArgType::OUTPUT, args...);
    } else {
      store_tensors(TensorArgType::OUTPUT_EXISTING, args...);
    }
  }
  template <typename... Args>
  void add_inout(Args&&... args) {
    assert_tensor_args<false, Args...>();
    store_tensors(TensorArgType::INOUT, args...);
  }
  // No tensor-map lookup or insert; the creator is still depended on.
  template <typename... Args>
  void add_no_dep(Args&&... args) {
    assert_tensor_args<false, Args...>();
    store_tensors(TensorArgType::NO_DEP, args...);
  }

  // --- scalars: each value's to_u64 ---
  template <typename... Args>
  void add_scalar(Args&&... args) {
    static_assert(sizeof...(Args) >= 1, "add_scalar: at least one argument required");
    static_assert((is_scalar_arg_v<Args> && ...),
                  "add_scalar: all types must be arithmetic or enum");
    if (scalar_count_ + static_cast<int32_t>(sizeof...(Args)) > kMaxScalars) {
      set_error("Too many scalar args (max 16)");
      return;
    }
    (add_scalar_one(std::forward<Args>(args)), ...);
  }
  void add_scalars(const uint64_t* values, int count) {
    if (count < 0 || scalar_count_ + count > kMaxScalars) {
      set_error("Too many scalar args (max 16)");
      return;
    }
    for (int i = 0; i < count; ++i) add_raw_scalar(values[i], 0, kUnknownDtype);
  }
  // Each int32 bit pattern zero-extended (-1 becomes 0x00000000FFFFFFFF).
  void add_scalars_i32(const int32_t* values, int count) {
    if (count < 0 || scalar_count_ + count > kMaxScalars) {
      set_error("Too many scalar args (max 16)");
      return;
    }
    for (int i = 0; i < count; ++i) {
      add_raw_scalar(static_cast<uint32_t>(values[i]), 0, kUnknownDtype);
    }
  }
  void copy_scalars_from(const CoreTaskArgs& src, int src_offset, int count) {
    if (src_offset < 0 || count < 0 || src_offset + count > src.scalar_count_) {
      set_error("Source scalar range out of bounds in copy_scalars_from");
      return;
    }
    if (scalar_count_ + count > kMaxScalars) {
      set_error("Too many scalar args (max 16)");
      return;
    }
    for (int i = 0; i < count; ++i) {
      add_raw_scalar(src.scalars_[src_offset + i], 0,
                     src.scalar_dtypes_[src_offset + i]);
    }
  }

  // --- explicit dependencies (stored by address: the array must outlive
  // the submit). count 0 clears; a second non-empty call is an error. ---
  void set_dependencies(const PTO2TaskId* deps, uint32_t count) {
    store_dependencies(deps, nullptr, count, false);
  }
  void set_dependencies_with_kinds(const PTO2TaskId* deps,
                                   const DepFlags* kinds, uint32_t count) {
    if (count > 0 && kinds == nullptr) {
      set_error(
          "set_dependencies_with_kinds: deps and kinds must not be null when "
          "count > 0");
      return;
    }
    store_dependencies(deps, kinds, count, true);
  }
  uint32_t explicit_dep_count() const { return explicit_dep_count_; }
  PTO2TaskId explicit_dep(uint32_t index) const { return explicit_deps_[index]; }
  // DEP_WAIT | DEP_RETAIN unless set_dependencies_with_kinds said otherwise.
  DepFlags explicit_dep_kind(uint32_t index) const {
    return explicit_dep_kinds_ != nullptr ? explicit_dep_kinds_[index]
                                          : (DEP_WAIT | DEP_RETAIN);
  }
  const PTO2TaskId* explicit_deps_data() const { return explicit_deps_; }

  // --- hints and predicate ---
  void set_allow_early_resolve(bool v = true) { allow_early_resolve_ = v; }
  bool allow_early_resolve() const { return allow_early_resolve_; }
  void set_predicate(const CoreTaskPredicate& pred) { predicate_ = pred; }
  const CoreTaskPredicate& predicate() const { return predicate_; }
  void set_task_timing_slot(int32_t slot) {
    if (slot < 0 || slot >= NUM_TASK_TIMING_SLOTS) {
      set_error("task_timing_slot out of range (valid: 0..15)");
      return;
    }
    task_timing_slot_ = slot;
  }
  int32_t task_timing_slot() const { return task_timing_slot_; }

  // --- selective dump marks: dump(x, ci, s) marks those arguments (tensors
  // by reference among the non-OUTPUT slots, create-infos among the OUTPUT
  // slots, scalars by the variable they were added from); dump() marks
  // every argument added so far. ---
  template <typename... Args>
  void dump(Args&&... args) {
    static_assert((std::is_lvalue_reference_v<Args> && ...),
                  "dump: temporaries are not allowed — pass tensors/scalars "
                  "already added to this Arg");
    static_assert(((is_tensor_v<Args> || is_create_info_v<Args> ||
                    is_scalar_arg_v<Args>) && ...),
                  "dump: all arguments must be ChipTensor, TensorCreateInfo, "
                  "or scalar lvalues");
    if constexpr (sizeof...(Args) == 0) {
      if (tensor_count_ == 0 && scalar_count_ == 0) {
        set_error("dump: no arguments added to this Arg");
        return;
      }
      for (int32_t i = 0; i < tensor_count_ + scalar_count_; ++i) mark(i);
    } else {
      (mark_dump_arg(args), ...);
    }
  }
  // Bit i: tensor slot i; bit tensor_count + j: scalar j.
  uint64_t dump_arg_mask() const { return dump_arg_mask_; }
  // Marked scalars whose variable was added more than once (the first match
  // is marked).
  uint64_t dump_arg_index_ambiguous_mask() const { return dump_ambiguous_mask_; }

  void clear() {
    tensor_count_ = 0;
    scalar_count_ = 0;
    dump_arg_mask_ = 0;
    dump_ambiguous_mask_ = 0;
    explicit_deps_ = nullptr;
    explicit_dep_kinds_ = nullptr;
    explicit_dep_count_ = 0;
    allow_early_resolve_ = false;
    predicate_ = CoreTaskPredicate{};
    task_timing_slot_ = TASK_TIMING_SLOT_NONE;
  }
  void reset() {
    clear();
    has_error = false;
    error_msg = nullptr;
  }
  // Keeps the first error.
  void set_error(const char* msg) {
    if (!has_error) {
      has_error = true;
      error_msg = msg;
    }
  }

  // --- reading the payload (the runtime side) ---
  int32_t tensor_count() const { return tensor_count_; }
  int32_t scalar_count() const { return scalar_count_; }
  const TensorRef& tensor(int32_t i) const { return tensors_[i]; }
  TensorArgType tag(int32_t i) const { return tags_[i]; }
  uint64_t scalar(int32_t i) const { return scalars_[i]; }
  // DataType code per scalar (0xFF: added as a raw word, type unknown).
  const uint8_t* scalar_dtypes() const { return scalar_dtypes_; }

 private:
  static constexpr uint8_t kUnknownDtype = 0xFF;

  // Compile-time checks as on the device: lvalues only (the slot keeps the
  // address), of the right types.
  template <bool is_output, typename... Args>
  static void assert_tensor_args() {
    static_assert(sizeof...(Args) >= 1, "at least one argument required");
    static_assert((std::is_lvalue_reference_v<Args> && ...),
                  "temporaries are not allowed — stored pointers would dangle "
                  "after the call");
    if constexpr (is_output) {
      static_assert((is_tensor_v<Args> && ...) || (is_create_info_v<Args> && ...),
                    "add_output: all arguments must be the same type (all "
                    "ChipTensor or all TensorCreateInfo)");
    } else {
      static_assert((is_tensor_v<Args> && ...), "all arguments must be ChipTensor");
    }
  }

  template <typename... Refs>
  void store_tensors(TensorArgType tag, const Refs&... args) {
    if (scalar_count_ != 0) {
      set_error(
          "add_input/add_output/add_inout called after add_scalar: all "
          "tensors must be added before any scalars");
      return;
    }
    if (tensor_count_ + static_cast<int32_t>(sizeof...(Refs)) > kMaxTensors) {
      set_error("Too many tensor args (max 32)");
      return;
    }
    ((tensors_[tensor_count_].ptr_ = &args, tags_[tensor_count_] = tag,
      ++tensor_count_),
     ...);
  }

  template <typename T>
  void add_scalar_one(T&& value) {
    uintptr_t source = 0;
    if constexpr (std::is_lvalue_reference_v<T>) {
      source = reinterpret_cast<uintptr_t>(&value);
    }
    add_raw_scalar(to_u64(value), source,
                   taskc::host::detail::scalar_dtype_code<T>());
  }
  void add_raw_scalar(uint64_t raw, uintptr_t source, uint8_t dtype) {
    scalars_[scalar_count_] = raw;
    scalar_sources_[scalar_count_] = source;
    scalar_dtypes_[scalar_count_] = dtype;
    ++scalar_count_;
  }

  void store_dependencies(const PTO2TaskId* deps, const DepFlags* kinds,
                          uint32_t count, bool with_kinds) {
    if (count == 0) {
      explicit_deps_ = nullptr;
      explicit_dep_kinds_ = nullptr;
      explicit_dep_count_ = 0;
      return;
    }
    if (deps == nullptr) {
      set_error(with_kinds ? "set_dependencies_with_kinds: deps and kinds must "
                             "not be null when count > 0"
                           : "set_dependencies: deps must not be null when "
                             "count > 0");
      return;
    }
    if (explicit_deps_ != nullptr) {
      set_error(with_kinds ? "set_dependencies_with_kinds: may be called at "
                             "most once per Arg"
                           : "set_dependencies: may be called at most once per "
                             "Arg");
      return;
    }
    explicit_deps_ = deps;
    explicit_dep_kinds_ = kinds;
    explicit_dep_count_ = count;
  }

  void mark(int32_t index) {
    if (index >= 0 && index < 64) dump_arg_mask_ |= uint64_t{1} << index;
  }
  void mark_dump_arg(const ChipTensor& tensor) {
    for (int32_t i = 0; i < tensor_count_; ++i) {
      if (tags_[i] != TensorArgType::OUTPUT && tensors_[i].refers_to(&tensor)) {
        mark(i);
        return;
      }
    }
    set_error("dump: tensor is not part of this Arg");
  }
  void mark_dump_arg(const TensorCreateInfo& create_info) {
    for (int32_t i = 0; i < tensor_count_; ++i) {
      if (tags_[i] == TensorArgType::OUTPUT &&
          tensors_[i].refers_to(&create_info)) {
        mark(i);
        return;
      }
    }
    set_error("dump: TensorCreateInfo is not part of this Arg");
  }
  template <typename T>
  std::enable_if_t<is_scalar_arg_v<T>> mark_dump_arg(const T& scalar) {
    const uintptr_t source = reinterpret_cast<uintptr_t>(&scalar);
    int32_t first = -1;
    int32_t matches = 0;
    for (int32_t j = 0; j < scalar_count_; ++j) {
      if (scalar_sources_[j] != source) continue;
      if (first < 0) first = j;
      ++matches;
    }
    if (first < 0) {
      set_error("dump: scalar is not part of this Arg");
      return;
    }
    mark(tensor_count_ + first);
    if (matches > 1) dump_ambiguous_mask_ |= uint64_t{1} << (tensor_count_ + first);
  }

  TensorRef tensors_[taskc::host::detail::kMaxCoreTensorArgs];
  TensorArgType tags_[taskc::host::detail::kMaxCoreTensorArgs] = {};
  uint64_t scalars_[taskc::host::detail::kMaxCoreScalarArgs] = {};
  uintptr_t scalar_sources_[taskc::host::detail::kMaxCoreScalarArgs] = {};
  uint8_t scalar_dtypes_[taskc::host::detail::kMaxCoreScalarArgs] = {};
  int32_t tensor_count_ = 0;
  int32_t scalar_count_ = 0;
  const PTO2TaskId* explicit_deps_ = nullptr;
  const DepFlags* explicit_dep_kinds_ = nullptr;
  uint32_t explicit_dep_count_ = 0;
  bool allow_early_resolve_ = false;
  CoreTaskPredicate predicate_;
  int32_t task_timing_slot_ = TASK_TIMING_SLOT_NONE;
  uint64_t dump_arg_mask_ = 0;
  uint64_t dump_ambiguous_mask_ = 0;
};

#endif  // TASKC_RUNTIME_ABI_TASKC_API_TASK_ARGS_H
