// The ranges of the checked program's integer values, and proofs over
// them: the checker records a range for every integer expression
// (ExprInfo::range) and symbol (Symbol::range, and a loop variable's
// symbolic bounds); the planner asks whether a value provably fits where it
// is stored, and emits a run-time check only when it does not.
#ifndef TASKC_COMPILER_VALUE_RANGES_H
#define TASKC_COMPILER_VALUE_RANGES_H

#include "int_ranges.h"
#include "program.h"

namespace taskc {

// The range of a checked expression from its operands' recorded ranges,
// within its dtype (a value outside it is stopped at run time). `info` is
// the expression's own entry (not yet stored when the checker calls this).
IntRange expr_range(const Program& prog, const Expr& e, const ExprInfo& info);

// The exact range of an integer operation's result on operands of `l` and
// `r`'s recorded ranges, before it is stored: wider than the operation's
// dtype when it may overflow.
IntRange raw_binary_range(BinaryOp op, const IntRange& l, const IntRange& r);

// The range of a symbolic value, from the ranges of the symbols it names.
IntRange symbolic_range(const Program& prog, const SymInt& v);

// Whether every partial sum and product of v's normal form (as the
// generated code computes it) stays within INT64 in every run.
bool extent_magnitude_fits(const Program& prog, const SymInt& v);

// Whether v >= 0 in every run: its range says so, or it does after its
// loop variables are replaced by their bounds and min/max/floor-division
// atoms by what bounds them (`i <= stop - 1`, `min(a, b) <= a`, ...).
bool provably_nonnegative(const Program& prog, const SymInt& v);
// Whether a <= b in every run.
bool provably_at_most(const Program& prog, const SymInt& a, const SymInt& b);

// The bounds of `for v in range(start, stop, step)` (step: nullopt when not
// constant), as the loop variable's range and symbolic bounds.
struct LoopBounds {
  IntRange range;
  SymInt lower = SymInt::unknown();
  SymInt upper = SymInt::unknown();
};
LoopBounds loop_bounds(const ExprInfo* start, const ExprInfo& stop,
                       const ExprInfo* step);
// Whether `i += step` after an iteration stays within INT64 in every run
// (the loop variable is below `stop` for a positive step, above it for a
// negative one), so the loop needs no overflow-safe increment.
bool loop_step_cannot_overflow(const IntRange& stop, const IntRange& step);

}  // namespace taskc

#endif  // TASKC_COMPILER_VALUE_RANGES_H
