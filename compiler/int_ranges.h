// Integer value ranges: what the checker knows about every integer value
// (a literal, a dim, a loop variable, an expression of them), so that the
// generated code checks a narrowing, an overflow or a bound only where the
// value may leave its range (language-v2.md §4: "a check the checker
// proves is not emitted").
//
// A range is an interval [lo, hi] of mathematical integers, held in 128
// bits so that every 64-bit dtype (INT64 and UINT64 alike) and every sum of
// two of them is exact; products saturate. The interval of an operation is
// the exact interval of its result before it is stored: whether that fits
// the dtype decides whether the operation needs a run-time check.
#ifndef TASKC_COMPILER_INT_RANGES_H
#define TASKC_COMPILER_INT_RANGES_H

#include <string>

#include "types.h"

namespace taskc {

__extension__ typedef __int128 WideInt;

struct IntRange {
  // The widest range any stored value can have: INT64's minimum to
  // UINT64's maximum.
  WideInt lo = -(WideInt{1} << 63);
  WideInt hi = (WideInt{1} << 64) - 1;

  static IntRange exactly(WideInt v) { return IntRange{v, v}; }
  static IntRange between(WideInt lo, WideInt hi) { return IntRange{lo, hi}; }
  bool within(const IntRange& o) const { return lo >= o.lo && hi <= o.hi; }
  bool operator==(const IntRange& o) const { return lo == o.lo && hi == o.hi; }
};

// The values of an integer dtype (BOOL: 0..1); the widest range for others.
IntRange dtype_range(DType d);
// The largest extent, offset or index the runtime can hold (uint32_t).
constexpr uint64_t kMaxExtent = 4294967295u;
IntRange extent_range();  // 0..kMaxExtent

IntRange intersect(const IntRange& a, const IntRange& b);
IntRange hull(const IntRange& a, const IntRange& b);
IntRange range_add(const IntRange& a, const IntRange& b);
IntRange range_sub(const IntRange& a, const IntRange& b);
IntRange range_mul(const IntRange& a, const IntRange& b);
IntRange range_neg(const IntRange& a);
// Floor division and modulo (the .kir `//` and `%`); a divisor that may be
// 0 yields 0 there (the generated code reports it and yields 0).
IntRange range_floor_div(const IntRange& a, const IntRange& b);
IntRange range_mod(const IntRange& a, const IntRange& b);

// Decimal text of a wide value, for messages.
std::string wide_to_string(WideInt v);

}  // namespace taskc

#endif  // TASKC_COMPILER_INT_RANGES_H
