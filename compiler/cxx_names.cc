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

// Names the generated file or the runtime headers define, and libc/POSIX
// symbols a host kernel library would clash with.
constexpr std::string_view kTakenNames[] = {
    "ChipTaskArgs", "ChipTensor", "TensorCreateInfo", "DataType",
    "alloc_tensors", "TaskOutputTensors", "CoreTaskArgs", "MixedKernels",
    "INVALID_KERNEL_ID", "rt_submit_aic_task", "rt_submit_aiv_task",
    "rt_submit_task", "PTO2TaskId", "PTO2_SCOPE", "PTO2ScopeMode",
    "get_tensor_data", "set_tensor_data", "to_u64", "from_u64",
    "rt_report_fatal", "PTO2_ERROR_INVALID_ARGS", "LOG_ERROR",
    "PTO2OrchestrationConfig", "aicpu_orchestration_config",
    "aicpu_orchestration_entry", "orch_args", "NULL", "EOF",
    "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
    "uint32_t", "uint64_t", "size_t", "ptrdiff_t", "std", "assert", "errno",
    "abort", "exit", "malloc", "calloc", "realloc", "free", "memcpy",
    "memmove", "memset", "memcmp", "strlen", "strcmp", "printf", "fprintf",
    "puts", "open", "close", "read", "write", "stdin", "stdout", "stderr",
    "signal", "raise"};

// Macros of <stdint.h> and <stddef.h>, which the generated file includes:
// a variable of that name would be macro-expanded.
bool is_stdint_macro(std::string_view name) {
  constexpr std::string_view kFixed[] = {
      "SIZE_MAX", "PTRDIFF_MIN", "PTRDIFF_MAX", "SIG_ATOMIC_MIN",
      "SIG_ATOMIC_MAX", "WCHAR_MIN", "WCHAR_MAX", "WINT_MIN", "WINT_MAX",
      "INTPTR_MIN", "INTPTR_MAX", "UINTPTR_MAX", "INTMAX_MIN", "INTMAX_MAX",
      "UINTMAX_MAX", "INTMAX_C", "UINTMAX_C", "offsetof"};
  if (std::find(std::begin(kFixed), std::end(kFixed), name) != std::end(kFixed)) {
    return true;
  }
  // [U]INT{8,16,32,64}_{MIN,MAX,C} and [U]INT_{LEAST,FAST}{8,16,32,64}_{MIN,MAX}
  std::string_view rest = name;
  if (!rest.empty() && rest[0] == 'U') rest.remove_prefix(1);
  if (rest.substr(0, 3) != "INT") return false;
  rest.remove_prefix(3);
  bool sized_family = false;
  for (std::string_view family : {"_LEAST", "_FAST"}) {
    if (rest.substr(0, family.size()) == family) {
      rest.remove_prefix(family.size());
      sized_family = true;
    }
  }
  for (std::string_view bits : {"8_", "16_", "32_", "64_"}) {
    if (rest.substr(0, bits.size()) != bits) continue;
    rest.remove_prefix(bits.size());
    return rest == "MIN" || rest == "MAX" || (!sized_family && rest == "C");
  }
  return false;
}

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
  if (is_stdint_macro(name)) {
    return std::string("is a macro of <stdint.h> or <stddef.h>");
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
