// Tensor argument directions and the payload methods that carry them: one
// table of spellings (`in`, `IN`, `add_input`) for every pass and emitter.
#ifndef TASKC_COMPILER_DIRECTION_H
#define TASKC_COMPILER_DIRECTION_H

#include <cstdint>

namespace taskc {

// kNone: a parameter written without a direction (a scalar, or a tensor that
// defaults to in).
enum class Direction : uint8_t { kNone, kIn, kOut, kInOut };

// How a task's payload carries a tensor: `add_input`, `add_output`,
// `add_inout`, or `add_no_dep` (no dependency tracking, any direction).
enum class PayloadMethod : uint8_t { kInput, kOutput, kInOut, kNoDep };

const char* direction_keyword(Direction d);  // "in", "out", "inout" ("" for kNone)
const char* direction_name(Direction d);     // "IN", "OUT", "INOUT" (kNone: "IN")
// The method a tensor argument of direction `d` is passed with (kNone: in).
PayloadMethod payload_method(Direction d);
const char* payload_method_name(PayloadMethod m);  // "add_input", ...
// Whether a payload slot passed with `m` satisfies a signature entry `d`.
bool method_matches(PayloadMethod m, Direction d);

}  // namespace taskc

#endif  // TASKC_COMPILER_DIRECTION_H
