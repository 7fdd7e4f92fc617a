// Run-time integer checks end to end (language-v2.md §4, issue 14): the
// generated orchestration of testdata/valid/runtime_int_checks.kir runs on
// the host runtime with arguments in range (exact results, the loop whose
// stop is INT64's maximum ends) and out of range, where the generated check
// stops the run with the orchestration, the .kir line and the value, before
// the view, conversion or product is used.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace {

using namespace e2e;

constexpr uint32_t kN = 8;

struct Arguments {
  std::vector<float> x, y, grid, flat;
  std::vector<int64_t> counts;
  uint32_t grid_rows = 2, grid_cols = 3;
  int64_t offset = 0, len = kN, cols = 3;
  float level = 5.0f;
  int64_t factor = 2, first = 1;
};

Arguments in_range() {
  Arguments a;
  for (uint32_t i = 0; i < kN; ++i) a.x.push_back(static_cast<float>(i) + 0.5f);
  a.y.assign(kN, -1.0f);
  for (uint32_t i = 0; i < 6; ++i) a.grid.push_back(static_cast<float>(10 + i));
  a.flat.assign(6, -1.0f);
  a.counts.assign(5, -1);
  return a;
}

host::RunResult run(Arguments& a) {
  // snapshot_copy and fill are race_war.kir's kernels.
  const Program program = load_program(TASKC_E2E_RUNTIME_INT_CHECKS_MANIFEST,
                                       TASKC_E2E_RACE_WAR_KERNELS);
  host::HostRuntime runtime(program.chip);
  runtime.bind_tensor(a.x, DataType::FLOAT32, {kN}, "x");
  runtime.bind_tensor(a.y, DataType::FLOAT32, {kN}, "y");
  runtime.bind_tensor(a.grid, DataType::FLOAT32, {a.grid_rows, a.grid_cols}, "grid");
  runtime.bind_tensor(a.flat, DataType::FLOAT32, {static_cast<uint32_t>(a.flat.size())}, "flat");
  runtime.bind_tensor(a.counts, DataType::INT64, {5}, "counts");
  runtime.bind_scalar(to_u64(a.offset));
  runtime.bind_scalar(to_u64(a.len));
  runtime.bind_scalar(to_u64(a.cols));
  runtime.bind_scalar(to_u64(a.level));
  runtime.bind_scalar(to_u64(a.factor));
  runtime.bind_scalar(to_u64(a.first));
  return runtime.run_library(TASKC_E2E_RUNTIME_INT_CHECKS_ORCHESTRATION);
}

// The run failed with exactly this one error, reported by the generated code.
void check_stopped(const host::RunResult& result, const std::string& message) {
  INFO(result.error_text());
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].find(message) != std::string::npos);
}

TEST_CASE("in range, every value passes its check and the results are exact") {
  Arguments a = in_range();
  const host::RunResult result = run(a);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 3);
  CHECK(a.y[0] == 5.0f);  // fill(y[0:1], cast(cast(level, INT32), FP32)) after the copy
  for (uint32_t i = 1; i < kN; ++i) CHECK(a.y[i] == a.x[i]);
  for (uint32_t i = 0; i < 6; ++i) CHECK(a.flat[i] == a.grid[i]);
  CHECK(a.counts[2] == 4);  // counts[factor % 4] = factor * factor
  // range(1, INT64_MAX, 2^62) runs for 1 and 2^62 + 1: the next step
  // would pass INT64's maximum, and ends the loop instead of wrapping.
  CHECK(a.counts[4] == 2);
}

TEST_CASE("a view out of bounds stops the run before the view is made") {
  Arguments a = in_range();
  a.offset = 7;
  a.len = 2;
  const host::RunResult result = run(a);
  check_stopped(result,
                "runtime_int_checks: line 20: tensor.slice of 'x' axis 0: offset 7 and extent 2 "
                "do not fit the tensor's extent 8");
  CHECK(result.kernel_tasks == 0);
}

TEST_CASE("an offset past uint32 is refused, not truncated to 0") {
  Arguments a = in_range();
  a.offset = int64_t{1} << 32;
  a.len = 1;
  const host::RunResult result = run(a);
  check_stopped(result, "line 20: tensor.slice of 'x' axis 0: offset 4294967296 and extent 1");
  CHECK(result.kernel_tasks == 0);
}

TEST_CASE("an FP32 outside INT32, or NaN, stops the run at the cast") {
  Arguments a = in_range();
  a.level = GENERATE(3.0e9f, -3.0e9f, std::numeric_limits<float>::quiet_NaN(),
                     std::numeric_limits<float>::infinity());
  INFO("level " << a.level);
  const host::RunResult result = run(a);
  check_stopped(result, "runtime_int_checks: line 23: cast(level, INT32) is NaN or outside INT32");
  CHECK(result.kernel_tasks == 1);  // the copy before it
}

TEST_CASE("an FP32 at INT32's edge converts, truncated toward zero") {
  Arguments a = in_range();
  a.level = -2147483648.0f;
  const host::RunResult result = run(a);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(a.y[0] == -2147483648.0f);
}

TEST_CASE("a product past INT64 stops the run instead of wrapping") {
  Arguments a = in_range();
  a.factor = int64_t{1} << 32;
  const host::RunResult result = run(a);
  check_stopped(result, "runtime_int_checks: line 25: factor * factor overflows INDEX");
  CHECK(a.counts == std::vector<int64_t>(5, -1));  // nothing written
}

TEST_CASE("a reshape of a view that is not contiguous stops the run") {
  Arguments a = in_range();
  a.cols = 2;  // two of grid's three columns
  a.flat.assign(4, -1.0f);
  const host::RunResult result = run(a);
  check_stopped(result, "runtime_int_checks: line 29: tensor.reshape of 'rows': the view is not "
                        "contiguous");
}

TEST_CASE("a reshape that changes the element count stops the run") {
  Arguments a = in_range();
  a.flat.assign(5, -1.0f);
  const host::RunResult result = run(a);
  check_stopped(result, "runtime_int_checks: line 29: tensor.reshape of 'rows' changes the "
                        "element count from 6 to 5");
}

}  // namespace
