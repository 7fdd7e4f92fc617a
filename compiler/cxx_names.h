// Which .kir names cannot become C++ identifiers or host symbols.
#ifndef TASKC_COMPILER_CXX_NAMES_H
#define TASKC_COMPILER_CXX_NAMES_H

#include <optional>
#include <string>
#include <string_view>

namespace taskc {

// Why `name` cannot be emitted ("is a C++ keyword", ...), or nullopt when it
// can. Covers C++ keywords and alternative tokens, reserved identifiers
// (`__x`, `_X`), names of the orchestration API and of common libc symbols,
// and the prefixes the generated code uses for its own names.
std::optional<std::string> cxx_reserved_reason(std::string_view name);

}  // namespace taskc

#endif  // TASKC_COMPILER_CXX_NAMES_H
