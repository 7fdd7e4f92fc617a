// kernel_config.py (design/outputs.md §3): RUNTIME_CONFIG, ORCHESTRATION
// and KERNELS in the format existing PTO tooling reads.
#ifndef TASKC_COMPILER_EMIT_KERNEL_CONFIG_H
#define TASKC_COMPILER_EMIT_KERNEL_CONFIG_H

#include <string>

#include "plan.h"

namespace taskc {

// Sources are written relative to the generated file (`_ROOT_DIR / ...`):
// `orch_source_name` as the orchestration source, each kernel's @source as
// written in the .kir. `input_name` and `version` appear in the header
// comment only. Valid Python; deterministic.
std::string emit_kernel_config_py(const Plan& plan, const std::string& orch_source_name,
                                  const std::string& input_name,
                                  const std::string& version);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_KERNEL_CONFIG_H
