// Task features of the v2 API on the host runtime: three-lane tasks,
// dispatch predicates, initial values, task-allocated outputs, hints and
// timing slots, the run's core geometry, and what the run counts.
#include "host_runtime.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "host_runtime_test_support.h"

using namespace taskc::host;
using namespace taskc::host::test;
namespace abi = taskc::abi;

namespace {

// --- three lanes, each its own kernel ------------------------------------------------

// Lane kernels: each writes its own element of out (slot 1), so the result
// shows which kernels ran on which lane.
void lane_writer_aic(int64_t* args) { float_at(tensor_arg(args, 1), 0) = 10.0f; }
void lane_writer_add(int64_t* args) {
  float_at(tensor_arg(args, 1), 1) = float_at(tensor_arg(args, 0), 0) + 1.0f;
}
void lane_writer_mul(int64_t* args) {
  float_at(tensor_arg(args, 1), 2) = float_at(tensor_arg(args, 0), 0) * 3.0f;
}

abi::ChipCallable lane_kernels(const std::vector<ArgDirection>& mul_signature) {
  KernelRegistry registry;
  registry.add("lane_matmul", abi::CoreType::AIC, {IN, INOUT}, lane_writer_aic);
  registry.add_aiv("lane_add", {IN, INOUT}, lane_writer_add);
  registry.add_aiv("lane_mul", mul_signature, lane_writer_mul);
  return registry.chip();
}

MixedKernels g_lanes = {0, 1, 2};

void three_lane_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  const ChipTensor& ext_out = orch_args.tensor(1).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_input(ext_x);
    params_t0.add_inout(ext_out);
    rt_submit_task(g_lanes, params_t0);
  }
}

TEST_CASE("a three-lane task runs each lane's own kernel on one payload") {
  const bool with_aic = GENERATE(true, false);
  g_lanes = with_aic ? MixedKernels{0, 1, 2} : MixedKernels{INVALID_KERNEL_ID, 1, 2};
  std::vector<float> x(1, 2.0f), out(3, 0.0f);
  HostRuntime runtime(lane_kernels({IN, INOUT}));
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  runtime.bind_tensor(out, DataType::FLOAT32, {3});
  const RunResult result = runtime.run(config_with_args<2>, three_lane_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(out[0] == (with_aic ? 10.0f : 0.0f));
  CHECK(out[1] == 3.0f);
  CHECK(out[2] == 6.0f);
  CHECK(result.kernel_invocations == (with_aic ? 3u : 2u));
  CHECK(result.kernels_used == (with_aic ? 3u : 2u));
}

TEST_CASE("the signature check covers every active lane") {
  g_lanes = MixedKernels{INVALID_KERNEL_ID, 1, 2};
  std::vector<float> x(1, 2.0f), out(3, 0.0f);
  HostRuntime runtime(lane_kernels({IN, OUT}));
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  runtime.bind_tensor(out, DataType::FLOAT32, {3});
  const RunResult result = runtime.run(config_with_args<2>, three_lane_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "task 0: lane aiv1 kernel 'lane_mul' (func_id 2): "
                                   "payload tensor 1 was added with add_inout but "
                                   "signature entry 1 is OUT"));
  CHECK(out == std::vector<float>(3, 0.0f));
}

// --- dispatch predicates ------------------------------------------------------------

PredicateOp g_predicate_op = PredicateOp::GT;
uint32_t g_predicate_index = 1;

// t0: x += 1 when flag[index] OP 0; t1 (reads x) runs either way.
void predicate_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_flag = orch_args.tensor(0).ref();  // INT32 [2]
  const ChipTensor& ext_x = orch_args.tensor(1).ref();
  const ChipTensor& ext_y = orch_args.tensor(2).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_inout(ext_x);
    params_t0.add_scalar(to_u64(1.0f));
    CoreTaskPredicate predicate;
    predicate.operand.tensor = &ext_flag;
    predicate.operand.ndims = 1;
    predicate.operand.indices[0] = g_predicate_index;
    predicate.op = g_predicate_op;
    predicate.target = 0;
    params_t0.set_predicate(predicate);
    rt_submit_aiv_task(KERNEL_INCREMENT, params_t0);
    CoreTaskArgs params_t1;
    params_t1.add_input(ext_x);
    params_t1.add_output(ext_y);
    params_t1.add_scalar(to_u64(100.0f));
    rt_submit_aiv_task(KERNEL_ADD_SCALAR, params_t1);
  }
}

RunResult run_predicate(int32_t flag_value, PredicateOp op, std::vector<float>& x,
                        std::vector<float>& y) {
  g_predicate_op = op;
  std::vector<int32_t> flag = {7, flag_value};
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{2, "", true});
  runtime.bind_tensor(flag, DataType::INT32, {2});
  runtime.bind_tensor(x, DataType::FLOAT32, {2});
  runtime.bind_tensor(y, DataType::FLOAT32, {2});
  return runtime.run(config_with_args<3>, predicate_entry);
}

TEST_CASE("a true predicate runs the task; a false one skips only the kernel") {
  std::vector<float> x(2, 1.0f), y(2, 0.0f);
  RunResult result = run_predicate(5, PredicateOp::GT, x, y);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(x == std::vector<float>(2, 2.0f));
  CHECK(y == std::vector<float>(2, 102.0f));
  CHECK(result.tasks_skipped == 0);

  x.assign(2, 1.0f);
  y.assign(2, 0.0f);
  result = run_predicate(-5, PredicateOp::GT, x, y);  // sign-extended: -5 > 0 false
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(x == std::vector<float>(2, 1.0f));    // skipped
  CHECK(y == std::vector<float>(2, 101.0f));  // the dependent still ran
  CHECK(result.tasks_skipped == 1);
  CHECK(result.tasks_run == 1);
  CHECK(result.kernel_tasks == 2);

  x.assign(2, 1.0f);
  result = run_predicate(-5, PredicateOp::LE, x, y);
  REQUIRE(result.ok());
  CHECK(x == std::vector<float>(2, 2.0f));
}

TEST_CASE("a predicate element out of bounds is an error, not a stray read") {
  std::vector<float> x(2, 1.0f), y(2, 0.0f);
  g_predicate_index = 2;  // flag has 2 elements
  const RunResult result = run_predicate(1, PredicateOp::EQ, x, y);
  g_predicate_index = 1;
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "task 0: the dispatch predicate: element index [2] "
                                   "out of bounds of shape [2]"));
  CHECK(x == std::vector<float>(2, 1.0f));
  CHECK(result.tasks_run == 0);
}

// --- initial values and task-allocated outputs ------------------------------------------

DataType g_fill_dtype = DataType::FLOAT32;
bool g_fill_with_double = false;

// Allocates a [3] tensor with an initial value and copies its raw bytes to
// the INT64 entry tensor (one element per word) with get_tensor_data.
void initial_value_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_bits = orch_args.tensor(0).ref();  // UINT64 [3]
  PTO2_SCOPE() {
    uint32_t shapes[1] = {3};
    TensorCreateInfo ci(shapes, 1, g_fill_dtype);
    if (g_fill_with_double) {
      ci.set_initial_value(77.0);
    } else if (g_fill_dtype == DataType::FLOAT32) {
      ci.set_initial_value(77.5f);
    } else if (g_fill_dtype == DataType::INT8) {
      ci.set_initial_value(static_cast<int8_t>(-3));
    } else {
      ci.set_initial_value(static_cast<uint16_t>(0x3f80));  // BFLOAT16 1.0
    }
    TaskOutputTensors alloc_0 = alloc_tensors(ci);
    const ChipTensor& t = alloc_0.get_ref(0);
    for (uint32_t i = 0; i < 3; ++i) {
      const uint32_t index[1] = {i};
      set_tensor_data(ext_bits, 1, index, get_tensor_data(t, 1, index));
    }
  }
}

std::vector<uint64_t> fill_bits(DataType dtype, bool with_double = false) {
  g_fill_dtype = dtype;
  g_fill_with_double = with_double;
  std::vector<uint64_t> bits(3, 0xdeadbeef);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(bits, DataType::UINT64, {3});
  const RunResult result = runtime.run(config_with_args<1>, initial_value_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  return bits;
}

TEST_CASE("set_initial_value fills every element with to_u64(v)'s first bytes") {
  float f = 77.5f;
  uint32_t f_bits = 0;
  std::memcpy(&f_bits, &f, 4);
  CHECK(fill_bits(DataType::FLOAT32) == std::vector<uint64_t>(3, f_bits));
  CHECK(fill_bits(DataType::INT8) == std::vector<uint64_t>(3, 0xFD));
  CHECK(fill_bits(DataType::BFLOAT16) == std::vector<uint64_t>(3, 0x3f80));
  double d = 77.0;
  uint64_t d_bits = 0;
  std::memcpy(&d_bits, &d, 8);
  CHECK(fill_bits(DataType::INT64, true) == std::vector<uint64_t>(3, d_bits));
  // A double for an FP32 tensor fills its low four bytes: 0.0f, as on the
  // device.
  CHECK(fill_bits(DataType::FLOAT32, true) == std::vector<uint64_t>(3, 0));
}

bool g_consumer_depends = true;

// t0 allocates mid itself (add_output(TensorCreateInfo)); t1 updates it in
// the automatic scope (the creator edge orders it), t2 reads it in a
// manual scope (only its dependencies order and retain).
void task_output_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_out = orch_args.tensor(1).ref();
  PTO2_SCOPE() {
    uint32_t shapes[1] = {ext_a.shapes[0]};
    TensorCreateInfo mid_ci(shapes, 1, DataType::FLOAT32);
    mid_ci.set_initial_value(-1.0f);
    CoreTaskArgs params_t0;
    params_t0.add_output(mid_ci);
    params_t0.add_scalar(to_u64(4.0f));
    TaskOutputTensors t0 = rt_submit_aiv_task(KERNEL_SLOW_FILL, params_t0);
    const ChipTensor& mid = t0.get_ref(0);
    CHECK(t0.size() == 1);
    CHECK(mid.owner_task_id == t0.task_id());
    CoreTaskArgs params_t1;
    params_t1.add_inout(mid);
    params_t1.add_scalar(to_u64(1.0f));
    TaskOutputTensors t1 = rt_submit_aiv_task(KERNEL_INCREMENT, params_t1);
    PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
      CoreTaskArgs params_t2;
      params_t2.add_input(mid);
      params_t2.add_input(ext_a);
      params_t2.add_output(ext_out);
      PTO2TaskId deps[] = {t1.task_id(), t0.task_id()};
      params_t2.set_dependencies(deps, g_consumer_depends ? 2 : 0);
      rt_submit_aiv_task(KERNEL_ADD, params_t2);
    }
  }
}

TEST_CASE("a task-allocated output is ordered and kept alive by its creator") {
  const uint32_t threads = GENERATE(1u, 2u);
  g_consumer_depends = true;
  std::vector<float> a = {1, 2, 3}, out(3, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{threads, "", true});
  runtime.bind_tensor(a, DataType::FLOAT32, {3});
  runtime.bind_tensor(out, DataType::FLOAT32, {3});
  const RunResult result = runtime.run(config_with_args<2>, task_output_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(out == std::vector<float>{6, 7, 8});
}

TEST_CASE("a manual-scope reader of a task-allocated output needs its creator") {
  g_consumer_depends = false;
  std::vector<float> a = {1, 2, 3}, out(3, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{1, "", true});
  runtime.bind_tensor(a, DataType::FLOAT32, {3});
  runtime.bind_tensor(out, DataType::FLOAT32, {3});
  const RunResult result = runtime.run(config_with_args<2>, task_output_entry);
  bool lifetime = false, race = false;
  for (const std::string& error : result.errors) {
    lifetime |= contains(error, "task 2 (kernel_add) uses output slot 0 of task 0");
    race |= contains(error, "race: task 1 (kernel_increment) writes slot 0 and "
                            "task 2 (kernel_add) reads slot 0");
  }
  INFO(result.error_text());
  CHECK(lifetime);
  CHECK(race);
  g_consumer_depends = true;
}

// --- hints, timing slots, core geometry ----------------------------------------------------

int32_t g_clusters_seen = 0, g_aiv_seen = 0;
int16_t g_sync_blocks = 2;

void hints_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  g_clusters_seen = rt_available_cluster_count();
  g_aiv_seen = rt_available_aiv_count();
  PTO2_SCOPE() {
    for (int32_t i = 0; i < 3; ++i) {
      CoreTaskArgs params;
      params.add_inout(ext_x);
      params.add_scalar(to_u64(1.0f));
      params.set_allow_early_resolve(true);
      params.set_task_timing_slot(i == 2 ? 9 : 3);
      rt_submit_aiv_task(KERNEL_INCREMENT, params);
    }
    CoreTaskArgs wide;
    wide.add_input(ext_x);
    wide.add_scalar(uint64_t{0});
    wide.launch_spec.set_block_num(g_sync_blocks);
    wide.launch_spec.set_require_sync_start(true);
    rt_submit_aic_task(KERNEL_RECORD_AIC, wide);
  }
}

TEST_CASE("hints are accepted, timing slots recorded, geometry configurable") {
  std::vector<float> x(1, 0.0f);
  HostRuntimeOptions options;
  options.record_timing = true;
  options.available_clusters = 6;
  options.available_aiv = 12;
  g_sync_blocks = 6;
  HostRuntime runtime(standard_kernels(), options);
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, hints_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(g_clusters_seen == 6);
  CHECK(g_aiv_seen == 12);
  CHECK(x[0] == 3.0f);
  REQUIRE(result.timing.size() == 2);
  CHECK(result.timing[0].slot == 3);
  CHECK(result.timing[0].tasks == 2);
  CHECK(result.timing[0].max_ns <= result.timing[0].total_ns);
  CHECK(result.timing[1].slot == 9);
  CHECK(result.timing[1].tasks == 1);
}

TEST_CASE("a synchronous start wider than the clusters is fatal") {
  std::vector<float> x(1, 0.0f);
  HostRuntimeOptions options;
  options.available_clusters = 6;
  g_sync_blocks = 7;
  HostRuntime runtime(standard_kernels(), options);
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, hints_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "task 3: require_sync_start with block_num 7 > "
                                   "6 clusters available"));
  CHECK(contains(result.errors[0], "PTO2_ERROR_REQUIRE_SYNC_START_INVALID"));
  CHECK(result.timing.empty());  // not asked for
}

void bad_timing_slot_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params;
    params.add_inout(ext_x);
    params.add_scalar(to_u64(1.0f));
    params.set_task_timing_slot(16);
    rt_submit_aiv_task(KERNEL_INCREMENT, params);
  }
}

TEST_CASE("a timing slot out of 0..15 makes the submit fatal") {
  std::vector<float> x(1, 0.0f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, bad_timing_slot_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "invalid CoreTaskArgs: task_timing_slot out of "
                                   "range (valid: 0..15)"));
  CHECK(result.kernel_tasks == 0);
  CHECK(x[0] == 0.0f);
}

}  // namespace
