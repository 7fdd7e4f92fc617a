// The original bug, made loud: a kernel registered with a signature that
// does not describe its tasks' payloads. The loader refuses such a manifest,
// and when callables are built by hand anyway, the host runtime reports the
// mismatch for every task (and the dump says so for every task) instead of
// skipping them silently.
#include <cstdint>
#include <string>
#include <vector>

#include "e2e_support.h"

namespace {

using namespace e2e;

// The manifest taskc wrote for `manifest_path`, with kernel `kernel_index`'s
// signature emptied, written to `dir` as a user's edited copy would be.
std::string write_emptied_manifest(const ScratchDir& dir,
                                   const std::string& manifest_path,
                                   size_t kernel_index) {
  nlohmann::json manifest = read_json(manifest_path);
  manifest.at("kernels").at(kernel_index)["signature"] = nlohmann::json::array();
  const std::string path = dir.path() + "/edited.manifest.json";
  std::ofstream(path) << manifest.dump(2);
  return path;
}

TEST_CASE("the loader refuses a manifest edited to an empty signature") {
  ScratchDir dir("empty_signature");
  SECTION("matmul_single: the kernel of the original bug") {
    const abi::LoadResult loaded = abi::load_manifest_file(
        write_emptied_manifest(dir, TASKC_E2E_MATMUL_SINGLE_MANIFEST, 0));
    INFO(loaded.error_report());
    CHECK_FALSE(loaded.ok());
    REQUIRE_FALSE(loaded.errors.empty());
    CHECK(count_containing(loaded.errors, "/kernels/0/signature") ==
          loaded.errors.size());
    CHECK(count_containing(loaded.errors,
                           "kernel 'matmul' has 3 tensor params but an empty "
                           "signature") == 1);
  }
  SECTION("vector_example: each kernel in turn") {
    const abi::Manifest manifest = load_manifest(TASKC_E2E_VECTOR_EXAMPLE_MANIFEST);
    for (size_t k = 0; k < manifest.kernels.size(); ++k) {
      const abi::LoadResult loaded = abi::load_manifest_file(
          write_emptied_manifest(dir, TASKC_E2E_VECTOR_EXAMPLE_MANIFEST, k));
      INFO("kernel " << k << ": " << loaded.error_report());
      CHECK_FALSE(loaded.ok());
      CHECK(count_containing(loaded.errors,
                             "/kernels/" + std::to_string(k) + "/signature") >= 1);
    }
  }
}

// Callables for `manifest`'s kernels made by hand, as a runtime that does
// not read the manifest would: each signature cut to `keep` entries (all of
// them when the signature is shorter), entries bound from `kernels`.
abi::ChipCallable callables_with_short_signatures(
    const abi::Manifest& manifest, const host::HostKernelLibrary& kernels,
    size_t keep) {
  abi::ChipCallable chip;
  for (const abi::ManifestKernel& k : manifest.kernels) {
    std::vector<abi::ArgDirection> signature = k.signature;
    if (signature.size() > keep) signature.resize(keep);
    chip.children.push_back(abi::make_callable<abi::Limits::kCoreMaxTensorArgs>(
        signature, k.func_id, k.name, k.core_type, k.scalar_count, k.dual_aiv,
        kernels.entry(k.name)));
  }
  return chip;
}

TEST_CASE("a wrong signature length is reported for every task") {
  const Program program = load_program(TASKC_E2E_VECTOR_EXAMPLE_MANIFEST,
                                       TASKC_E2E_VECTOR_EXAMPLE_KERNELS);
  // Every kernel of vector_example has 2 or 3 tensor slots.
  const size_t keep = GENERATE(size_t{0}, size_t{1});
  INFO("signatures cut to " << keep << " entries");
  const abi::ChipCallable chip =
      callables_with_short_signatures(program.manifest, *program.kernels, keep);

  constexpr uint32_t kElements = 1000;
  std::vector<float> a(kElements, 1.0f), b(kElements, 2.0f), f(kElements, 0.0f);
  ScratchDir dump("short_signature_dump");
  host::HostRuntime runtime(chip, host::HostRuntimeOptions{1, dump.path(), true});
  runtime.bind_tensor(a, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(b, DataType::FLOAT32, {kElements});
  runtime.bind_tensor(f, DataType::FLOAT32, {kElements});
  const host::RunResult result =
      runtime.run_library(TASKC_E2E_VECTOR_EXAMPLE_ORCHESTRATION);
  INFO(result.error_text());

  // The orchestration submitted all 5 tasks; each one is reported once as a
  // signature mismatch and once by the dump, and nothing else is reported.
  constexpr uint32_t kTasks = 5;
  CHECK(result.kernel_tasks == kTasks);
  CHECK(count_containing(result.errors, "(sig_count)") == kTasks);
  CHECK(count_containing(result.errors, "its tensors are not dumped") == kTasks);
  CHECK(result.errors.size() == 2 * kTasks);
  const std::string count_text =
      "the signature has " + std::to_string(keep) + " entries (sig_count)";
  for (uint32_t task = 0; task < kTasks; ++task) {
    const std::string prefix = "task " + std::to_string(task) + ": ";
    INFO(prefix);
    CHECK(count_starting_with(result.errors, prefix) == 1);
    CHECK(count_starting_with(result.errors, "tensor dump: " + prefix) == 1);
  }
  CHECK(count_containing(result.errors, count_text) == kTasks);
  // Tasks that failed their checks did not run.
  CHECK(f == std::vector<float>(kElements, 0.0f));

  const nlohmann::json index = read_json(result.dump_index_path);
  CHECK(index.at("entries").empty());
  CHECK(result.dump_entries == 0);
  CHECK(index.at("errors").size() == kTasks);
}

TEST_CASE("matmul_single with an empty signature: the original bug, loud") {
  const Program program = load_program(TASKC_E2E_MATMUL_SINGLE_MANIFEST,
                                       TASKC_E2E_MATMUL_SINGLE_KERNELS);
  const abi::ChipCallable chip =
      callables_with_short_signatures(program.manifest, *program.kernels, 0);
  std::vector<uint16_t> a(4 * 2), b(2 * 3);
  std::vector<float> c(4 * 3);
  ScratchDir dump("empty_signature_dump");
  host::HostRuntime runtime(chip, host::HostRuntimeOptions{1, dump.path(), false});
  runtime.bind_tensor(a, DataType::BFLOAT16, {4, 2});
  runtime.bind_tensor(b, DataType::BFLOAT16, {2, 3});
  runtime.bind_tensor(c, DataType::FLOAT32, {4, 3});
  const host::RunResult result =
      runtime.run_library(TASKC_E2E_MATMUL_SINGLE_ORCHESTRATION);
  INFO(result.error_text());
  CHECK(result.kernel_tasks == 1);
  CHECK(count_containing(result.errors,
                         "task 0: lane aic kernel 'matmul' (func_id 0): the "
                         "signature has 0 entries (sig_count) but the payload "
                         "carries 3 tensors (tensor_count)") == 1);
  const nlohmann::json index = read_json(result.dump_index_path);
  CHECK(index.at("entries").empty());
  REQUIRE(index.at("errors").size() == 1);
  CHECK(index.at("errors").at(0).get<std::string>().find(
            "has a signature of 0 entries but the payload carries 3 tensors") !=
        std::string::npos);
}

}  // namespace
