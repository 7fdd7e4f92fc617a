// Every diagnostic taskc reports: one table of codes with their meaning.
// Passes report by enum (a misspelt code does not compile); the renderer,
// `-W` flag parsing and docs/diagnostics.md (tools/diagnostics_doc.py reads
// this file) take the spelling and title from here.
#ifndef TASKC_COMPILER_DIAGNOSTIC_CODES_H
#define TASKC_COMPILER_DIAGNOSTIC_CODES_H

#include <cstdint>
#include <optional>
#include <string_view>

namespace taskc {

// E(code, title): errors.
#define TASKC_ERROR_CODES(E) \
  E(E0101, "unexpected character or NUL byte") \
  E(E0102, "invalid UTF-8 outside a string or comment") \
  E(E0103, "carriage return not followed by a line feed") \
  E(E0104, "unterminated string") \
  E(E0105, "invalid escape sequence") \
  E(E0106, "malformed number or integer literal out of range") \
  E(E0107, "unexpected token") \
  E(E0108, "unterminated block") \
  E(E0109, "nesting deeper than the limit") \
  E(E0110, "identifier too long, or too many declarations") \
  E(E0111, "non-ASCII character outside a string or comment") \
  E(E0201, "undefined name (with a suggestion)") \
  E(E0202, "duplicate name") \
  E(E0203, "a name shadows an outer declaration") \
  E(E0204, "wrong kind of name") \
  E(E0205, "name reserved in C++ or by generated code") \
  E(E0206, "assignment to a name not declared with var") \
  E(E0207, "missing or second orchestration") \
  E(E0208, "unknown or misused annotation") \
  E(E0209, "dim bound by no entry tensor") \
  E(E0301, "dtype mismatch") \
  E(E0302, "rank mismatch") \
  E(E0303, "static shape mismatch") \
  E(E0304, "reshape changes the element count") \
  E(E0305, "slice out of bounds") \
  E(E0306, "tensor rank above the limit") \
  E(E0307, "type error in an expression") \
  E(E0308, "'?' extent outside a parameter type") \
  E(E0309, "not a constant expression, or constant overflow or division by zero") \
  E(E0310, "direction on a scalar parameter") \
  E(E0401, "wrong number of arguments") \
  E(E0402, "tensor where a scalar is expected") \
  E(E0403, "scalar where a tensor is expected") \
  E(E0404, "unknown keyword argument") \
  E(E0406, "constant blocks or timing_slot out of its range") \
  E(E0407, "integer does not fit the parameter's dtype") \
  E(E0408, "constant range step of 0") \
  E(E0409, "automatic scope nested inside a manual scope") \
  E(E0410, "unknown tensor operation or function, or wrong argument count") \
  E(E0411, "positional argument after a keyword, or a keyword given twice") \
  E(E0412, "task id array index out of range") \
  E(E0413, "runtime scopes nested deeper than the target allows") \
  E(E0414, "too many dependencies for one task") \
  E(E0415, "task id array size out of range") \
  E(E0416, "keyword not allowed on a barrier task") \
  E(E0417, "barrier argument without a direction, or a direction on a kernel argument") \
  E(E0418, "malformed dispatch predicate, or tensor.element outside one") \
  E(E0419, "element index outside the tensor (dispatch_if, tensor.read, tensor.write)") \
  E(E0420, "initial value that does not fit the tensor's dtype") \
  E(E0421, "extent or offset beyond the runtime's uint32 range") \
  E(E0422, "reshape of a view that is not contiguous") \
  E(E0501, "nodep on a scalar argument") \
  E(E0502, "entry tensor declared in is written") \
  E(E0503, "tasks on both sides of a manual scope's boundary share a buffer with no deps") \
  E(E0504, "two outputs of one task overlap") \
  E(E0601, "kernel has too many tensor parameters") \
  E(E0602, "kernel has too many scalar parameters") \
  E(E0603, "orchestration has too many entry tensors") \
  E(E0604, "orchestration has too many entry scalars") \
  E(E0605, "too many dispatched kernels") \
  E(E0701, "group member missing, not a kernel, or of the wrong core type") \
  E(E0702, "group member's parameters differ from the group's") \
  E(E0703, "one kernel on both vector lanes of a group without @dual_aiv") \
  E(E0801, "unknown module option, target or runtime")

// W(enumerator, name, default on, title): warnings, named for -W<name>.
#define TASKC_WARNINGS(W) \
  W(kUnusedKernel, "unused-kernel", true, "a declared kernel is never called (left out of the manifest)") \
  W(kUnwrittenOutput, "unwritten-output", true, "an entry out tensor is never written") \
  W(kUninitializedRead, "uninitialized-read", true, "a created tensor is read before any task writes it") \
  W(kManualHazard, "manual-hazard", true, "two tasks of one manual scope share a buffer with no deps between them") \
  W(kPredicateOrder, "predicate-order", true, "a dispatch predicate's tensor may not be written before the task") \
  W(kAliasedArguments, "aliased-arguments", true, "a task reads and writes one buffer through two arguments")

enum class ErrorCode : uint16_t {
#define TASKC_ERROR_ENUM(code, title) code,
  TASKC_ERROR_CODES(TASKC_ERROR_ENUM)
#undef TASKC_ERROR_ENUM
};

enum class Warning : uint8_t {
#define TASKC_WARNING_ENUM(id, name, on, title) id,
  TASKC_WARNINGS(TASKC_WARNING_ENUM)
#undef TASKC_WARNING_ENUM
};

struct ErrorCodeInfo {
  const char* code;  // "E0502"
  const char* title;
};

struct WarningInfo {
  const char* name;  // "unused-kernel"
  bool default_on;
  const char* title;
};

const ErrorCodeInfo& error_code_info(ErrorCode c);
const WarningInfo& warning_info(Warning w);
std::optional<Warning> find_warning(std::string_view name);
// Every warning, in table order.
const Warning* warnings_begin();
const Warning* warnings_end();

}  // namespace taskc

#endif  // TASKC_COMPILER_DIAGNOSTIC_CODES_H
