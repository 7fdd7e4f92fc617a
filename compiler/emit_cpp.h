// The orchestration translation unit (design/outputs.md §1): one task
// submission per planned task, written against the tensormap-and-ringbuffer
// orchestration API subset.
#ifndef TASKC_COMPILER_EMIT_CPP_H
#define TASKC_COMPILER_EMIT_CPP_H

#include <string>

#include "plan.h"

namespace taskc {

// `input_name` is the input as given on the command line (it appears only
// in comments, escaped); `version` is taskc's version. Deterministic.
std::string emit_orchestration_cpp(const Plan& plan, const std::string& input_name,
                                   const std::string& version);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_CPP_H
