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
  // PTO2_MAX_SCOPE_DEPTH: nested runtime scopes, counting the executor's own
  // scope and the entry's PTO2_SCOPE().
  uint32_t max_scope_depth;
  // Explicit dependencies of one task (set_dependencies), after the
  // compiler's own additions.
  uint32_t max_task_deps;
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
