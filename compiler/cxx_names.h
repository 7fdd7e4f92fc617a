// Which .kir names cannot become C++ identifiers or host symbols.
#ifndef TASKC_COMPILER_CXX_NAMES_H
#define TASKC_COMPILER_CXX_NAMES_H

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taskc {

// Why `name` cannot be emitted ("is a C++ keyword", ...), or nullopt when it
// can. Covers C++ keywords and alternative tokens, reserved identifiers
// (`__x`, `_X`), names of the orchestration API and of common libc symbols,
// every macro the generated file can see (its headers', and the compiler's
// predefined ones), and the prefixes the generated code uses for its own
// names.
std::optional<std::string> cxx_reserved_reason(std::string_view name);

// The macro names of cxx_macro_names.cc, sorted: those the generated file's
// includes define, and those compilers predefine (`linux`, `unix`, ...).
const std::vector<std::string_view>& header_macro_names();
const std::vector<std::string_view>& predefined_macro_names();

}  // namespace taskc

#endif  // TASKC_COMPILER_CXX_NAMES_H
