#include "int_ranges.h"

#include <algorithm>

namespace taskc {

namespace {

// Beyond any product of two stored values' bounds; saturated products stop
// here, which keeps sums of them from overflowing 128 bits.
const WideInt kSaturated = WideInt{1} << 120;

WideInt saturating_mul(WideInt a, WideInt b) {
  WideInt r = 0;
  if (__builtin_mul_overflow(a, b, &r) || r > kSaturated || r < -kSaturated) {
    return (a < 0) != (b < 0) ? -kSaturated : kSaturated;
  }
  return r;
}

WideInt floor_div(WideInt a, WideInt b) {
  WideInt q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

IntRange corners(const IntRange& a, const IntRange& b, WideInt (*op)(WideInt, WideInt)) {
  WideInt v[] = {op(a.lo, b.lo), op(a.lo, b.hi), op(a.hi, b.lo), op(a.hi, b.hi)};
  return IntRange::between(*std::min_element(v, v + 4), *std::max_element(v, v + 4));
}

// The parts of a divisor's range without 0, and whether it holds 0.
struct DivisorParts {
  bool negative = false, positive = false, zero = false;
  IntRange below, above;
};

DivisorParts split_divisor(const IntRange& b) {
  DivisorParts p;
  p.zero = b.lo <= 0 && b.hi >= 0;
  p.negative = b.lo < 0;
  p.positive = b.hi > 0;
  p.below = IntRange::between(b.lo, std::min<WideInt>(b.hi, -1));
  p.above = IntRange::between(std::max<WideInt>(b.lo, 1), b.hi);
  return p;
}

// Combines the results for the negative and positive divisors (and 0).
template <typename F>
IntRange over_divisors(const IntRange& b, F part) {
  DivisorParts p = split_divisor(b);
  bool any = false;
  IntRange out = IntRange::exactly(0);
  auto add = [&](const IntRange& r) {
    out = any ? hull(out, r) : r;
    any = true;
  };
  if (p.negative) add(part(p.below));
  if (p.positive) add(part(p.above));
  if (p.zero) add(IntRange::exactly(0));
  return out;
}

}  // namespace

IntRange dtype_range(DType d) {
  const DTypeInfo& info = dtype_info(d);
  if (!info.is_integer && d != DType::kBool) return IntRange{};
  return IntRange::between(info.min_value, static_cast<WideInt>(info.max_value));
}

IntRange extent_range() { return IntRange::between(0, kMaxExtent); }

IntRange intersect(const IntRange& a, const IntRange& b) {
  return IntRange::between(std::max(a.lo, b.lo), std::min(a.hi, b.hi));
}

IntRange hull(const IntRange& a, const IntRange& b) {
  return IntRange::between(std::min(a.lo, b.lo), std::max(a.hi, b.hi));
}

IntRange range_add(const IntRange& a, const IntRange& b) {
  return IntRange::between(a.lo + b.lo, a.hi + b.hi);
}

IntRange range_sub(const IntRange& a, const IntRange& b) {
  return IntRange::between(a.lo - b.hi, a.hi - b.lo);
}

IntRange range_mul(const IntRange& a, const IntRange& b) {
  return corners(a, b, saturating_mul);
}

IntRange range_neg(const IntRange& a) { return IntRange::between(-a.hi, -a.lo); }

IntRange range_floor_div(const IntRange& a, const IntRange& b) {
  return over_divisors(b, [&](const IntRange& d) { return corners(a, d, floor_div); });
}

IntRange range_mod(const IntRange& a, const IntRange& b) {
  return over_divisors(b, [&](const IntRange& d) {
    if (d.lo > 0) {  // the result has the divisor's sign: 0..d-1
      if (a.lo >= 0 && a.hi < d.lo) return a;
      return IntRange::between(0, a.lo >= 0 ? std::min(a.hi, d.hi - 1) : d.hi - 1);
    }
    if (a.hi <= 0 && a.lo > d.hi) return a;
    return IntRange::between(a.hi <= 0 ? std::max(a.lo, d.lo + 1) : d.lo + 1, 0);
  });
}

std::string wide_to_string(WideInt v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  std::string digits;
  while (v != 0) {
    int d = static_cast<int>(v % 10);
    digits += static_cast<char>('0' + (d < 0 ? -d : d));
    v /= 10;
  }
  if (negative) digits += '-';
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace taskc
