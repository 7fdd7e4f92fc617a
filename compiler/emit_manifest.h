// The kernel manifest (design/outputs.md §2, schema version 1): every
// dispatched kernel with its func_id, core type, source and signature.
#ifndef TASKC_COMPILER_EMIT_MANIFEST_H
#define TASKC_COMPILER_EMIT_MANIFEST_H

#include <string>

#include "plan.h"

namespace taskc {

// `orch_source_name` is what the manifest names as the orchestration
// source (the .orch.cpp file as the build refers to it); `kir_name` is the
// .kir input as given; the call sites name its file name (no directories). Keys in the documented
// order, 2-space indentation, final newline. The generator version is this
// build's TASKC_VERSION.
std::string emit_manifest_json(const Plan& plan, const std::string& orch_source_name,
                               const std::string& kir_name);

// "<module>:<16 hex digits>": FNV-1a (64 bits) of the manifest's canonical
// content without what may differ between builds of one program (the
// generator, file names, lines): module, target, runtime, limits, the
// orchestration's and kernels' interfaces, groups, and the call sites'
// callees and arguments. The generated C++ exports it as
// `taskc_manifest_fingerprint`, the manifest records it (docs/manifest.md).
std::string manifest_fingerprint(const Plan& plan);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_MANIFEST_H
