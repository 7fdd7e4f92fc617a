// Target profiles: the per-target limits, kept in one table.
#ifndef TASKC_COMPILER_TARGET_PROFILE_H
#define TASKC_COMPILER_TARGET_PROFILE_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace taskc {

struct TargetProfile {
  const char* target;  // "a2a3", "a5"
  uint32_t core_max_tensor_args;
  uint32_t core_max_scalar_args;
  uint32_t chip_max_tensor_args;
  uint32_t chip_max_scalar_args;
  uint32_t max_tensor_rank;
  uint32_t max_dispatched_kernels;  // the runtime's child-callable cap
};

// nullptr for an unknown target.
const TargetProfile* find_target_profile(std::string_view target);
const TargetProfile& default_target_profile();
std::vector<std::string> target_names();

// The runtimes taskc can emit for (v1: one).
bool is_known_runtime(std::string_view runtime);
constexpr const char* kDefaultRuntime = "tensormap_and_ringbuffer";

}  // namespace taskc

#endif  // TASKC_COMPILER_TARGET_PROFILE_H
