// Dependencies, scopes and allocation lifetimes as on the device runtime:
// task ids, explicit dependencies in every scope, nested manual scopes, the
// scope depth limit, plain outputs that the tensor map does not order,
// dependency-only tasks, and the manual-scope lifetime rule.
#include "host_runtime.h"

#include <catch2/catch.hpp>

#include <vector>

#include "host_runtime_test_support.h"

using namespace taskc::host;
using namespace taskc::host::test;

namespace {

TEST_CASE("a value-initialised task id is valid; only invalid() is not") {
  // The device numbers task 0 of ring 0 with raw 0, so PTO2TaskId{} names a
  // task; generated code must spell the empty id PTO2TaskId::invalid().
  CHECK(PTO2TaskId{}.is_valid());
  CHECK(PTO2TaskId{}.raw == 0);
  CHECK_FALSE(PTO2TaskId::invalid().is_valid());
  CHECK(PTO2TaskId::invalid().is_invalid());
  CHECK(PTO2TaskId::make(2, 7).ring() == 2);
  CHECK(PTO2TaskId::make(2, 7).local() == 7);
  CHECK(TaskOutputTensors{}.task_id() == PTO2TaskId::invalid());
}

// --- manual-scope lifetimes ----------------------------------------------------

bool g_retain_allocation = false;

// A v1-style lowering: t1 uses tmp (from alloc_tensors) inside a manual
// scope but depends only on t0, not on the allocation.
void manual_lifetime_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_out = orch_args.tensor(0).ref();
  PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
    uint32_t shapes[1] = {ext_out.shapes[0]};
    TensorCreateInfo tmp_ci(shapes, 1, DataType::FLOAT32);
    TaskOutputTensors alloc_0 = alloc_tensors(tmp_ci);
    const ChipTensor& tmp = alloc_0.get_ref(0);
    CoreTaskArgs params_t0;
    params_t0.add_output(tmp);
    params_t0.add_scalar(to_u64(2.0f));
    PTO2TaskId deps_t0[] = {alloc_0.task_id()};
    params_t0.set_dependencies(deps_t0, 1);
    TaskOutputTensors task_0 = rt_submit_aiv_task(KERNEL_SLOW_FILL, params_t0);
    CoreTaskArgs params_t1;
    params_t1.add_input(tmp);
    params_t1.add_output(ext_out);
    params_t1.add_scalar(to_u64(1.0f));
    PTO2TaskId deps_t1[] = {task_0.task_id(), alloc_0.task_id()};
    params_t1.set_dependencies(deps_t1, g_retain_allocation ? 2 : 1);
    rt_submit_aiv_task(KERNEL_ADD_SCALAR, params_t1);
  }
}

TEST_CASE("a manual-scope task using a buffer it does not retain fails loudly") {
  const uint32_t threads = GENERATE(1u, 2u);
  g_retain_allocation = false;
  std::vector<float> out(4, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{threads, "", false});
  runtime.bind_tensor(out, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<1>, manual_lifetime_entry);
  // Deterministic, whatever the timing: one thread runs every task before
  // the scope even ends.
  REQUIRE(result.errors.size() == 1);
  const std::string& error = result.errors[0];
  CHECK(contains(error, "task 1 (kernel_add_scalar) uses alloc_tensors (task id 0)"));
  CHECK(contains(error, "without retaining it"));
  CHECK(contains(error, "add task id 0"));
}

TEST_CASE("the same program with the allocation dependency runs clean") {
  const uint32_t threads = GENERATE(1u, 2u);
  g_retain_allocation = true;
  std::vector<float> out(4, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{threads, "", true});
  runtime.bind_tensor(out, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<1>, manual_lifetime_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(out == std::vector<float>(4, 3.0f));
  g_retain_allocation = false;
}

// Many iterations of a manual scope, each with its own buffer: released
// buffers are freed, and with the dependency every result is exact.
void manual_loop_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_out = orch_args.tensor(0).ref();  // [iterations, 4]
  PTO2_SCOPE() {
    for (uint32_t i = 0; i < ext_out.shapes[0]; ++i) {
      PTO2_SCOPE() {
        uint32_t shapes[1] = {4};
        TensorCreateInfo tmp_ci(shapes, 1, DataType::FLOAT32);
        tmp_ci.set_initial_value(static_cast<float>(i));
        TaskOutputTensors alloc_0 = alloc_tensors(tmp_ci);
        const ChipTensor& tmp = alloc_0.get_ref(0);
        uint32_t row_shapes[2] = {1, 4};
        uint32_t row_offsets[2] = {i, 0};
        const ChipTensor row2d = ext_out.view(row_shapes, row_offsets);
        uint32_t flat[1] = {4};
        const ChipTensor row = row2d.reshape(flat, 1);
        PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
          CoreTaskArgs params_t0;
          params_t0.add_inout(tmp);
          params_t0.add_scalar(to_u64(0.5f));
          PTO2TaskId deps_t0[] = {alloc_0.task_id()};
          params_t0.set_dependencies(deps_t0, 1);
          TaskOutputTensors t0 = rt_submit_aiv_task(KERNEL_INCREMENT, params_t0);
          CoreTaskArgs params_t1;
          params_t1.add_input(tmp);
          params_t1.add_output(row);
          params_t1.add_scalar(to_u64(1.0f));
          PTO2TaskId deps_t1[] = {t0.task_id(), alloc_0.task_id()};
          params_t1.set_dependencies(deps_t1, 2);
          rt_submit_aiv_task(KERNEL_ADD_SCALAR, params_t1);
        }
      }
    }
  }
}

TEST_CASE("a manual scope in a long loop keeps every buffer while it is used") {
  const uint32_t iterations = 300;
  std::vector<float> out(iterations * 4, -1.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{2, "", true});
  runtime.bind_tensor(out, DataType::FLOAT32, {iterations, 4});
  const RunResult result = runtime.run(config_with_args<1>, manual_loop_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  for (uint32_t i = 0; i < iterations; ++i) {
    CHECK(out[i * 4 + 3] == static_cast<float>(i) + 1.5f);
  }
}

// --- explicit dependencies and scopes ----------------------------------------------

void invalid_dependency_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_inout(ext_x);
    params_t0.add_scalar(to_u64(1.0f));
    PTO2TaskId deps[] = {PTO2TaskId::invalid()};
    params_t0.set_dependencies(deps, 1);
    rt_submit_aiv_task(KERNEL_INCREMENT, params_t0);
    CoreTaskArgs params_t1;
    params_t1.add_inout(ext_x);
    params_t1.add_scalar(to_u64(1.0f));
    rt_submit_aiv_task(KERNEL_INCREMENT, params_t1);
  }
}

TEST_CASE("an invalid id passed to set_dependencies is fatal") {
  std::vector<float> x(2, 0.0f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {2});
  const RunResult result = runtime.run(config_with_args<1>, invalid_dependency_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "task 0: set_dependencies entry 0 is "
                                   "PTO2TaskId::invalid()"));
  CHECK(result.kernel_tasks == 1);  // the second submit is a no-op
  CHECK(x == std::vector<float>(2, 0.0f));
}

// A dependency on a task of a scope that ended long ago (its producer
// retired on the device) is satisfied, not an error; one on an id that no
// task has is fatal.
void retired_dependency_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2TaskId first = PTO2TaskId::invalid();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_inout(ext_x);
    params_t0.add_scalar(to_u64(1.0f));
    first = rt_submit_aiv_task(KERNEL_INCREMENT, params_t0).task_id();
  }
  uint32_t index[1] = {0};
  (void)get_tensor_data<float>(ext_x, 1, index);
  PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
    CoreTaskArgs params_t1;
    params_t1.add_inout(ext_x);
    params_t1.add_scalar(to_u64(10.0f));
    PTO2TaskId deps[] = {first};
    params_t1.set_dependencies(deps, 1);
    rt_submit_aiv_task(KERNEL_INCREMENT, params_t1);
    CoreTaskArgs params_t2;
    params_t2.add_inout(ext_x);
    params_t2.add_scalar(to_u64(100.0f));
    PTO2TaskId unknown[] = {PTO2TaskId{1000}};
    params_t2.set_dependencies(unknown, 1);
    rt_submit_aiv_task(KERNEL_INCREMENT, params_t2);
  }
}

TEST_CASE("a retired producer's edge is skipped; an unknown id is fatal") {
  std::vector<float> x(1, 0.0f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, retired_dependency_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "task 2: set_dependencies entry 0 (raw id 1000) "
                                   "is not the id of an earlier task"));
  CHECK(x[0] == 11.0f);  // tasks 0 and 1 ran, task 2 did not
}

int g_nested_scopes = 0;

void nest(int remaining) {
  if (remaining == 0) return;
  PTO2_SCOPE() { nest(remaining - 1); }
}

void deep_scopes_entry(const ChipTaskArgs& orch_args) {
  (void)orch_args;
  nest(g_nested_scopes);
}

TEST_CASE("64 nested scopes counting the executor's are the limit") {
  HostRuntime runtime(standard_kernels());
  g_nested_scopes = 63;  // + the executor's scope = 64
  const RunResult at_limit = runtime.run(config_with_args<0>, deep_scopes_entry);
  INFO(at_limit.error_text());
  CHECK(at_limit.ok());
  g_nested_scopes = 64;
  const RunResult over = runtime.run(config_with_args<0>, deep_scopes_entry);
  REQUIRE(over.errors.size() == 1);
  CHECK(contains(over.errors[0], "more than 64 nested scopes (PTO2_MAX_SCOPE_DEPTH"));
}

void auto_in_manual_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
    PTO2_SCOPE(PTO2ScopeMode::MANUAL) {  // manual in manual: fine
      PTO2_SCOPE() {
        CoreTaskArgs params_t0;
        params_t0.add_inout(ext_x);
        params_t0.add_scalar(to_u64(1.0f));
        rt_submit_aiv_task(KERNEL_INCREMENT, params_t0);
      }
    }
  }
}

TEST_CASE("an automatic scope inside a manual one is fatal; manual nests") {
  std::vector<float> x(1, 0.0f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, auto_in_manual_entry);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "PTO2_SCOPE() at "));
  CHECK(contains(result.errors[0], "inside a manual scope"));
  CHECK(result.kernel_tasks == 0);  // fatal: the submit inside does nothing
  CHECK(x[0] == 0.0f);
}

// --- what the tensor map orders -------------------------------------------------------

// Two plain outputs to one tensor: the device orders neither after the
// other (add_output looks nothing up), so they race.
void two_outputs_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_output(ext_x);
    params_t0.add_scalar(to_u64(1.0f));
    rt_submit_aiv_task(KERNEL_SLOW_FILL, params_t0);
    CoreTaskArgs params_t1;
    params_t1.add_output(ext_x);
    params_t1.add_scalar(to_u64(2.0f));
    rt_submit_aiv_task(KERNEL_SLOW_FILL, params_t1);
  }
}

TEST_CASE("two plain outputs to one tensor are unordered, as on the device") {
  std::vector<float> x(2, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{1, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {2});
  const RunResult result = runtime.run(config_with_args<1>, two_outputs_entry);
  REQUIRE(result.races.size() == 1);
  CHECK(result.races[0].first_writes);
  CHECK(result.races[0].second_writes);
  CHECK(contains(result.races[0].message, "of entry tensor 0"));
}

// --- dependency-only tasks --------------------------------------------------------------

void barrier_join_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_b = orch_args.tensor(1).ref();
  const ChipTensor& ext_c = orch_args.tensor(2).ref();
  PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
    CoreTaskArgs params_t0;
    params_t0.add_output(ext_a);
    params_t0.add_scalar(to_u64(1.0f));
    TaskOutputTensors t0 = rt_submit_aiv_task(KERNEL_SLOW_FILL, params_t0);
    CoreTaskArgs params_t1;
    params_t1.add_output(ext_b);
    params_t1.add_scalar(to_u64(2.0f));
    TaskOutputTensors t1 = rt_submit_aiv_task(KERNEL_SLOW_FILL, params_t1);
    CoreTaskArgs join_args;
    PTO2TaskId join_deps[] = {t0.task_id(), t1.task_id()};
    join_args.set_dependencies(join_deps, 2);
    TaskOutputTensors join = rt_submit_dummy_task(join_args);
    CoreTaskArgs params_t2;
    params_t2.add_input(ext_a);
    params_t2.add_input(ext_b);
    params_t2.add_output(ext_c);
    PTO2TaskId deps_t2[] = {join.task_id()};
    params_t2.set_dependencies(deps_t2, 1);
    rt_submit_aiv_task(KERNEL_ADD, params_t2);
  }
}

TEST_CASE("a dummy task waits on its fanin and releases its fanout") {
  const uint32_t threads = GENERATE(1u, 3u);
  std::vector<float> a(4, 0.0f), b(4, 0.0f), c(4, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{threads, "", true});
  runtime.bind_tensor(a, DataType::FLOAT32, {4});
  runtime.bind_tensor(b, DataType::FLOAT32, {4});
  runtime.bind_tensor(c, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<3>, barrier_join_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(c == std::vector<float>(4, 3.0f));
  CHECK(result.kernel_tasks == 3);
  CHECK(result.dummy_tasks == 1);
  CHECK(result.tasks_run == 3);
  CHECK(result.kernel_invocations == 3);
}

// A dummy task with an inout tensor is a writer in the tensor map: a later
// reader is ordered after it, and through it after the real writer.
void barrier_in_tensor_map_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  const ChipTensor& ext_y = orch_args.tensor(1).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_inout(ext_x);
    params_t0.add_scalar(to_u64(4.0f));
    rt_submit_aiv_task(KERNEL_INCREMENT, params_t0);
    CoreTaskArgs barrier;
    barrier.add_inout(ext_x);
    rt_submit_dummy_task(barrier);
    CoreTaskArgs params_t1;
    params_t1.add_input(ext_x);
    params_t1.add_output(ext_y);
    params_t1.add_scalar(to_u64(1.0f));
    rt_submit_aiv_task(KERNEL_ADD_SCALAR, params_t1);
  }
}

TEST_CASE("a dummy task takes part in the tensor map like any task") {
  std::vector<float> x(2, 1.0f), y(2, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{2, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {2});
  runtime.bind_tensor(y, DataType::FLOAT32, {2});
  const RunResult result = runtime.run(config_with_args<2>, barrier_in_tensor_map_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(y == std::vector<float>(2, 6.0f));
}

// --- orchestration reads in manual scopes ------------------------------------------------

void manual_read_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
    CoreTaskArgs params_t0;
    params_t0.add_output(ext_x);
    params_t0.add_scalar(to_u64(5.0f));
    rt_submit_aiv_task(KERNEL_SLOW_FILL, params_t0);
    uint32_t index[1] = {0};
    (void)get_tensor_data<float>(ext_x, 1, index);
  }
}

TEST_CASE("get_tensor_data does not wait for a manual-scope writer: a race") {
  std::vector<float> x(1, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{1, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, manual_read_entry);
  REQUIRE(result.races.size() == 1);
  CHECK(result.races[0].second_task == RaceReport::kOrchestration);
  CHECK(result.races[0].second_kernel == "get_tensor_data");
  CHECK(contains(result.races[0].message,
                 "task 0 (kernel_slow_fill) writes slot 0 and the "
                 "orchestration's get_tensor_data reads"));
}

}  // namespace
