// The call sites of a generated orchestration (the manifest's `sites`):
// the generated code stores the number of the call it is about to submit
// in its exported `taskc_site` before it makes the call's views, and the
// host runtime reads it, so that run-time messages name the `.kir` line,
// the kernel and the arguments as the program spells them, with the same
// task numbers as the generated checks ("task 2 (bias_gelu, line 51)").
#ifndef TASKC_RUNTIME_ABI_CALL_SITE_H
#define TASKC_RUNTIME_ABI_CALL_SITE_H

#include <cstdint>
#include <string>
#include <vector>

namespace taskc::host {

// The symbols a taskc-generated orchestration library exports besides its
// entry points (docs/generated-code.md).
constexpr const char* kSiteSymbol = "taskc_site";
constexpr const char* kFingerprintSymbol = "taskc_manifest_fingerprint";
// `taskc_site` outside the code of any call (the host runtime stores it
// after each submit).
constexpr uint32_t kNoSite = UINT32_MAX;

struct CallSite {
  std::string file;    // the .kir file name (no directories)
  uint32_t line = 0;
  std::string callee;  // kernel or group
  std::vector<std::string> tensors;  // .kir spelling of each tensor argument
};

// "task 2 (bias_gelu, model.kir:51)": the site's number as the generated
// checks count it, the callee and the location.
// Names from the manifest are quoted printable (a hostile manifest cannot
// add a line to a message).
std::string site_label(uint32_t number, const CallSite& site);

// " ('tensor.slice(x, [4], [i])')": how the call spells its tensor argument
// at payload slot `slot`, or "" when the site does not say.
std::string argument_spelling(const CallSite* site, uint32_t slot);

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_CALL_SITE_H
