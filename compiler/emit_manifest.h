// The kernel manifest (design/outputs.md §2, schema version 1): every
// dispatched kernel with its func_id, core type, source and signature.
#ifndef TASKC_COMPILER_EMIT_MANIFEST_H
#define TASKC_COMPILER_EMIT_MANIFEST_H

#include <string>

#include "plan.h"

namespace taskc {

// `orch_source_name` is what the manifest names as the orchestration
// source (the .orch.cpp file as the build refers to it). Keys in the
// documented order, 2-space indentation, final newline. The generator
// version is this build's TASKC_VERSION.
std::string emit_manifest_json(const Plan& plan, const std::string& orch_source_name);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_MANIFEST_H
