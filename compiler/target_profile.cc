#include "target_profile.h"

namespace taskc {

namespace {
const TargetProfile kProfiles[] = {
    {"a2a3", 32, 16, 256, 128, 5, 1024, 64, 64},
    {"a5", 32, 16, 256, 128, 5, 1024, 64, 64},
};
}  // namespace

const TargetProfile* find_target_profile(std::string_view target) {
  for (const TargetProfile& p : kProfiles) {
    if (target == p.target) return &p;
  }
  return nullptr;
}

const TargetProfile& default_target_profile() { return kProfiles[0]; }

std::vector<std::string> target_names() {
  std::vector<std::string> names;
  for (const TargetProfile& p : kProfiles) names.emplace_back(p.target);
  return names;
}

bool is_known_runtime(std::string_view runtime) {
  return runtime == kDefaultRuntime;
}

}  // namespace taskc
