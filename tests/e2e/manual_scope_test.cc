// Manual scopes end to end (language.md §6.5), on the host runtime that
// behaves as the device: tasks in a manual scope neither enter nor look up
// the tensor map and retain no buffer.
//
// * testdata/valid/manual_scope_boundary.kir orders the tasks on both sides
//   of two manual scopes through task ids: clean, and exact. The same C++
//   without those dependencies (what taskc refuses to write, E0503) is
//   reported as a race.
// * tests/e2e/manual_lifetime.kir creates a buffer in a manual scope in each
//   of many iterations: with the dependencies on the allocations that taskc
//   adds, exact; without them (v1's lowering) the run fails loudly.
#include <cstdint>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace {

using namespace e2e;

constexpr uint32_t kElements = 1024;

struct Boundary {
  std::vector<float> x, y, total;
};

Boundary boundary_inputs() {
  Boundary b;
  for (uint32_t i = 0; i < kElements; ++i) {
    b.x.push_back(static_cast<float>(i % 97));
    b.total.push_back(static_cast<float>(i % 5));
  }
  b.y.assign(kElements, -1.0f);
  return b;
}

host::RunResult run_boundary(const std::string& orchestration, Boundary& b, uint32_t threads) {
  const Program program = load_program(TASKC_E2E_MANUAL_BOUNDARY_MANIFEST,
                                        TASKC_E2E_MANUAL_BOUNDARY_KERNELS);
  host::HostRuntimeOptions options;
  options.threads = threads;
  options.check_races = true;
  host::HostRuntime runtime(program.chip, options);
  runtime.bind_tensor(b.x, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(b.y, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(b.total, DataType::FLOAT32, {kElements});
  return runtime.run_library(orchestration);
}

TEST_CASE("ids carried across manual-scope boundaries order the tasks") {
  const uint32_t threads = GENERATE(1u, 2u);
  INFO("threads " << threads);
  Boundary b = boundary_inputs();
  const std::vector<float> total_before = b.total;
  const host::RunResult result =
      run_boundary(TASKC_E2E_MANUAL_BOUNDARY_ORCHESTRATION, b, threads);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.races.empty());
  CHECK(result.kernel_tasks == 4);
  for (uint32_t i = 0; i < kElements; ++i) {
    const float y = 2.0f * b.x[i] + 1.0f;  // consume(produce(x))
    REQUIRE(b.y[i] == y);
    REQUIRE(b.total[i] == total_before[i] + 2.0f * y);  // accumulate(scale(y))
  }
}

TEST_CASE("without the ids, the tasks across the boundary race") {
  Boundary b = boundary_inputs();
  const host::RunResult result =
      run_boundary(TASKC_E2E_MANUAL_BOUNDARY_NODEPS_ORCHESTRATION, b, 1);
  INFO(result.error_text());
  CHECK_FALSE(result.ok());
  // produce (manual) -> consume reads mid, which an allocation task created:
  // nothing orders them. scale -> accumulate (manual) stays ordered: scale
  // allocates z itself, and a manual-scope task depends on the creator of
  // each created tensor it uses.
  bool produce_consume = false, scale_accumulate = false;
  for (const host::RaceReport& race : result.races) {
    produce_consume |= race.first_kernel == "produce" && race.second_kernel == "consume";
    scale_accumulate |= race.first_kernel == "scale" && race.second_kernel == "accumulate";
  }
  CHECK(produce_consume);
  CHECK_FALSE(scale_accumulate);
}

host::RunResult run_lifetime(const std::string& orchestration, std::vector<float>& acc,
                             uint64_t rounds, uint32_t threads) {
  const Program program = load_program(TASKC_E2E_MANUAL_LIFETIME_MANIFEST,
                                        TASKC_E2E_MANUAL_BOUNDARY_KERNELS);
  host::HostRuntimeOptions options;
  options.threads = threads;
  options.check_races = true;
  host::HostRuntime runtime(program.chip, options);
  runtime.bind_tensor(acc, DataType::FLOAT32, {kElements});
  runtime.bind_scalar(rounds);
  return runtime.run_library(orchestration);
}

TEST_CASE("manual-scope buffers stay alive through their allocation's id") {
  const uint32_t threads = GENERATE(1u, 2u);
  INFO("threads " << threads);
  constexpr uint64_t kRounds = 300;
  std::vector<float> acc(kElements, 0.5f);
  const host::RunResult result =
      run_lifetime(TASKC_E2E_MANUAL_LIFETIME_ORCHESTRATION, acc, kRounds, threads);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 2 * kRounds);
  // 0.5 + (0 + 1 + ... + 299), exact in FP32.
  const float expected = 0.5f + static_cast<float>(kRounds * (kRounds - 1) / 2);
  CHECK(acc == std::vector<float>(kElements, expected));
}

TEST_CASE("without the allocation's id, a manual-scope buffer outlives nothing") {
  std::vector<float> acc(kElements, 0.0f);
  const host::RunResult result =
      run_lifetime(TASKC_E2E_MANUAL_LIFETIME_NOALLOC_ORCHESTRATION, acc, 4, 1);
  INFO(result.error_text());
  REQUIRE_FALSE(result.ok());
  // The error names the allocation a task used without retaining it.
  CHECK(result.error_text().find("alloc") != std::string::npos);
}

}  // namespace
