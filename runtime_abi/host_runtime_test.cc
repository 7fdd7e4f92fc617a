// Runs hand-written orchestrations shaped like taskc's generated code on the
// host runtime: data results, ordering, views, SPMD and mixed tasks, scopes,
// element access, and thread-count independence.
#include "host_runtime.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <vector>

#include "host_runtime_test_support.h"

using namespace taskc::host;
using namespace taskc::host::test;

namespace {

std::vector<float> iota_floats(size_t n, float start) {
  std::vector<float> values(n);
  std::iota(values.begin(), values.end(), start);
  return values;
}

// --- c = a + b --------------------------------------------------------------

void vector_add_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_b = orch_args.tensor(1).ref();
  const ChipTensor& ext_c = orch_args.tensor(2).ref();
  PTO2_SCOPE() {
    // t0: kernel_add
    CoreTaskArgs params_t0;
    params_t0.add_input(ext_a);
    params_t0.add_input(ext_b);
    params_t0.add_output(ext_c);
    rt_submit_aiv_task(0, params_t0);
  }
}

TEST_CASE("vector add computes on the bound host buffers") {
  std::vector<float> a = iota_floats(16, 0), b = iota_floats(16, 100), c(16);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(a, DataType::FLOAT32, {16});
  runtime.bind_tensor(b, DataType::FLOAT32, {16});
  runtime.bind_tensor(c, DataType::FLOAT32, {16});
  const RunResult result = runtime.run(config_with_args<3>, vector_add_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 1);
  CHECK(result.kernel_invocations == 1);
  for (size_t i = 0; i < 16; ++i) CHECK(c[i] == a[i] + b[i]);
}

TEST_CASE("a config whose argument count differs from the bindings fails") {
  std::vector<float> a(4), b(4), c(4);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(a, DataType::FLOAT32, {4});
  runtime.bind_tensor(b, DataType::FLOAT32, {4});
  runtime.bind_tensor(c, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<4>, vector_add_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "expects 4 entry arguments but 3 are bound"));
  CHECK(result.kernel_tasks == 0);
}

TEST_CASE("a buffer smaller than its shape is a binding error") {
  std::vector<float> a(4), b(4), c(4);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(a, DataType::FLOAT32, {4});
  runtime.bind_tensor(b, DataType::FLOAT32, {8});
  runtime.bind_tensor(c, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<3>, vector_add_entry);
  REQUIRE_FALSE(result.ok());
  CHECK(contains(result.errors[0], "entry tensor 1"));
  CHECK(contains(result.errors[0], "needs 32 bytes but the buffer holds 16"));
}

// --- read-after-write through an intermediate -------------------------------

void raw_chain_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_out = orch_args.tensor(1).ref();
  PTO2_SCOPE() {
    uint32_t tmp_shapes[1] = {ext_a.shapes[0]};
    TensorCreateInfo tmp_ci(tmp_shapes, 1, DataType::FLOAT32);
    TaskOutputTensors alloc_0 = alloc_tensors(tmp_ci);
    const ChipTensor& tmp = alloc_0.get_ref(0);
    // t0: kernel_slow_fill (the producer takes its time)
    CoreTaskArgs params_t0;
    params_t0.add_output(tmp);
    params_t0.add_scalar(to_u64(5.0f));
    rt_submit_aiv_task(3, params_t0);
    // t1: kernel_add (reads tmp: must wait for t0)
    CoreTaskArgs params_t1;
    params_t1.add_input(tmp);
    params_t1.add_input(ext_a);
    params_t1.add_output(ext_out);
    rt_submit_aiv_task(0, params_t1);
  }
}

TEST_CASE("a reader waits for the writer of its input") {
  const uint32_t threads = GENERATE(1u, 2u);
  std::vector<float> a = iota_floats(8, 1), out(8);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{threads, "", true});
  runtime.bind_tensor(a, DataType::FLOAT32, {8});
  runtime.bind_tensor(out, DataType::FLOAT32, {8});
  const RunResult result = runtime.run(config_with_args<2>, raw_chain_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  for (size_t i = 0; i < 8; ++i) CHECK(out[i] == a[i] + 5.0f);
}

// --- views and reshape -------------------------------------------------------

void tiles_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();  // [4, 8], inout
  PTO2_SCOPE() {
    // Row tiles [2, 8] get +1, the right column block [4, 4] gets +10.
    for (int64_t i = 0; i < 2; i += 1) {
      PTO2_SCOPE() {
        uint32_t row_shapes[2] = {2, 8};
        uint32_t row_offsets[2] = {static_cast<uint32_t>(i * 2), 0};
        const ChipTensor row = ext_x.view(row_shapes, row_offsets);
        CoreTaskArgs params_t0;
        params_t0.add_inout(row);
        params_t0.add_scalar(to_u64(1.0f));
        rt_submit_aiv_task(2, params_t0);
      }
    }
    uint32_t col_shapes[2] = {4, 4};
    uint32_t col_offsets[2] = {0, 4};
    const ChipTensor col = ext_x.view(col_shapes, col_offsets);
    CoreTaskArgs params_t1;
    params_t1.add_inout(col);
    params_t1.add_scalar(to_u64(10.0f));
    rt_submit_aiv_task(2, params_t1);
    // The whole tensor as [32], elements 30..31 get +100.
    uint32_t flat_shapes[1] = {32};
    const ChipTensor flat = ext_x.reshape(flat_shapes, 1);
    uint32_t tail_shapes[1] = {2};
    uint32_t tail_offsets[1] = {30};
    const ChipTensor tail = flat.view(tail_shapes, tail_offsets);
    CoreTaskArgs params_t2;
    params_t2.add_inout(tail);
    params_t2.add_scalar(to_u64(100.0f));
    rt_submit_aiv_task(2, params_t2);
  }
}

TEST_CASE("views and reshapes follow the tensor's strides") {
  const uint32_t threads = GENERATE(1u, 2u);
  std::vector<float> x(32, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{threads, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {4, 8});
  const RunResult result = runtime.run(config_with_args<1>, tiles_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  for (uint32_t r = 0; r < 4; ++r) {
    for (uint32_t col = 0; col < 8; ++col) {
      float expected = 1.0f + (col >= 4 ? 10.0f : 0.0f);
      if (r * 8 + col >= 30) expected += 100.0f;
      CHECK(x[r * 8 + col] == expected);
    }
  }
}

TEST_CASE("a view records its byte offset and keeps the parent's strides") {
  float storage[32] = {};
  uint32_t shapes[2] = {4, 8};
  ChipTensor parent;
  parent.buffer = storage;
  parent.buffer_bytes = sizeof storage;
  parent.ndims = 2;
  parent.shapes[0] = 4;
  parent.shapes[1] = 8;
  parent.strides[0] = 8;
  parent.strides[1] = 1;
  uint32_t view_shapes[2] = {2, 3};
  uint32_t offsets[2] = {1, 2};
  const ChipTensor view = parent.view(view_shapes, offsets);
  CHECK(view.start_offset == (1 * 8 + 2) * sizeof(float));
  CHECK(view.strides[0] == 8);
  CHECK(view.strides[1] == 1);
  CHECK(view.shapes[0] == 2);
  CHECK(view.shapes[1] == 3);
  (void)shapes;
}

void out_of_bounds_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();  // [4, 8]
  PTO2_SCOPE() {
    uint32_t shapes[2] = {2, 4};
    uint32_t offsets[2] = {0, 6};
    const ChipTensor bad = ext_x.view(shapes, offsets);
    CoreTaskArgs params_t0;
    params_t0.add_inout(bad);
    params_t0.add_scalar(to_u64(1.0f));
    rt_submit_aiv_task(2, params_t0);
    uint32_t flat_shapes[1] = {31};
    const ChipTensor wrong_count = ext_x.reshape(flat_shapes, 1);
    (void)wrong_count;
    uint32_t idx[2] = {4, 0};
    (void)get_tensor_data<float>(ext_x, 2, idx);
  }
}

TEST_CASE("out-of-bounds views, bad reshapes and bad indices are errors") {
  std::vector<float> x(32, 0.0f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {4, 8});
  const RunResult result = runtime.run(config_with_args<1>, out_of_bounds_entry);
  REQUIRE(result.errors.size() == 3);
  CHECK(contains(result.errors[0], "view out of bounds on axis 1"));
  CHECK(contains(result.errors[0], "offset 6 + extent 4 exceeds the source extent 8"));
  CHECK(contains(result.errors[1], "element counts differ"));
  CHECK(contains(result.errors[2], "get_tensor_data"));
  CHECK(contains(result.errors[2], "out of bounds"));
  // The empty view touched nothing.
  for (float v : x) CHECK(v == 0.0f);
}

// --- SPMD and mixed tasks ----------------------------------------------------

void spmd_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_input(ext_x);
    params_t0.add_scalar((uint64_t)(int32_t)7);
    params_t0.launch_spec.set_block_num(4);
    rt_submit_aiv_task(5, params_t0);
  }
}

TEST_CASE("block_num 4 runs the kernel four times with block indices 0..3") {
  InvocationLog::instance().clear();
  std::vector<float> x(2, 3.0f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {2});
  const RunResult result = runtime.run(config_with_args<1>, spmd_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_invocations == 4);
  const std::vector<Invocation> calls = InvocationLog::instance().entries();
  REQUIRE(calls.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(calls[i].block_idx == static_cast<int64_t>(i));
    CHECK(calls[i].block_num == 4);
    CHECK(calls[i].lane == 1);
    CHECK(calls[i].scalar == 7);
  }
  CHECK(taskc_host_block_idx() == -1);  // outside a kernel
}

void mixed_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_input(ext_x);
    params_t0.add_scalar((uint64_t)(int32_t)9);
    params_t0.launch_spec.set_block_num(2);
    params_t0.launch_spec.set_require_sync_start(true);
    MixedKernels mixed_t0 = {6, 5, 5};
    rt_submit_task(mixed_t0, params_t0);
  }
}

TEST_CASE("a mixed task with dual aiv runs three lanes per block") {
  InvocationLog::instance().clear();
  std::vector<float> x(2, 4.5f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {2});
  const RunResult result = runtime.run(config_with_args<1>, mixed_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 1);
  CHECK(result.kernel_invocations == 6);
  const std::vector<Invocation> calls = InvocationLog::instance().entries();
  REQUIRE(calls.size() == 6);
  int lane_counts[3] = {0, 0, 0};
  for (const Invocation& call : calls) {
    REQUIRE(call.lane >= 0);
    REQUIRE(call.lane <= 2);
    ++lane_counts[call.lane];
    CHECK(call.block_num == 2);
    CHECK(call.first_input == 4.5f);  // every lane sees the full payload
    CHECK(call.scalar == 9);
  }
  CHECK(lane_counts[0] == 2);
  CHECK(lane_counts[1] == 2);
  CHECK(lane_counts[2] == 2);
}

// --- scopes -------------------------------------------------------------------

void manual_without_deps_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  const ChipTensor& ext_out = orch_args.tensor(1).ref();
  PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
    CoreTaskArgs params_t0;
    params_t0.add_output(ext_x);
    params_t0.add_scalar(to_u64(2.0f));
    rt_submit_aiv_task(3, params_t0);
    CoreTaskArgs params_t1;
    params_t1.add_input(ext_x);
    params_t1.add_output(ext_out);
    params_t1.add_scalar(to_u64(1.0f));
    rt_submit_aiv_task(1, params_t1);
    PTO2_SCOPE() {}
  }
}

TEST_CASE("a manual scope adds no tensor-map dependencies") {
  std::vector<float> x(4, 0.0f), out(4, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{1, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {4});
  runtime.bind_tensor(out, DataType::FLOAT32, {4});
  const RunResult result =
      runtime.run(config_with_args<2>, manual_without_deps_entry);
  // The nested automatic scope is rejected; the unordered pair is a race.
  REQUIRE(result.errors.size() == 2);
  CHECK(contains(result.errors[0], "inside a manual scope"));
  REQUIRE(result.races.size() == 1);
  CHECK(result.races[0].first_task == 0);
  CHECK(result.races[0].second_task == 1);
  CHECK(result.races[0].first_writes);
  CHECK_FALSE(result.races[0].second_writes);
}

// --- element access ------------------------------------------------------------

void element_access_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  const ChipTensor& ext_out = orch_args.tensor(1).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_output(ext_x);
    params_t0.add_scalar(to_u64(6.0f));
    rt_submit_aiv_task(3, params_t0);
    uint32_t idx[1] = {1};
    const float produced = get_tensor_data<float>(ext_x, 1, idx);
    // Written into ext_x once t0 is done, read by t1.
    uint32_t first[1] = {0};
    set_tensor_data(ext_x, 1, first, produced * 2.0f);
    CoreTaskArgs params_t1;
    params_t1.add_input(ext_x);
    params_t1.add_output(ext_out);
    params_t1.add_scalar(to_u64(0.5f));
    rt_submit_aiv_task(1, params_t1);
  }
}

TEST_CASE("get_tensor_data waits for the producer; set_tensor_data is seen") {
  const uint32_t threads = GENERATE(1u, 2u);
  std::vector<float> x(4, 0.0f), out(4, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{threads, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {4});
  runtime.bind_tensor(out, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<2>, element_access_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(out[0] == 12.5f);
  CHECK(out[1] == 6.5f);
  CHECK(out[3] == 6.5f);
}

// --- errors and logging --------------------------------------------------------

void fatal_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  int64_t n = orch_args.tensor(0).ref().shapes[0];
  LOG_ERROR("checking dim N = %lld", (long long)n);
  if (n != 3) {
    rt_report_fatal(PTO2_ERROR_INVALID_ARGS, "dim N: tensor x axis 0 is %lld, expected 3",
                    (long long)n);
  }
  CoreTaskArgs params_t0;
  params_t0.add_inout(ext_x);
  params_t0.add_scalar(to_u64(1.0f));
  rt_submit_aiv_task(2, params_t0);
}

TEST_CASE("rt_report_fatal fails the run and stops later submits") {
  std::vector<float> x(4, 0.0f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<1>, fatal_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "PTO2_ERROR_INVALID_ARGS"));
  CHECK(contains(result.errors[0], "axis 0 is 4, expected 3"));
  CHECK(result.kernel_tasks == 0);
  REQUIRE(result.log.size() == 1);
  CHECK(contains(result.log[0], "checking dim N = 4"));
  for (float v : x) CHECK(v == 0.0f);
}

// --- thread-count independence --------------------------------------------------

void pipeline_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();  // [8, 16]
  const ChipTensor& ext_out = orch_args.tensor(1).ref();  // [8, 16]
  PTO2_SCOPE() {
    uint32_t tmp_shapes[2] = {8, 16};
    TensorCreateInfo tmp_ci(tmp_shapes, 2, DataType::FLOAT32);
    TaskOutputTensors alloc_0 = alloc_tensors(tmp_ci);
    const ChipTensor& tmp = alloc_0.get_ref(0);
    for (int64_t i = 0; i < 4; i += 1) {
      PTO2_SCOPE() {
        uint32_t tile_shapes[2] = {2, 16};
        uint32_t tile_offsets[2] = {static_cast<uint32_t>(i * 2), 0};
        const ChipTensor a_tile = ext_a.view(tile_shapes, tile_offsets);
        const ChipTensor tmp_tile = tmp.view(tile_shapes, tile_offsets);
        const ChipTensor out_tile = ext_out.view(tile_shapes, tile_offsets);
        CoreTaskArgs params_t0;
        params_t0.add_input(a_tile);
        params_t0.add_output(tmp_tile);
        params_t0.add_scalar(to_u64(static_cast<float>(i)));
        rt_submit_aiv_task(1, params_t0);
        for (int64_t step = 0; step < 3; step += 1) {
          CoreTaskArgs params_t1;
          params_t1.add_inout(tmp_tile);
          params_t1.add_scalar(to_u64(0.25f));
          rt_submit_aiv_task(2, params_t1);
        }
        CoreTaskArgs params_t2;
        params_t2.add_input(tmp_tile);
        params_t2.add_input(a_tile);
        params_t2.add_output(out_tile);
        rt_submit_aiv_task(0, params_t2);
      }
    }
  }
}

std::vector<float> run_pipeline(uint32_t threads) {
  std::vector<float> a = iota_floats(128, 0.5f), out(128, -1.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{threads, "", true});
  runtime.bind_tensor(a, DataType::FLOAT32, {8, 16});
  runtime.bind_tensor(out, DataType::FLOAT32, {8, 16});
  const RunResult result = runtime.run(config_with_args<2>, pipeline_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 20);
  return out;
}

TEST_CASE("two worker threads give the same results as one") {
  const std::vector<float> single = run_pipeline(1);
  for (size_t i = 0; i < single.size(); ++i) {
    const float a = 0.5f + static_cast<float>(i);
    CHECK(single[i] == a + static_cast<float>(i / 32) + 0.75f + a);
  }
  for (int repeat = 0; repeat < 5; ++repeat) CHECK(run_pipeline(2) == single);
  CHECK(run_pipeline(4) == single);
}

// --- determinism and kernel failures -------------------------------------------

void independent_tasks_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    for (int64_t i = 0; i < 6; i += 1) {
      CoreTaskArgs params_t0;
      params_t0.add_input(ext_x);
      params_t0.add_scalar((uint64_t)i);
      rt_submit_aiv_task(5, params_t0);
    }
  }
}

TEST_CASE("one worker runs independent tasks in submit order") {
  for (int repeat = 0; repeat < 3; ++repeat) {
    InvocationLog::instance().clear();
    std::vector<float> x(1, 0.0f);
    HostRuntime runtime(standard_kernels());
    runtime.bind_tensor(x, DataType::FLOAT32, {1});
    const RunResult result = runtime.run(config_with_args<1>, independent_tasks_entry);
    REQUIRE(result.ok());
    const std::vector<Invocation> calls = InvocationLog::instance().entries();
    REQUIRE(calls.size() == 6);
    for (size_t i = 0; i < calls.size(); ++i) CHECK(calls[i].scalar == i);
  }
}

void slow_kernel(int64_t* args) {
  (void)args;
  std::this_thread::sleep_for(std::chrono::milliseconds(4));
}

void six_slow_tasks_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    for (int64_t i = 0; i < 6; i += 1) {
      CoreTaskArgs params_t0;
      params_t0.add_input(ext_x);
      rt_submit_aiv_task(0, params_t0);
    }
  }
}

TEST_CASE("progress is reported while tasks run, never after the run") {
  KernelRegistry registry;
  registry.add_aiv("kernel_slow", {IN}, slow_kernel);
  std::vector<RunProgress> reports;
  HostRuntimeOptions options;
  options.progress = [&reports](const RunProgress& p) { reports.push_back(p); };
  options.progress_interval = std::chrono::milliseconds(1);
  std::vector<float> x(1, 0.0f);
  HostRuntime runtime(registry.chip(), options);
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, six_slow_tasks_entry);
  REQUIRE(result.ok());
  REQUIRE(result.kernel_tasks == 6);
  const size_t reported = reports.size();
  REQUIRE(reported > 0);  // 24 ms of kernels, a report every 1 ms
  for (size_t i = 0; i < reported; ++i) {
    CHECK(reports[i].tasks_finished <= reports[i].tasks_submitted);
    CHECK(reports[i].tasks_submitted <= 6);
    if (i > 0) {
      CHECK(reports[i].tasks_submitted >= reports[i - 1].tasks_submitted);
      CHECK(reports[i].tasks_finished >= reports[i - 1].tasks_finished);
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(reports.size() == reported);
}

void throwing_kernel(int64_t* args) {
  (void)args;
  throw std::runtime_error("kernel gave up");
}

void single_task_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_inout(ext_x);
    rt_submit_aiv_task(0, params_t0);
  }
}

TEST_CASE("a kernel that throws is an error naming the task") {
  KernelRegistry registry;
  registry.add_aiv("kernel_throws", {INOUT}, throwing_kernel);
  std::vector<float> x(1, 0.0f);
  HostRuntime runtime(registry.chip(), HostRuntimeOptions{2, "", false});
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, single_task_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0],
                 "task 0: lane aiv0 kernel 'kernel_throws' (func_id 0) threw "
                 "in block 0: kernel gave up"));
}

// Many row tiles of one buffer, each written then read: the tensor map and
// the race check look only at nearby tiles.
void many_tiles_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();  // [rows, 4]
  const ChipTensor& ext_y = orch_args.tensor(1).ref();  // [rows, 4]
  PTO2_SCOPE() {
    for (uint32_t row = 0; row < ext_x.shapes[0]; row += 1) {
      PTO2_SCOPE() {
        uint32_t shapes[2] = {1, 4};
        uint32_t offsets[2] = {row, 0};
        const ChipTensor x_row = ext_x.view(shapes, offsets);
        const ChipTensor y_row = ext_y.view(shapes, offsets);
        CoreTaskArgs params_t0;
        params_t0.add_inout(x_row);
        params_t0.add_scalar(to_u64(1.0f));
        rt_submit_aiv_task(2, params_t0);
        CoreTaskArgs params_t1;
        params_t1.add_input(x_row);
        params_t1.add_output(y_row);
        params_t1.add_scalar(to_u64(static_cast<float>(row)));
        rt_submit_aiv_task(1, params_t1);
      }
    }
  }
}

TEST_CASE("thousands of tiles of one buffer run and check quickly") {
  const uint32_t rows = 4000;
  std::vector<float> x(rows * 4, 1.0f), y(rows * 4, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{2, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {rows, 4});
  runtime.bind_tensor(y, DataType::FLOAT32, {rows, 4});
  const RunResult result = runtime.run(config_with_args<2>, many_tiles_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 2 * rows);
  for (uint32_t row = 0; row < rows; row += 997) {
    CHECK(y[row * 4] == 2.0f + static_cast<float>(row));
  }
}

}  // namespace
