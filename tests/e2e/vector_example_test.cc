// testdata/valid/vector_example.kir end to end: f = (a+b+1)(a+b+2) + (a+b)
// on 1,000,000 elements, compiled by taskc, run on the host runtime with
// kernels from kernels_vector.cc, compared exactly with a reference.
#include <cstdint>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace {

using namespace e2e;

constexpr uint32_t kElements = 1'000'000;

struct Inputs {
  std::vector<float> a, b, expected;
};

// Small integers keep every intermediate exact in float (the largest,
// (a+b+1)(a+b+2), stays below 2^24), so the comparison can be exact.
Inputs make_inputs() {
  Inputs in;
  in.a.resize(kElements);
  in.b.resize(kElements);
  in.expected.resize(kElements);
  for (uint32_t i = 0; i < kElements; ++i) {
    in.a[i] = static_cast<float>(i % 1000) - 500.0f;
    in.b[i] = static_cast<float>((i * 7) % 1500) - 300.0f;
    const float c = in.a[i] + in.b[i];
    in.expected[i] = (c + 1.0f) * (c + 2.0f) + c;
  }
  return in;
}

host::RunResult run(const Program& program, Inputs& in,
                    std::vector<float>& f, host::HostRuntimeOptions options) {
  host::HostRuntime runtime(program.chip, std::move(options));
  runtime.bind_tensor(in.a, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(in.b, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(f, DataType::FLOAT32, {kElements});
  return runtime.run_library(TASKC_E2E_VECTOR_EXAMPLE_ORCHESTRATION);
}

size_t mismatches(const std::vector<float>& got,
                  const std::vector<float>& expected) {
  size_t count = 0;
  for (size_t i = 0; i < got.size(); ++i) count += got[i] != expected[i];
  return count;
}

TEST_CASE("vector_example computes f exactly on 1M elements") {
  const Program program = load_program(TASKC_E2E_VECTOR_EXAMPLE_MANIFEST,
                                       TASKC_E2E_VECTOR_EXAMPLE_KERNELS);
  Inputs in = make_inputs();
  const uint32_t threads = GENERATE(1u, 2u);
  INFO("threads " << threads);
  std::vector<float> f(kElements, -1.0f);
  const host::RunResult result =
      run(program, in, f, host::HostRuntimeOptions{threads, "", true});
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.races.empty());
  CHECK(result.kernel_tasks == 5);
  CHECK(result.kernel_invocations == 5);
  CHECK(mismatches(f, in.expected) == 0);
}

TEST_CASE("vector_example's dump holds every slot of every task") {
  const Program program = load_program(TASKC_E2E_VECTOR_EXAMPLE_MANIFEST,
                                       TASKC_E2E_VECTOR_EXAMPLE_KERNELS);
  Inputs in = make_inputs();
  std::vector<float> f(kElements, -1.0f);
  ScratchDir dump("vector_dump");
  const host::RunResult result =
      run(program, in, f, host::HostRuntimeOptions{1, dump.path(), true});
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(mismatches(f, in.expected) == 0);

  const nlohmann::json index = check_dump_covers_every_slot(result, program.manifest);
  // Tasks in submit order, as the .kir calls them.
  const std::vector<std::string> kernels = {"kernel_add", "kernel_add_scalar",
                                            "kernel_add_scalar", "kernel_mul",
                                            "kernel_add"};
  std::vector<std::string> dumped;
  for (const nlohmann::json& entry : index.at("entries")) {
    const auto task = entry.at("task").get<size_t>();
    if (task == dumped.size()) dumped.push_back(entry.at("kernel").get<std::string>());
  }
  CHECK(dumped == kernels);
  // The captured bytes are the tensors: task 0's inputs are a and b, the
  // last task's output is f.
  const nlohmann::json& entries = index.at("entries");
  CHECK(dump_bytes(result, entries.front()) == bytes_of(in.a));
  CHECK(dump_bytes(result, entries.at(1)) == bytes_of(in.b));
  CHECK(entries.back().at("shape") == nlohmann::json::array({kElements}));
  CHECK(dump_bytes(result, entries.back()) == bytes_of(in.expected));
}

}  // namespace
