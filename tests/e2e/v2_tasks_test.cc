// The language-v2 task constructs end to end (language-v2.md §3), each
// program compiled by taskc during the build and run on the host runtime
// with tests/e2e/kernels_v2.cc:
// * three_lane_groups: every lane of a mixed task runs its own kernel on
//   the one payload ({aic, aiv, aiv} and the AIV-only {aiv, aiv});
// * barrier_join: a dependency-only task joins two producers; without the
//   join the consumer races them;
// * predicate_dispatch: a false predicate skips the kernel and still
//   releases the task's dependents;
// * initial_values: every element holds the initial value before the first
//   task sees the buffer (FP32 from a run-time scalar, FP16 bits, INT32);
// * selective_dump: level PARTIAL dumps exactly the marked arguments and
//   tasks, FULL every task, and the index says which were marked;
// * launch_width_a5: set_core_num widths, and a run-time width beyond int16
//   refused with the .kir line.
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "e2e_support.h"

namespace {

using namespace e2e;

constexpr uint32_t kElements = 64;
const char* const kKernels = TASKC_E2E_THREE_LANE_GROUPS_KERNELS;

host::HostRuntimeOptions checked(uint32_t threads = 1) {
  host::HostRuntimeOptions options;
  options.threads = threads;
  options.check_races = true;
  return options;
}

TEST_CASE("each lane of a mixed task runs its own kernel on the one payload") {
  const uint32_t threads = GENERATE(1u, 2u);
  INFO("threads " << threads);
  constexpr uint32_t kRows = 6, kCols = 4;  // three row blocks of two
  const Program program = load_program(TASKC_E2E_THREE_LANE_GROUPS_MANIFEST, kKernels);
  std::vector<float> x(kRows * kCols), w(kCols * kCols, 0.0f), y(kRows * kCols, -1.0f);
  for (uint32_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  host::HostRuntime runtime(program.chip, checked(threads));
  runtime.bind_tensor(x, DataType::FLOAT32, {kRows, kCols});
  runtime.bind_tensor(w, DataType::FLOAT32, {kCols, kCols});
  runtime.bind_tensor(y, DataType::FLOAT32, {kRows, kCols});
  const host::RunResult result =
      runtime.run_library(TASKC_E2E_THREE_LANE_GROUPS_ORCHESTRATION);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 2);
  CHECK(result.kernel_invocations == 3 + 2);  // three lanes, then two
  CHECK(result.kernels_used == 3);
  // Task 0 (alpha 2): mid = [x + 2 | x + 2 | 2x] by row block; task 1 (alpha
  // 0.5, no cube lane): y's middle block mid + 0.5, last block 0.5 mid, the
  // first block never written.
  for (uint32_t i = 0; i < kRows; ++i) {
    for (uint32_t j = 0; j < kCols; ++j) {
      const float v = x[i * kCols + j];
      const float expected = i < 2 ? -1.0f : i < 4 ? v + 2.5f : v;
      INFO("y[" << i << ", " << j << "]");
      CHECK(y[i * kCols + j] == expected);
    }
  }
}

host::RunResult run_barrier_join(const std::string& orchestration, std::vector<float>& y) {
  const Program program = load_program(TASKC_E2E_BARRIER_JOIN_MANIFEST, kKernels);
  std::vector<float> a(kElements, 0.0f), b(kElements, 0.0f);
  host::HostRuntime runtime(program.chip, checked(2));
  runtime.bind_tensor(a, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(b, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(y, DataType::FLOAT32, {kElements});
  return runtime.run_library(orchestration);
}

TEST_CASE("a barrier joins its dependencies without running a kernel") {
  std::vector<float> y(kElements, -1.0f);
  const host::RunResult result = run_barrier_join(TASKC_E2E_BARRIER_JOIN_ORCHESTRATION, y);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 3);
  CHECK(result.dummy_tasks == 2);
  CHECK(result.kernel_invocations == 3);
  CHECK(y == std::vector<float>(kElements, 3.0f));
}

TEST_CASE("without the join, the consumer races the producers") {
  std::vector<float> y(kElements, -1.0f);
  const host::RunResult result =
      run_barrier_join(TASKC_E2E_BARRIER_JOIN_NOJOIN_ORCHESTRATION, y);
  REQUIRE_FALSE(result.ok());
  std::set<std::pair<std::string, std::string>> pairs;
  for (const host::RaceReport& race : result.races) {
    pairs.insert({race.first_kernel, race.second_kernel});
  }
  CHECK(pairs.count({"produce", "combine"}) == 1);
}

TEST_CASE("a false dispatch predicate skips the kernel and releases its dependents") {
  // route copies x[0..3] = {1, 0, 5, 0} into sel: experts 0 and 2 are
  // selected. The last task runs when sel[first] >= first + 1.
  struct Case {
    int64_t first;
    bool last_runs;
  };
  const Case c = GENERATE(Case{0, true}, Case{1, false}, Case{2, true});
  INFO("first " << c.first);
  constexpr uint32_t kT = 4, kH = 8;
  const Program program = load_program(TASKC_E2E_PREDICATE_DISPATCH_MANIFEST, kKernels);
  std::vector<float> x(kT * kH, 0.0f), y(kT * kH, 0.0f);
  x[0] = 1.0f;
  x[2] = 5.0f;
  host::HostRuntime runtime(program.chip, checked(2));
  runtime.bind_tensor(x, DataType::FLOAT32, {kT, kH});
  runtime.bind_tensor(y, DataType::FLOAT32, {kT, kH});
  runtime.bind_scalar(static_cast<uint64_t>(c.first));
  const host::RunResult result =
      runtime.run_library(TASKC_E2E_PREDICATE_DISPATCH_ORCHESTRATION);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 6);
  CHECK(result.tasks_skipped == (c.last_runs ? 2u : 3u));
  CHECK(result.tasks_run == (c.last_runs ? 4u : 3u));
  // Experts 0 and 2 add 1 and 3; the last task adds 10.
  const float expected = 4.0f + (c.last_runs ? 10.0f : 0.0f);
  CHECK(y == std::vector<float>(kT * kH, expected));
}

TEST_CASE("a dispatch predicate index outside its tensor stops the run with the .kir line") {
  const Program program = load_program(TASKC_E2E_PREDICATE_DISPATCH_MANIFEST, kKernels);
  std::vector<float> x(4 * 8, 0.0f), y(4 * 8, 0.0f);
  host::HostRuntime runtime(program.chip, checked());
  runtime.bind_tensor(x, DataType::FLOAT32, {4, 8});
  runtime.bind_tensor(y, DataType::FLOAT32, {4, 8});
  runtime.bind_scalar(4);
  const host::RunResult result =
      runtime.run_library(TASKC_E2E_PREDICATE_DISPATCH_ORCHESTRATION);
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.error_text(),
             Catch::Contains("line 23: dispatch_if index 4 is outside axis 0 of 'sel'"));
}

TEST_CASE("initial values fill a created tensor before any task sees it") {
  const Program program = load_program(TASKC_E2E_INITIAL_VALUES_MANIFEST, kKernels);
  std::vector<float> x(kElements, 1.0f), y(kElements, 0.0f);
  std::vector<uint16_t> xh(kElements, 0x3800);  // 0.5 in FP16
  host::HostRuntime runtime(program.chip, checked(2));
  runtime.bind_tensor(x, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(xh, DataType::FLOAT16, {kElements});
  runtime.bind_tensor(y, DataType::FLOAT32, {kElements});
  runtime.bind_scalar(to_u64(0.25f));
  const host::RunResult result = runtime.run_library(TASKC_E2E_INITIAL_VALUES_ORCHESTRATION);
  INFO(result.error_text());
  REQUIRE(result.ok());
  // acc = 0.25 + 1, h = 1.5 + 0.5, c = -7 + 1.
  CHECK(y == std::vector<float>(kElements, 1.25f + 2.0f - 6.0f));
}

struct DumpRun {
  host::RunResult result;
  nlohmann::json index;
};

DumpRun run_selective_dump(host::DumpLevel level, const ScratchDir& dir) {
  const Program program = load_program(TASKC_E2E_SELECTIVE_DUMP_MANIFEST, kKernels);
  std::vector<float> x(kElements, 2.0f), y(kElements, 0.0f);
  host::HostRuntimeOptions options = checked();
  options.dump_dir = dir.path();
  options.dump_level = level;
  host::HostRuntime runtime(program.chip, options);
  runtime.bind_tensor(x, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(y, DataType::FLOAT32, {kElements});
  runtime.bind_scalar(to_u64(3.0f));
  DumpRun run{runtime.run_library(TASKC_E2E_SELECTIVE_DUMP_ORCHESTRATION), {}};
  INFO(run.result.error_text());
  REQUIRE(run.result.ok());
  CHECK(y == std::vector<float>(kElements, 6.0f + 12.0f));
  run.index = read_json(run.result.dump_index_path);
  return run;
}

// (task, slot, stage) of every tensor entry, and (task, index) of every
// scalar entry, with whether it was marked.
std::set<std::string> dumped(const nlohmann::json& index) {
  std::set<std::string> out;
  for (const nlohmann::json& e : index.at("entries")) {
    out.insert("t" + std::to_string(e.at("task").get<int>()) + " slot " +
               std::to_string(e.at("slot").get<int>()) + " " +
               e.at("stage").get<std::string>() +
               (e.at("marked").get<bool>() ? " marked" : ""));
  }
  for (const nlohmann::json& s : index.at("scalars")) {
    out.insert("t" + std::to_string(s.at("task").get<int>()) + " scalar" +
               (s.at("marked").get<bool>() ? " marked" : ""));
  }
  return out;
}

TEST_CASE("a partial dump holds exactly the marked arguments and tasks") {
  ScratchDir dir("v2_partial_dump");
  const DumpRun run = run_selective_dump(host::DumpLevel::PARTIAL, dir);
  // Task 0 marks x (IN, before), t (OUT, after) and its scalar; task 2 is
  // marked whole: its inputs before, its output after.
  CHECK(dumped(run.index) == std::set<std::string>{
                                 "t0 slot 0 before marked", "t0 slot 1 after marked",
                                 "t0 scalar marked", "t2 slot 0 before marked",
                                 "t2 slot 1 before marked", "t2 slot 2 after marked"});
}

TEST_CASE("a full dump holds every task and still says which were marked") {
  ScratchDir dir("v2_full_dump");
  const DumpRun run = run_selective_dump(host::DumpLevel::FULL, dir);
  const std::set<std::string> entries = dumped(run.index);
  CHECK(entries.count("t1 slot 0 before") == 1);  // task 1 is not marked
  CHECK(entries.count("t1 slot 1 after") == 1);
  CHECK(entries.count("t1 scalar") == 1);
  CHECK(entries.count("t0 slot 0 before marked") == 1);
  CHECK(entries.count("t2 slot 2 after marked") == 1);
}

host::RunResult run_launch_width(int64_t width) {
  const Program program = load_program(TASKC_E2E_LAUNCH_WIDTH_A5_MANIFEST, kKernels);
  std::vector<float> x(kElements, 7.0f), y(kElements, 0.0f);
  host::HostRuntimeOptions options = checked();
  options.available_clusters = 5;
  host::HostRuntime runtime(program.chip, options);
  runtime.bind_tensor(x, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(y, DataType::FLOAT32, {kElements});
  runtime.bind_scalar(static_cast<uint64_t>(width));
  host::RunResult result = runtime.run_library(TASKC_E2E_LAUNCH_WIDTH_A5_ORCHESTRATION);
  if (result.ok()) CHECK(y == std::vector<float>(kElements, 7.0f));
  return result;
}

TEST_CASE("a5 launch widths: constant, run-time and the available clusters") {
  const host::RunResult result = run_launch_width(3);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_invocations == 24 + 3 + 5);
}

TEST_CASE("a run-time launch width beyond int16 is refused with its .kir line") {
  const host::RunResult result = run_launch_width(40000);
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.error_text(),
             Catch::Contains("task 1 (spmd, line 14): blocks is 40000; it must be in 1..32767"));
  CHECK(result.kernel_invocations == 24);  // the first task only
}

}  // namespace
