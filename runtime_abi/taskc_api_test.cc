// The header-only parts of the orchestration API, checked without a run:
// CoreTaskArgs as the device builds it (addresses, construction errors,
// dump marks, scalar sources and types) and the per-target launch spec.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <type_traits>

#include "pto_orchestration_api.h"

namespace {

ChipTensor tensor_of(float* storage) {
  ChipTensor t;
  t.buffer = storage;
  t.buffer_bytes = 4 * sizeof(float);
  t.ndims = 1;
  t.shapes[0] = 4;
  t.strides[0] = 1;
  return t;
}

TEST_CASE("CoreTaskArgs keeps the address and kind of every tensor slot") {
  float storage[4] = {};
  const ChipTensor a = tensor_of(storage);
  const ChipTensor b = tensor_of(storage);
  uint32_t shapes[1] = {4};
  TensorCreateInfo ci(shapes, 1);
  CoreTaskArgs args;
  args.add_input(a, b);
  args.add_output(ci);
  args.add_output(a);
  args.add_no_dep(b);
  REQUIRE(args.tensor_count() == 5);
  CHECK(args.tensor(0).refers_to(&a));
  CHECK(args.tensor(1).refers_to(&b));
  CHECK(args.tag(0) == TensorArgType::INPUT);
  CHECK(args.tag(2) == TensorArgType::OUTPUT);
  CHECK(&args.tensor(2).create_info() == &ci);
  CHECK(args.tag(3) == TensorArgType::OUTPUT_EXISTING);
  CHECK(args.tag(4) == TensorArgType::NO_DEP);
  CHECK(ci.dtype == DataType::FLOAT32);  // the device's default dtype
  CHECK_FALSE(args.has_error);
  CHECK_FALSE(std::is_copy_constructible_v<CoreTaskArgs>);
}

TEST_CASE("CoreTaskArgs misuse records the device's error message") {
  float storage[4] = {};
  const ChipTensor a = tensor_of(storage);
  PTO2TaskId ids[2] = {PTO2TaskId{0}, PTO2TaskId{1}};

  CoreTaskArgs late_tensor;
  late_tensor.add_scalar(1.0f);
  late_tensor.add_input(a);
  CHECK(late_tensor.has_error);
  CHECK(std::string(late_tensor.error_msg).find("after add_scalar") !=
        std::string::npos);

  CoreTaskArgs twice;
  twice.set_dependencies(ids, 1);
  twice.set_dependencies(ids, 2);
  CHECK(std::string(twice.error_msg) ==
        "set_dependencies: may be called at most once per Arg");

  CoreTaskArgs cleared;  // count 0 clears, so a new set is allowed
  cleared.set_dependencies(ids, 1);
  cleared.set_dependencies(nullptr, 0);
  cleared.set_dependencies(ids, 2);
  CHECK_FALSE(cleared.has_error);
  CHECK(cleared.explicit_dep_count() == 2);
  CHECK(cleared.explicit_dep_kind(1) == (DEP_WAIT | DEP_RETAIN));

  CoreTaskArgs null_deps;
  null_deps.set_dependencies(nullptr, 1);
  CHECK(null_deps.has_error);

  const DepFlags wait_only[1] = {DEP_WAIT};
  CoreTaskArgs kinds;
  kinds.set_dependencies_with_kinds(ids, wait_only, 1);
  CHECK(kinds.explicit_dep_kind(0) == DEP_WAIT);

  CoreTaskArgs too_many;
  for (int i = 0; i < 17; ++i) too_many.add_scalar(uint64_t{1});
  CHECK(std::string(too_many.error_msg) == "Too many scalar args (max 16)");
  CHECK(too_many.scalar_count() == 16);

  CoreTaskArgs slot;
  slot.set_task_timing_slot(15);
  CHECK(slot.task_timing_slot() == 15);
  slot.set_task_timing_slot(-1);
  CHECK(std::string(slot.error_msg) == "task_timing_slot out of range (valid: 0..15)");
}

TEST_CASE("dump marks tensors by reference, create-infos, scalars by variable") {
  float storage[4] = {};
  const ChipTensor a = tensor_of(storage);
  const ChipTensor b = tensor_of(storage);
  const ChipTensor copy_of_a = a;  // the same values, another object
  uint32_t shapes[1] = {4};
  TensorCreateInfo ci(shapes, 1);
  float scale = 0.5f;
  int32_t count = 3;
  CoreTaskArgs args;
  args.add_input(a, b);
  args.add_output(ci);
  args.add_scalar(scale, count, scale);
  args.dump(b, ci, scale);
  // Slots 0 a, 1 b, 2 ci; scalars at 3 + index.
  CHECK(args.dump_arg_mask() == ((1u << 1) | (1u << 2) | (1u << 3)));
  CHECK(args.dump_arg_index_ambiguous_mask() == (1u << 3));  // scale twice
  CHECK_FALSE(args.has_error);
  // Scalar words and their recorded types.
  CHECK(args.scalar(0) == to_u64(0.5f));
  CHECK(args.scalar(1) == 3u);
  CHECK(args.scalar_dtypes()[0] == static_cast<uint8_t>(DataType::FLOAT32));
  CHECK(args.scalar_dtypes()[1] == static_cast<uint8_t>(DataType::INT32));

  args.dump(copy_of_a);
  CHECK(std::string(args.error_msg) == "dump: tensor is not part of this Arg");

  CoreTaskArgs whole;
  whole.add_input(a);
  whole.add_scalar(count);
  whole.dump();
  CHECK(whole.dump_arg_mask() == 0x3u);
  CoreTaskArgs empty;
  empty.dump();
  CHECK(std::string(empty.error_msg) == "dump: no arguments added to this Arg");
}

TEST_CASE("a negative int32 scalar travels zero-extended, as on the device") {
  int32_t minus_one = -1;
  CoreTaskArgs args;
  args.add_scalar(minus_one);
  args.add_scalar((uint64_t)(int32_t)(-1));  // what v1 generated code writes
  CHECK(args.scalar(0) == 0xFFFFFFFFu);
  CHECK(args.scalar(1) == UINT64_MAX);
  const int32_t values[2] = {-1, 7};
  args.add_scalars_i32(values, 2);
  CHECK(args.scalar(2) == 0xFFFFFFFFu);
  CHECK(args.scalar_dtypes()[2] == 0xFF);  // added as raw words
}

// The a2a3 launch spec (this translation unit's) has set_block_num and no
// set_core_num; host_runtime_library_test compiles the a5 one.
template <typename Spec, typename = void>
struct has_set_core_num : std::false_type {};
template <typename Spec>
struct has_set_core_num<Spec, std::void_t<decltype(std::declval<Spec&>().set_core_num(
                                  int16_t{1}))>> : std::true_type {};
template <typename Spec, typename = void>
struct has_set_block_num : std::false_type {};
template <typename Spec>
struct has_set_block_num<Spec, std::void_t<decltype(std::declval<Spec&>().set_block_num(
                                   int16_t{1}))>> : std::true_type {};

TEST_CASE("the default header is a2a3's: set_block_num(int16_t) only") {
  CHECK(has_set_block_num<PTO2LaunchSpec>::value);
  CHECK_FALSE(has_set_core_num<PTO2LaunchSpec>::value);
  PTO2LaunchSpec spec;
  CHECK(spec.block_num() == 1);
  spec.set_block_num(static_cast<int16_t>(-3));
  CHECK(spec.block_num() == -3);
  CHECK(std::is_same_v<decltype(spec.block_num()), int16_t>);
}

}  // namespace
