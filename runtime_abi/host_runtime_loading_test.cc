// Libraries the host runtime loads: only regular files, kernel symbols only
// from the kernel library itself, the per-target headers (a5's launch spec
// has set_core_num, a2a3's set_block_num), and a v2-style orchestration
// built with the contract's flags and run.
#include "host_runtime.h"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "host_kernels.h"
#include "host_runtime_build_support.h"
#include "host_runtime_test_support.h"

using namespace taskc::host;
using namespace taskc::host::test;
namespace abi = taskc::abi;

namespace {

// Depends on libc (as every library does) but defines none of the names
// below except kernel_ok, and kernel_data only as a variable.
const char* const kSmallKernels = R"cpp(#include <stdint.h>
#include <stdlib.h>

extern "C" int kernel_data;
int kernel_data = 0;
extern "C" void kernel_ok(int64_t* args) { (void)args; }
extern "C" int taskc_uses_libc(void) { return system(nullptr); }
)cpp";

TEST_CASE("a kernel symbol must come from the kernel library itself") {
  ScratchDir dir("taskc_kernel_symbols");
  REQUIRE(compile_library(dir, "small_kernels", kSmallKernels) == 0);
  HostKernelLibrary kernels((dir.path() / "small_kernels.so").string());
  REQUIRE(kernels.ok());
  CHECK(kernels.entry("kernel_ok") != nullptr);
  for (const char* name : {"system", "_exit", "pause", "environ", "kernel_data"}) {
    std::string error;
    CHECK(kernels.entry(name, error) == nullptr);
    INFO(name << ": " << error);
    CHECK_FALSE(error.empty());
  }
  KernelRegistry registry;
  registry.add_aiv("system", {}, nullptr);
  registry.add_aiv("environ", {}, nullptr);
  registry.add_aiv("kernel_data", {}, nullptr);
  registry.add_aiv("kernel_ok", {}, nullptr);
  registry.add_aiv("missing", {}, nullptr);
  abi::ChipCallable chip = registry.chip();
  const std::vector<std::string> problems = kernels.bind_entries(chip);
  REQUIRE(problems.size() == 4);
  CHECK(contains(problems[0], "kernel 'system' (func_id 0)"));
  CHECK(contains(problems[0], "does not define 'system' itself (it comes from '"));
  CHECK(contains(problems[0], "libc"));
  CHECK(contains(problems[1], "does not define 'environ' itself"));
  CHECK(contains(problems[2], "defines 'kernel_data' but not as a function"));
  CHECK(contains(problems[3], "has no symbol 'missing'"));
  CHECK(chip.children[0].entry() == nullptr);
  CHECK(chip.children[3].entry() != nullptr);
}

TEST_CASE("a FIFO or a directory is refused before dlopen, without blocking") {
  ScratchDir dir("taskc_fifo_libraries");
  const std::string fifo = (dir.path() / "kernels.so").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  HostKernelLibrary kernels(fifo);
  CHECK_FALSE(kernels.ok());
  CHECK(contains(kernels.error(), "cannot load host kernel library '" + fifo +
                                      "': not a regular file"));
  HostRuntime runtime(standard_kernels());
  RunResult result = runtime.run_library(fifo);
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "cannot load orchestration library '" + fifo +
                                       "': not a regular file"));
  result = runtime.run_library(dir.path().string());
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "not a regular file"));
}

// --- per-target headers ------------------------------------------------------------

std::string launch_orchestration(const std::string& setter) {
  return R"cpp(#include <stddef.h>
#include <stdint.h>

#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default")))
PTO2OrchestrationConfig aicpu_orchestration_config(const ChipTaskArgs& orch_args) {
    (void)orch_args;
    return PTO2OrchestrationConfig{1};
}

__attribute__((visibility("default")))
void aicpu_orchestration_entry(const ChipTaskArgs& orch_args) {
    const ChipTensor& ext_x = orch_args.tensor(0).ref();
    PTO2_SCOPE() {
        CoreTaskArgs params_t0;
        params_t0.add_input(ext_x);
        params_t0.add_scalar((uint64_t)(int32_t)(4));
        params_t0.launch_spec.)cpp" +
         setter + R"cpp((static_cast<int16_t>(3));
        rt_submit_aiv_task(5, params_t0);
    }
}

}  // extern "C"
)cpp";
}

TEST_CASE("a5 code compiles against the a5 header only, a2a3 code the default") {
  ScratchDir dir("taskc_target_headers");
  const std::string a5 = TASKC_HOST_API_A5_INCLUDE_DIR;
  CHECK(compile_library(dir, "a5_ok", launch_orchestration("set_core_num"), a5) == 0);
  CHECK(compile_library(dir, "a5_bad", launch_orchestration("set_block_num"), a5) != 0);
  CHECK(compile_library(dir, "a2a3_ok", launch_orchestration("set_block_num")) == 0);
  CHECK(compile_library(dir, "a2a3_bad", launch_orchestration("set_core_num")) != 0);

  // The a5 library runs on the same runtime: core_num is the block count.
  InvocationLog::instance().clear();
  std::vector<float> x(1, 1.5f);
  HostRuntime runtime(standard_kernels());
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run_library((dir.path() / "a5_ok.so").string());
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_invocations == 3);
  const std::vector<Invocation> calls = InvocationLog::instance().entries();
  REQUIRE(calls.size() == 3);
  CHECK(calls[2].block_idx == 2);
  CHECK(calls[2].block_num == 3);
  CHECK(calls[2].scalar == 4);
}

// --- a v2-style orchestration, as the compiler will emit it ---------------------------------

const char* const kV2Orchestration = R"cpp(#include <stddef.h>
#include <stdint.h>

#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default")))
PTO2OrchestrationConfig aicpu_orchestration_config(const ChipTaskArgs& orch_args) {
    (void)orch_args;
    return PTO2OrchestrationConfig{3};
}

__attribute__((visibility("default")))
void aicpu_orchestration_entry(const ChipTaskArgs& orch_args) {
    const ChipTensor& ext_x = orch_args.tensor(0).ref();
    const ChipTensor& ext_flag = orch_args.tensor(1).ref();
    const ChipTensor& ext_y = orch_args.tensor(2).ref();
    PTO2_SCOPE() {
        const uint32_t acc_shape[] = {4};
        TensorCreateInfo acc_ci(acc_shape, 1, DataType::FLOAT32);
        acc_ci.set_initial_value(1.0f);
        TaskOutputTensors alloc_0 = alloc_tensors(acc_ci);
        const ChipTensor& acc = alloc_0.get_ref(0);
        PTO2TaskId prev = PTO2TaskId::invalid();
        PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
            for (int64_t i = 0; i < 3; i += 1) {
                PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
                    float step = 2.0f;
                    CoreTaskArgs params_t0;
                    params_t0.add_inout(acc);
                    params_t0.add_scalar(step);
                    params_t0.dump(acc, step);
                    params_t0.set_allow_early_resolve(true);
                    params_t0.set_task_timing_slot(1);
                    PTO2TaskId task_0_deps[] = {prev, alloc_0.task_id()};
                    uint32_t task_0_dep_count = 0;
                    for (PTO2TaskId task_0_dep : task_0_deps) {
                        if (task_0_dep.is_valid()) {
                            task_0_deps[task_0_dep_count++] = task_0_dep;
                        }
                    }
                    params_t0.set_dependencies(task_0_deps, task_0_dep_count);
                    prev = rt_submit_aiv_task(2, params_t0).task_id();
                }
            }
        }
        const uint32_t tmp_shape[] = {4};
        TensorCreateInfo tmp_ci(tmp_shape, 1, DataType::FLOAT32);
        CoreTaskArgs params_t1;
        params_t1.add_input(acc);
        params_t1.add_input(ext_x);
        params_t1.add_output(tmp_ci);
        PTO2TaskId task_1_deps[] = {prev};
        params_t1.set_dependencies(task_1_deps, 1);
        TaskOutputTensors task_1_outs = rt_submit_aiv_task(0, params_t1);
        const ChipTensor& tmp = task_1_outs.get_ref(0);
        CoreTaskArgs join_args;
        join_args.add_input(tmp);
        TaskOutputTensors join = rt_submit_dummy_task(join_args);
        CoreTaskArgs params_t2;
        params_t2.add_input(tmp);
        params_t2.add_output(ext_y);
        params_t2.add_scalar(to_u64(100.0f));
        CoreTaskPredicate predicate_t2;
        predicate_t2.operand.tensor = &ext_flag;
        predicate_t2.operand.ndims = 1;
        predicate_t2.operand.indices[0] = 0;
        predicate_t2.op = PredicateOp::NE;
        predicate_t2.target = static_cast<int64_t>(0);
        params_t2.set_predicate(predicate_t2);
        params_t2.launch_spec.set_block_num(
            static_cast<int16_t>(rt_available_cluster_count() >= 1 ? 1 : 1));
        PTO2TaskId task_2_deps[] = {join.task_id()};
        params_t2.set_dependencies(task_2_deps, 1);
        params_t2.dump();
        rt_submit_aiv_task(1, params_t2);
    }
}

}  // extern "C"
)cpp";

TEST_CASE("a v2-style orchestration compiles with -Werror, loads and runs") {
  ScratchDir dir("taskc_v2_orchestration");
  REQUIRE(compile_library(dir, "v2", kV2Orchestration) == 0);
  const std::string library = (dir.path() / "v2.so").string();
  const uint32_t threads = GENERATE(1u, 2u);
  for (const int32_t flag_value : {1, 0}) {
    std::vector<float> x = {1, 2, 3, 4}, y(4, -1.0f);
    std::vector<int32_t> flag = {flag_value};
    HostRuntimeOptions options;
    options.threads = threads;
    options.check_races = true;
    options.record_timing = true;
    HostRuntime runtime(standard_kernels(), options);
    runtime.bind_tensor(x, DataType::FLOAT32, {4});
    runtime.bind_tensor(flag, DataType::INT32, {1});
    runtime.bind_tensor(y, DataType::FLOAT32, {4});
    const RunResult result = runtime.run_library(library);
    INFO(result.error_text());
    REQUIRE(result.ok());
    CHECK(result.kernel_tasks == 5);
    CHECK(result.dummy_tasks == 1);
    CHECK(result.tasks_skipped == (flag_value == 0 ? 1u : 0u));
    REQUIRE(result.timing.size() == 1);
    CHECK(result.timing[0].tasks == 3);
    // acc = 1 + 3 * 2; y = acc + x + 100 when the flag is set.
    for (size_t i = 0; i < 4; ++i) {
      CHECK(y[i] == (flag_value != 0 ? 107.0f + x[i] : -1.0f));
    }
  }
}

}  // namespace
