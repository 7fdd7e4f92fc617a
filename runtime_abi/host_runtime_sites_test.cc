// A generated-style library with the symbols taskc adds: its fingerprint
// is compared with the manifest's before anything runs, and its call site
// variable names the .kir call in messages about the orchestration's views
// and in task labels; only the first error of a kind is listed.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "host_runtime.h"
#include "host_runtime_build_support.h"
#include "host_runtime_test_support.h"
#include "library_match.h"

using namespace taskc::host;
using namespace taskc::host::test;

namespace {

// A generated-style orchestration library: taskc's symbols (the
// fingerprint unless it is empty), a config of `arg_count` arguments and
// the entry's body.
std::string library_source(const std::string& fingerprint, int arg_count,
                           const std::string& entry_body) {
  std::string text =
      "#include <stddef.h>\n#include <stdint.h>\n\n#include \"pto_orchestration_api.h\"\n\n"
      "extern \"C\" {\n\n";
  if (!fingerprint.empty()) {
    text += "__attribute__((visibility(\"default\")))\n"
            "extern const char taskc_manifest_fingerprint[] = \"" + fingerprint + "\";\n";
  }
  text += "__attribute__((visibility(\"default\")))\nuint32_t taskc_site = 0;\n\n"
          "__attribute__((visibility(\"default\")))\n"
          "PTO2OrchestrationConfig aicpu_orchestration_config(const ChipTaskArgs&) {\n"
          "    return PTO2OrchestrationConfig{" + std::to_string(arg_count) + "};\n}\n\n"
          "__attribute__((visibility(\"default\")))\n"
          "void aicpu_orchestration_entry(const ChipTaskArgs& orch_args) {\n" +
          entry_body + "}\n\n}  // extern \"C\"\n";
  return text;
}

// Entry bodies: a call of kernel_add_scalar in a loop whose view is one
// element too long, a bad view between calls, then a call whose view is
// fine but which passes no scalar.
const char* const kSitedViewsEntry = R"cpp(    const ChipTensor& ext_a = orch_args.tensor(0).ref();
    const ChipTensor& ext_f = orch_args.tensor(1).ref();
    const uint32_t too_long[1] = {9};
    const uint32_t whole[1] = {8};
    const uint32_t origin[1] = {0};
    for (uint32_t i = 0; i < 2; ++i) {
        taskc_site = 0;
        const ChipTensor bad = ext_a.view(too_long, origin);
        CoreTaskArgs params;
        params.add_input(bad);
        params.add_output(ext_f);
        params.add_scalar(to_u64(1.0f));
        rt_submit_aiv_task(1, params);
    }
    const ChipTensor after = ext_a.view(too_long, origin);
    (void)after;
    taskc_site = 1;
    const ChipTensor good = ext_a.view(whole, origin);
    CoreTaskArgs params;
    params.add_input(good);
    params.add_output(ext_f);
    rt_submit_aiv_task(1, params);
)cpp";

std::string sited_views_library() {
  return library_source("sited:00000000000000aa", 2, kSitedViewsEntry);
}

std::vector<CallSite> sites() {
  return {{"sited.kir", 7, "kernel_add_scalar", {"a[0:9]", "f"}},
          {"sited.kir", 9, "kernel_add_scalar", {"a", "f"}}};
}

RunResult run_sited(const ScratchDir& dir, const std::string& fingerprint) {
  HostRuntimeOptions options;
  options.sites = sites();
  options.fingerprint = fingerprint;
  options.manifest_path = "sited.manifest.json";
  HostRuntime runtime(standard_kernels(), options);
  static std::vector<float> a(8, 1.0f), f(8, 0.0f);
  runtime.bind_tensor(a, DataType::FLOAT32, {8}, "a");
  runtime.bind_tensor(f, DataType::FLOAT32, {8}, "f");
  return runtime.run_library((dir.path() / "sited.so").string());
}

TEST_CASE("run-time errors name the call site; the first of a kind is listed") {
  ScratchDir dir("taskc_host_sites_test");
  REQUIRE(compile_library(dir, "sited", sited_views_library()) == 0);
  const RunResult result = run_sited(dir, "sited:00000000000000aa");
  INFO(result.error_text());
  CHECK_FALSE(result.refused);
  CHECK(result.warnings.empty());
  REQUIRE_FALSE(result.errors.empty());
  CHECK(contains(result.errors[0],
                 "in the arguments of task 0 (kernel_add_scalar, sited.kir:7): view out "
                 "of bounds on axis 0: offset 0 + extent 9 exceeds the source extent 8"));
  // The loop's second bad view repeats the first: counted, not listed.
  CHECK(contains(result.error_text(),
                 "1 more view out of bounds error was not listed"));
  CHECK(contains(result.error_text(),
                 "after task 0 (kernel_add_scalar, sited.kir:7): view out of bounds"));
  // Tasks are named by call site, with their submission second.
  CHECK(contains(result.error_text(),
                 "task 1 (kernel_add_scalar, sited.kir:9, submission 2): lane aiv0 "
                 "kernel 'kernel_add_scalar' (func_id 1): the kernel takes 1 scalar "
                 "but the payload carries 0 (tensor arguments a, f)"));
}

// One call of a kernel that scales its IN argument.
const char* const kSitedScaleEntry = R"cpp(    taskc_site = 0;
    CoreTaskArgs params;
    params.add_input(orch_args.tensor(0).ref());
    params.add_output(orch_args.tensor(1).ref());
    rt_submit_aiv_task(0, params);
)cpp";

TEST_CASE("a direction violation names the argument as the call spells it") {
  ScratchDir dir("taskc_host_sites_direction_test");
  REQUIRE(compile_library(dir, "scale", library_source("", 2, kSitedScaleEntry)) == 0);
  KernelRegistry registry;
  registry.add_aiv("gemm_acc", {IN, OUT}, kernel_scales_its_input);
  HostRuntimeOptions options;
  options.check_directions = true;
  options.sites = {{"gemm.kir", 12, "gemm_acc", {"tensor.slice(acc, [3], [0])", "out"}}};
  HostRuntime runtime(registry.chip(), options);
  std::vector<float> acc(3, 1.0f), out(3, 0.0f);
  runtime.bind_tensor(acc, DataType::FLOAT32, {3}, "acc");
  runtime.bind_tensor(out, DataType::FLOAT32, {3}, "out");
  const RunResult result = runtime.run_library((dir.path() / "scale.so").string());
  INFO(result.error_text());
  REQUIRE(result.errors.size() == 1);
  CHECK(contains(result.errors[0], "task 0 (gemm_acc, gemm.kir:12, submission 0)"));
  CHECK(contains(result.errors[0], "changed payload tensor slot 0 "
                                   "('tensor.slice(acc, [3], [0])')"));
}

// Three manual scopes in a loop, each a call writing f and a call reading
// it, with no dependency between them: the same race every iteration.
const char* const kSitedRaceEntry = R"cpp(    const ChipTensor& ext_a = orch_args.tensor(0).ref();
    const ChipTensor& ext_f = orch_args.tensor(1).ref();
    const ChipTensor& ext_g = orch_args.tensor(2).ref();
    for (int i = 0; i < 3; ++i) {
        PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
            taskc_site = 0;
            CoreTaskArgs write;
            write.add_input(ext_a);
            write.add_output(ext_f);
            write.add_scalar(to_u64(1.0f));
            rt_submit_aiv_task(1, write);
            taskc_site = 1;
            CoreTaskArgs read;
            read.add_input(ext_f);
            read.add_output(ext_g);
            read.add_scalar(to_u64(2.0f));
            rt_submit_aiv_task(1, read);
        }
    }
)cpp";

TEST_CASE("a race repeated by a loop is listed once per call site") {
  ScratchDir dir("taskc_host_sites_race_test");
  REQUIRE(compile_library(dir, "race", library_source("", 3, kSitedRaceEntry)) == 0);
  HostRuntimeOptions options;
  options.check_races = true;
  options.sites = {{"race.kir", 6, "kernel_add_scalar", {"a", "f"}},
                   {"race.kir", 7, "kernel_add_scalar", {"f", "g"}}};
  HostRuntime runtime(standard_kernels(), options);
  std::vector<float> a(4, 1.0f), f(4, 0.0f), g(4, 0.0f);
  runtime.bind_tensor(a, DataType::FLOAT32, {4}, "a");
  runtime.bind_tensor(f, DataType::FLOAT32, {4}, "f");
  runtime.bind_tensor(g, DataType::FLOAT32, {4}, "g");
  const RunResult result = runtime.run_library((dir.path() / "race.so").string());
  INFO(result.error_text());
  CHECK(result.races.size() > 2);  // every iteration's, for API users
  size_t listed = 0;
  for (const std::string& error : result.errors) listed += contains(error, "race: ");
  CHECK(listed <= 2);  // one per call site at most
  CHECK(contains(result.error_text(),
                 "race: task 0 (kernel_add_scalar, race.kir:6, submission 0) writes slot 1 "
                 "('f') and task 1 (kernel_add_scalar, race.kir:7, submission 1) reads "
                 "slot 0 ('f')"));
  CHECK(contains(result.error_text(), "more race errors were not listed"));
}

TEST_CASE("names from a manifest's sites cannot add a line to a message") {
  const CallSite hostile{"a\nb.kir", 3, "k", {"x\ny"}};
  CHECK(site_label(2, hostile) == "task 2 (k, a\\x0Ab.kir:3)");
  CHECK(argument_spelling(&hostile, 0) == " ('x\\x0Ay')");
  CHECK(argument_spelling(&hostile, 1).empty());
  CHECK(argument_spelling(nullptr, 0).empty());
}

TEST_CASE("a library whose fingerprint differs from the manifest's is refused") {
  ScratchDir dir("taskc_host_fingerprint_test");
  REQUIRE(compile_library(dir, "sited", sited_views_library()) == 0);
  const RunResult stale = run_sited(dir, "sited:00000000000000bb");
  REQUIRE(stale.errors.size() == 1);
  CHECK(stale.refused);
  CHECK(stale.kernel_tasks == 0);
  CHECK(contains(stale.errors[0], "come from different compiles of module 'sited'"));

  const RunResult other = run_sited(dir, "other:00000000000000aa");
  REQUIRE(other.errors.size() == 1);
  CHECK(contains(other.errors[0], "was generated from module 'sited' but manifest "
                                  "'sited.manifest.json' describes module 'other'"));
}

TEST_CASE("a library without a fingerprint runs, with a warning") {
  ScratchDir dir("taskc_host_no_fingerprint_test");
  REQUIRE(compile_library(dir, "sited", library_source("", 2, kSitedViewsEntry)) == 0);
  const RunResult result = run_sited(dir, "sited:00000000000000aa");
  CHECK_FALSE(result.refused);
  REQUIRE(result.warnings.size() == 1);
  CHECK(contains(result.warnings[0], "has no symbol 'taskc_manifest_fingerprint'"));
  CHECK(contains(result.warnings[0], "is not checked"));
}

TEST_CASE("the stale file of a mismatch is the older one") {
  const std::string lib = "liborch.so", man = "m.json";
  CHECK(contains(fingerprint_mismatch(lib, "m:1", man, "m:2", OlderFile::kLibrary),
                 "orchestration library 'liborch.so' is stale"));
  CHECK(contains(fingerprint_mismatch(lib, "m:1", man, "m:2", OlderFile::kManifest),
                 "manifest 'm.json' is stale"));
  CHECK(fingerprint_mismatch(lib, "m:1", man, "m:1", OlderFile::kLibrary).empty());
}

}  // namespace
