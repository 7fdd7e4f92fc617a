// Integer ranges (int_ranges.h) and the proofs over the checked program's
// values (value_ranges.h) that decide which run-time checks are emitted.
#include "value_ranges.h"

#include <catch2/catch.hpp>

#include "checker_test_support.h"

using namespace taskc;
using namespace taskc::test;

namespace {

IntRange r(WideInt lo, WideInt hi) { return IntRange::between(lo, hi); }

const WideInt kI64Max = (WideInt{1} << 63) - 1;
const WideInt kI64Min = -(WideInt{1} << 63);

// The checked program of `body` in an orchestration with an INDEX entry
// scalar `s`, a dim N and an INT32 entry tensor `t` of [N].
Checked program_of(const std::string& body) {
  return check_clean("module m;\ndim N;\nkernel aiv k(in t: Tensor[[?], INT32]);\n"
                     "orchestration o(in t: Tensor[[N], INT32], s: Scalar[INDEX]) {\n" +
                     body + "  call k(t);\n}\n");
}

// The symbol named `name` of a checked program.
const Symbol& symbol(const Program& p, const std::string& name) {
  for (const Symbol& s : p.symbols) {
    if (s.name == name) return s;
  }
  FAIL("no symbol " << name);
  throw;
}

SymInt value_of(const Program& p, const std::string& name) {
  const Symbol& s = symbol(p, name);
  return s.kind == SymbolKind::kLocal ? s.symbolic : SymInt::atom(name, &s - p.symbols.data());
}

}  // namespace

TEST_CASE("interval arithmetic is exact across INT64 and UINT64") {
  CHECK(dtype_range(DType::kUint8) == r(0, 255));
  CHECK(dtype_range(DType::kIndex) == r(kI64Min, kI64Max));
  CHECK(dtype_range(DType::kUint64) == r(0, (WideInt{1} << 64) - 1));
  CHECK(dtype_range(DType::kBool) == r(0, 1));
  CHECK(range_add(r(0, kI64Max), r(1, 1)) == r(1, kI64Max + 1));
  CHECK_FALSE(range_add(r(0, kI64Max), r(1, 1)).within(dtype_range(DType::kIndex)));
  CHECK(range_sub(r(0, 0), r(1, 1)) == r(-1, -1));
  CHECK(range_mul(r(-3, 2), r(4, 5)) == r(-15, 10));
  CHECK(range_neg(r(kI64Min, 0)) == r(0, kI64Max + 1));
  // A product of two UINT64 maxima saturates instead of wrapping 128 bits.
  IntRange big = range_mul(dtype_range(DType::kUint64), dtype_range(DType::kUint64));
  CHECK(big.hi > kI64Max);
  CHECK(big.lo == 0);
}

TEST_CASE("floor division and modulo ranges follow the divisor's sign") {
  CHECK(range_floor_div(r(0, 100), r(8, 8)) == r(0, 12));
  CHECK(range_floor_div(r(-9, 9), r(2, 2)) == r(-5, 4));
  CHECK(range_floor_div(r(10, 10), r(-3, -3)) == r(-4, -4));
  CHECK(range_mod(r(0, 100), r(4, 4)) == r(0, 3));
  CHECK(range_mod(r(0, 2), r(4, 4)) == r(0, 2));
  CHECK(range_mod(r(-7, 7), r(4, 4)) == r(0, 3));
  CHECK(range_mod(r(-7, 7), r(-4, -4)) == r(-3, 0));
  // A divisor that may be 0: the generated code yields 0 there.
  IntRange maybe_zero = range_floor_div(r(-10, 10), r(0, 5));
  CHECK(maybe_zero.lo <= -10);
  CHECK(maybe_zero.hi >= 10);
  CHECK(wide_to_string(kI64Min - 1) == "-9223372036854775809");
  CHECK(wide_to_string(0) == "0");
}

TEST_CASE("the checker records ranges of dims, loop variables and expressions") {
  Checked c = program_of(
      "  for i in range(2, N, 8) {\n"
      "    let a = i * 4 + 1;\n"
      "    let b = i % 4;\n"
      "  }\n"
      "  for j in range(10, -1, -3) {\n"
      "    let d = j;\n"
      "  }\n");
  const Program& p = c.program();
  CHECK(symbol(p, "N").range == r(0, 4294967295));
  CHECK(symbol(p, "i").range == r(2, 4294967294));
  CHECK(symbol(p, "a").range == r(9, WideInt{4294967294} * 4 + 1));
  CHECK(symbol(p, "b").range == r(0, 3));
  CHECK(symbol(p, "j").range == r(0, 10));
  CHECK(symbol(p, "s").range == IntRange{});  // an entry scalar: anything
}

TEST_CASE("proofs use loop bounds and what bounds min, max and floor division") {
  Checked c = program_of(
      "  for i in range(N) {\n"
      "    let n = min(64, N - i * 64);\n"
      "    let q = N // 64;\n"
      "  }\n");
  const Program& p = c.program();
  SymInt n = value_of(p, "N"), i = value_of(p, "i"), one = SymInt::constant(1);
  // i <= N - 1 and i >= 0.
  CHECK(provably_at_most(p, i + one, n));
  CHECK(provably_nonnegative(p, i));
  CHECK_FALSE(provably_at_most(p, i + SymInt::constant(2), n));
  // i * 64 + min(64, N - i * 64) <= N: the min is at most its second operand.
  SymInt rows = value_of(p, "n");
  CHECK(provably_at_most(p, i * SymInt::constant(64) + rows, n));
  // min(64, N - 64 i) >= 0 needs both operands >= 0 (i <= N - 1 does not
  // give N - 64 i >= 0).
  CHECK_FALSE(provably_nonnegative(p, rows));
  Checked d = program_of("  for r in range(0, N, 64) {\n    let m = min(64, N - r);\n  }\n");
  CHECK(provably_nonnegative(d.program(), value_of(d.program(), "m")));
  // 64 * (N // 64) <= N, but not N + 1 <= 64 * (N // 64) + 64 - 64.
  SymInt q = value_of(p, "q");
  CHECK(provably_at_most(p, SymInt::constant(64) * q, n));
  CHECK_FALSE(provably_at_most(p, n, SymInt::constant(64) * q));
  // An entry scalar is not bounded.
  CHECK_FALSE(provably_nonnegative(p, value_of(p, "s")));
  CHECK_FALSE(provably_nonnegative(p, SymInt::unknown()));
}

TEST_CASE("an extent's partial sums and products fit INT64 or are checked") {
  Checked c = program_of("");
  const Program& p = c.program();
  SymInt n = value_of(p, "N");
  CHECK(extent_magnitude_fits(p, n * SymInt::constant(2) + SymInt::constant(7)));
  CHECK(extent_magnitude_fits(p, n * SymInt::constant(1000000)));
  // Dims are uint32 extents: N * N may reach 2^64 - 2^33 + 1, past INT64.
  CHECK_FALSE(extent_magnitude_fits(p, n * n));
  CHECK_FALSE(extent_magnitude_fits(p, value_of(p, "s") + SymInt::constant(1)));
}

TEST_CASE("a loop step can pass INT64 only near its ends") {
  CHECK(loop_step_cannot_overflow(r(0, 4294967295), r(1, 64)));
  CHECK_FALSE(loop_step_cannot_overflow(r(0, kI64Max), r(2, 2)));
  CHECK(loop_step_cannot_overflow(r(0, kI64Max), r(1, 1)));
  CHECK_FALSE(loop_step_cannot_overflow(r(kI64Min, 0), r(-2, -2)));
  CHECK_FALSE(loop_step_cannot_overflow(r(0, 10), dtype_range(DType::kIndex)));
}
