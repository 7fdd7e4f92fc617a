// Internal to the loader: turns a parsed JSON document into a Manifest,
// collecting a problem for everything that does not conform to schema version
// 1 or that a runtime could not rely on. Split from manifest_loader.cc so that
// the format rules read on their own.
#ifndef TASKC_RUNTIME_ABI_MANIFEST_READER_H
#define TASKC_RUNTIME_ABI_MANIFEST_READER_H

#include "json_document.h"
#include "json_fields.h"
#include "manifest_loader.h"

namespace taskc::abi {

// Fills `manifest` from `document` as far as it conforms. The manifest is only
// meaningful when no problem was added.
void read_manifest_document(const JsonDocument& document,
                            ProblemSink& problems, Manifest& manifest);

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_MANIFEST_READER_H
