// The host race check end to end: tests/e2e/race_war.kir reads a tensor in
// one task and overwrites it in the next with nothing ordering them (the
// runtime never implies write-after-read), which the check must report;
// race_war_manual.kir orders the two with `deps` in a manual scope, which the
// check must accept. Both use the kernels of kernels_race.cc.
#include <cstdint>
#include <vector>

#include "e2e_support.h"

namespace {

using namespace e2e;

constexpr uint32_t kElements = 4096;

struct Buffers {
  std::vector<float> original;
  std::vector<float> buf;
  std::vector<float> snapshot = std::vector<float>(kElements, -1.0f);
};

Buffers make_buffers() {
  Buffers b;
  for (uint32_t i = 0; i < kElements; ++i) b.original.push_back(static_cast<float>(i));
  b.buf = b.original;
  return b;
}

host::RunResult run(const std::string& manifest, const std::string& orchestration,
                    Buffers& buffers, uint32_t threads) {
  const Program program = load_program(manifest, TASKC_E2E_RACE_WAR_KERNELS);
  host::HostRuntime runtime(program.chip,
                            host::HostRuntimeOptions{threads, "", true});
  runtime.bind_tensor(buffers.buf, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(buffers.snapshot, DataType::FLOAT32, {kElements});
  return runtime.run_library(orchestration);
}

TEST_CASE("a write-after-read without deps is reported as a race") {
  Buffers buffers = make_buffers();
  const host::RunResult result = run(TASKC_E2E_RACE_WAR_MANIFEST,
                                     TASKC_E2E_RACE_WAR_ORCHESTRATION, buffers, 1);
  INFO(result.error_text());
  CHECK(result.kernel_tasks == 2);
  REQUIRE(result.races.size() == 1);
  const host::RaceReport& race = result.races[0];
  CHECK(race.first_task == 0);
  CHECK(race.first_kernel == "snapshot_copy");
  CHECK(race.first_slot == 0);
  CHECK_FALSE(race.first_writes);
  CHECK(race.second_task == 1);
  CHECK(race.second_kernel == "fill");
  CHECK(race.second_slot == 0);
  CHECK(race.second_writes);
  // The race is the run's only problem.
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0] == race.message);
}

TEST_CASE("the same write-after-read ordered by deps in a manual scope is clean") {
  const uint32_t threads = GENERATE(1u, 2u);
  INFO("threads " << threads);
  Buffers buffers = make_buffers();
  const host::RunResult result =
      run(TASKC_E2E_RACE_WAR_MANUAL_MANIFEST,
          TASKC_E2E_RACE_WAR_MANUAL_ORCHESTRATION, buffers, threads);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.races.empty());
  CHECK(result.kernel_tasks == 2);
  // The copy saw buf before fill overwrote it.
  CHECK(buffers.snapshot == buffers.original);
  CHECK(buffers.buf == std::vector<float>(kElements, 7.0f));
}

}  // namespace
