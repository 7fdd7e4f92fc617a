#include "cxx_names.h"

#include <algorithm>
#include <iterator>
#include <unordered_set>

namespace taskc {

namespace {

constexpr std::string_view kCxxKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor",
    "bool", "break", "case", "catch", "char", "char8_t", "char16_t",
    "char32_t", "class", "compl", "concept", "const", "consteval",
    "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double",
    "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false",
    "float", "for", "friend", "goto", "if", "inline", "int", "long",
    "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
    "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "requires", "return", "short", "signed", "sizeof",
    "static", "static_assert", "static_cast", "struct", "switch", "template",
    "this", "thread_local", "throw", "true", "try", "typedef", "typeid",
    "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq", "final", "override", "import",
    "module", "main"};

// Names the generated file or the runtime headers declare (their macros are
// in cxx_macro_names.cc), and libc/POSIX symbols a host kernel library would
// clash with.
constexpr std::string_view kTakenNames[] = {
    "ChipTaskArgs", "ChipTensor", "TensorCreateInfo", "DataType",
    "alloc_tensors", "TaskOutputTensors", "CoreTaskArgs", "MixedKernels",
    "INVALID_KERNEL_ID", "rt_submit_aic_task", "rt_submit_aiv_task",
    "rt_submit_task", "PTO2TaskId", "PTO2ScopeMode",
    "get_tensor_data", "set_tensor_data", "to_u64", "from_u64",
    "PTO2OrchestrationConfig", "aicpu_orchestration_config",
    "aicpu_orchestration_entry", "orch_args",
    "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
    "uint32_t", "uint64_t", "size_t", "ptrdiff_t", "std", "assert",
    "abort", "exit", "malloc", "calloc", "realloc", "free", "memcpy",
    "memmove", "memset", "memcmp", "strlen", "strcmp", "printf", "fprintf",
    "puts", "open", "close", "read", "write", "signal", "raise"};

// Prefixes of names taskc generates itself.
constexpr std::string_view kGeneratedPrefixes[] = {
    "ext_", "params_t", "task_", "taskc_", "alloc_"};

}  // namespace

std::optional<std::string> cxx_reserved_reason(std::string_view name) {
  // Hashed: every declared name is checked against both lists.
  static const std::unordered_set<std::string_view> keywords(
      std::begin(kCxxKeywords), std::end(kCxxKeywords));
  static const std::unordered_set<std::string_view> taken(
      std::begin(kTakenNames), std::end(kTakenNames));
  if (keywords.count(name) != 0) {
    return std::string("is a C++ keyword");
  }
  if (name.size() >= 2 && name[0] == '_' &&
      (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z'))) {
    return std::string("is reserved in C++ (names starting with '__' or '_' "
                       "and a capital letter)");
  }
  if (name.find("__") != std::string_view::npos) {
    return std::string("contains '__', which is reserved in C++");
  }
  if (taken.count(name) != 0) {
    return std::string("is a name of the orchestration API or the C library");
  }
  if (name.substr(0, 6) == "TASKC_") {
    return std::string("starts with 'TASKC_', which runtime_abi's headers use for their macros");
  }
  auto listed = [name](const std::vector<std::string_view>& sorted) {
    return std::binary_search(sorted.begin(), sorted.end(), name);
  };
  if (listed(header_macro_names())) {
    return std::string("is a macro of the headers the generated C++ includes "
                       "(<stddef.h>, <stdint.h> or pto_orchestration_api.h)");
  }
  if (listed(predefined_macro_names())) {
    return std::string("is a macro C++ compilers predefine (in the GNU dialects, "
                       "such as g++'s default -std=gnu++17)");
  }
  for (std::string_view prefix : kGeneratedPrefixes) {
    if (name.substr(0, prefix.size()) == prefix) {
      return "starts with '" + std::string(prefix) +
             "', which generated code uses for its own names";
    }
  }
  return std::nullopt;
}

}  // namespace taskc
