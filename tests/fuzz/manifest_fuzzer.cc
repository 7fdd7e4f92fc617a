// libFuzzer target: manifest JSON text through the runtime loader and its
// bounded JSON reader.
//
// Beyond "no crash, no hang, no exception", it asserts:
// * the JSON reader and nlohmann::json agree on whether the text is JSON and
//   on every value of it (json_oracle.h; texts with a NUL byte or past the
//   reader's depth and size limits are not compared: nlohmann stops at a NUL,
//   and has no limits);
// * a result has a manifest exactly when it has no errors, and every error
//   line is printable ASCII;
// * for every accepted manifest, build_callables succeeds, and each
//   callable's sig_count() equals its kernel's signature length (the
//   orchestration's too), at the func_id the manifest gives.
// A violated property aborts (a finding), like a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "bounded_json.h"
#include "json_oracle.h"
#include "manifest_loader.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "manifest_fuzzer: property violated: %s\n%s\n", what,
               detail.c_str());
  std::abort();
}

void check_accepted(const taskc::abi::Manifest& manifest) {
  taskc::abi::ChipCallable chip;
  try {
    chip = taskc::abi::build_callables(manifest, {});
  } catch (const std::exception& e) {
    fail("build_callables refuses an accepted manifest", e.what());
  }
  if (chip.children.size() != manifest.kernels.size()) {
    fail("callable count differs from the kernel count", manifest.module);
  }
  for (const taskc::abi::ManifestKernel& kernel : manifest.kernels) {
    const taskc::abi::CoreCallable* callable = chip.child(kernel.func_id);
    if (callable == nullptr || callable->name() != kernel.name) {
      fail("no callable at the kernel's func_id", kernel.name);
    }
    if (callable->sig_count() != kernel.signature.size()) {
      fail("sig_count() differs from the signature length", kernel.name);
    }
    for (uint32_t i = 0; i < callable->sig_count(); ++i) {
      if (callable->signature(i) != kernel.signature[i]) {
        fail("a callable's signature differs from the manifest", kernel.name);
      }
    }
  }
  if (chip.orchestration.sig_count() !=
      manifest.orchestration.signature.size()) {
    fail("orchestration sig_count() differs from its signature",
         manifest.orchestration.name);
  }
  if (chip.expected_arg_count != manifest.orchestration.expected_arg_count) {
    fail("expected_arg_count differs", manifest.orchestration.name);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const taskc::abi::JsonReadResult json = taskc::abi::read_json_bounded(text);
  const std::string disagreement =
      taskc::abi::oracle::disagreement(text, json);
  if (!disagreement.empty()) {
    fail("the JSON reader disagrees with nlohmann::json",
         disagreement + "\ninput: " + taskc::abi::printable_excerpt(text, 400));
  }
  taskc::abi::LoadLimits limits;
  limits.max_input_bytes = 1 << 20;
  taskc::abi::LoadResult result =
      taskc::abi::load_manifest_text(text, "fuzz.json", limits);
  if (result.ok() != result.errors.empty()) {
    fail("ok() disagrees with the error list", result.error_report());
  }
  for (char c : result.error_report()) {
    if (c != '\n' && (c < 0x20 || c > 0x7e)) {
      fail("an error message is not printable ASCII", result.error_report());
    }
  }
  if (result.ok()) check_accepted(*result.manifest);
  return 0;
}
