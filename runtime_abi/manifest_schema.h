// The JSON Schema (draft 2020-12) of manifest schema version 1, compiled into
// the library from manifest.schema.json so that `taskc manifest schema` needs
// no installed data file. The same file is installed as
// share/taskc/manifest.schema.json.
#ifndef TASKC_RUNTIME_ABI_MANIFEST_SCHEMA_H
#define TASKC_RUNTIME_ABI_MANIFEST_SCHEMA_H

#include <string_view>

namespace taskc::abi {

// The bytes of manifest.schema.json, ending in a newline.
std::string_view manifest_schema_json();

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_MANIFEST_SCHEMA_H
