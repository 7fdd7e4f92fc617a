// testdata/valid/matmul_single.kir end to end: the case that started taskc.
// One aic matmul task with three tensor slots; with the manifest's signature
// [IN, IN, OUT] the tensor dump must hold exactly those three slots (two
// captured before the task, one after) instead of nothing.
#include <cstdint>
#include <vector>

#include "bf16.h"
#include "e2e_support.h"

namespace {

using namespace e2e;

constexpr uint32_t kM = 64, kK = 32, kN = 48;

// Integers in [-4, 4] are exact in bf16, and every product and partial sum
// of the matmul is a small integer, so float results compare exactly.
std::vector<uint16_t> small_integer_matrix(uint32_t rows, uint32_t cols,
                                           uint32_t seed) {
  std::vector<uint16_t> m(size_t{rows} * cols);
  for (size_t i = 0; i < m.size(); ++i) {
    const int value = static_cast<int>((i * 5 + seed) % 9) - 4;
    m[i] = float_to_bf16(static_cast<float>(value));
  }
  return m;
}

std::vector<float> reference_matmul(const std::vector<uint16_t>& a,
                                    const std::vector<uint16_t>& b) {
  std::vector<float> c(size_t{kM} * kN, 0.0f);
  for (uint32_t i = 0; i < kM; ++i) {
    for (uint32_t j = 0; j < kN; ++j) {
      float sum = 0.0f;
      for (uint32_t p = 0; p < kK; ++p) {
        sum += bf16_to_float(a[size_t{i} * kK + p]) *
               bf16_to_float(b[size_t{p} * kN + j]);
      }
      c[size_t{i} * kN + j] = sum;
    }
  }
  return c;
}

TEST_CASE("matmul_single runs and dumps exactly its three tensor slots") {
  const Program program = load_program(TASKC_E2E_MATMUL_SINGLE_MANIFEST,
                                       TASKC_E2E_MATMUL_SINGLE_KERNELS);
  const abi::ManifestKernel* matmul = program.manifest.kernel_by_name("matmul");
  REQUIRE(matmul != nullptr);
  CHECK(program.chip.child(matmul->func_id)->sig_count() == 3);

  std::vector<uint16_t> a = small_integer_matrix(kM, kK, 1);
  std::vector<uint16_t> b = small_integer_matrix(kK, kN, 3);
  std::vector<float> c(size_t{kM} * kN, -1.0f);
  ScratchDir dump("matmul_dump");
  host::HostRuntime runtime(program.chip,
                            host::HostRuntimeOptions{1, dump.path(), true});
  runtime.bind_tensor(a, DataType::BFLOAT16, {kM, kK});
  runtime.bind_tensor(b, DataType::BFLOAT16, {kK, kN});
  runtime.bind_tensor(c, DataType::FLOAT32, {kM, kN});
  const host::RunResult result =
      runtime.run_library(TASKC_E2E_MATMUL_SINGLE_ORCHESTRATION);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.kernel_tasks == 1);
  const std::vector<float> expected = reference_matmul(a, b);
  CHECK(c == expected);

  const nlohmann::json index = check_dump_covers_every_slot(result, program.manifest);
  const nlohmann::json& entries = index.at("entries");
  REQUIRE(entries.size() == 3);
  REQUIRE(result.dump_entries == 3);
  struct Expected {
    const char* direction;
    const char* stage;
    const char* dtype;
    std::vector<uint32_t> shape;
    std::string bytes;
  };
  const Expected expected_entries[] = {
      {"IN", "before", "BFLOAT16", {kM, kK}, bytes_of(a)},
      {"IN", "before", "BFLOAT16", {kK, kN}, bytes_of(b)},
      {"OUT", "after", "FLOAT32", {kM, kN}, bytes_of(expected)},
  };
  for (uint32_t slot = 0; slot < 3; ++slot) {
    INFO("slot " << slot);
    const nlohmann::json& entry = entries.at(slot);
    const Expected& want = expected_entries[slot];
    CHECK(entry.at("task") == 0);
    CHECK(entry.at("kernel") == "matmul");
    CHECK(entry.at("func_id") == matmul->func_id);
    CHECK(entry.at("slot") == slot);
    CHECK(entry.at("direction") == want.direction);
    CHECK(entry.at("stage") == want.stage);
    CHECK(entry.at("dtype") == want.dtype);
    CHECK(entry.at("shape").get<std::vector<uint32_t>>() == want.shape);
    CHECK(dump_bytes(result, entry) == want.bytes);
  }
}

}  // namespace
