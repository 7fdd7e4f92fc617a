#include "symbolic.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

namespace taskc {
namespace {

using Cmp = SymInt::Compare;

const SymInt N = SymInt::atom("N");
const SymInt M = SymInt::atom("M");
SymInt c(int64_t v) { return SymInt::constant(v); }

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST_CASE("constants and the zero value", "[symbolic]") {
  CHECK(SymInt().as_constant() == 0);
  CHECK(SymInt().to_string() == "0");
  CHECK(c(0).to_string() == "0");
  CHECK(c(42).as_constant() == 42);
  CHECK(c(-7).to_string() == "-7");
  CHECK(c(kMin).to_string() == "-9223372036854775808");
  CHECK(c(kMax).to_string() == "9223372036854775807");
  CHECK_FALSE(N.as_constant().has_value());
  CHECK(N.to_string() == "N");
  CHECK_FALSE(N.is_unknown());
}

TEST_CASE("normal form: order of operands does not matter", "[symbolic]") {
  CHECK((N * c(2)).to_string() == "2*N");
  CHECK((c(2) * N).to_string() == "2*N");
  CHECK((N * c(2)).compare(c(2) * N) == Cmp::kEqual);
  CHECK((N * M).to_string() == "M*N");
  CHECK((M * N).compare(N * M) == Cmp::kEqual);
  CHECK((N + N).compare(c(2) * N) == Cmp::kEqual);
  // (N + 1) * (N - 1) == N*N - 1
  CHECK(((N + c(1)) * (N - c(1))).to_string() == "N*N - 1");
  CHECK(((N + c(1)) * (N - c(1))).compare(N * N - c(1)) == Cmp::kEqual);
  // Terms that cancel disappear.
  CHECK((N - N).as_constant() == 0);
  CHECK((N * c(0)).to_string() == "0");
  CHECK((N + M - N).to_string() == "M");
}

TEST_CASE("to_string is canonical: variable terms first, constant last",
          "[symbolic]") {
  CHECK((N * c(2) + c(1)).to_string() == "2*N + 1");
  CHECK((c(1) + c(2) * N).to_string() == "2*N + 1");
  CHECK((c(1) - N).to_string() == "-N + 1");
  CHECK((c(0) - c(2) * N - c(3)).to_string() == "-2*N - 3");
  CHECK((N + M * c(-1)).to_string() == "-M + N");
  CHECK((N * N * c(3) + M).to_string() == "M + 3*N*N");
}

TEST_CASE("compare: equal, different by a constant, or unknown", "[symbolic]") {
  CHECK(N.compare(N) == Cmp::kEqual);
  CHECK((N + c(1)).compare(N) == Cmp::kDifferent);
  CHECK(c(4).compare(c(8)) == Cmp::kDifferent);
  CHECK(c(4).compare(c(4)) == Cmp::kEqual);
  CHECK(N.compare(M) == Cmp::kUnknown);
  CHECK((c(2) * N).compare(N) == Cmp::kUnknown);  // equal when N == 0
  CHECK(N.compare(c(128)) == Cmp::kUnknown);
  SymInt u = SymInt::unknown();
  CHECK(u.compare(u) == Cmp::kUnknown);
  CHECK(u.compare(c(1)) == Cmp::kUnknown);
  CHECK(c(1).compare(u) == Cmp::kUnknown);
}

TEST_CASE("floor_div and mod fold constants with floor semantics",
          "[symbolic]") {
  CHECK(c(7).floor_div(c(2)).as_constant() == 3);
  CHECK(c(-7).floor_div(c(2)).as_constant() == -4);
  CHECK(c(7).floor_div(c(-2)).as_constant() == -4);
  CHECK(c(-7).floor_div(c(-2)).as_constant() == 3);
  CHECK(c(-8).floor_div(c(2)).as_constant() == -4);
  CHECK(c(0).floor_div(c(5)).as_constant() == 0);
  CHECK(c(7).mod(c(2)).as_constant() == 1);
  CHECK(c(-7).mod(c(2)).as_constant() == 1);
  CHECK(c(7).mod(c(-2)).as_constant() == -1);
  CHECK(c(-7).mod(c(-2)).as_constant() == -1);
  CHECK(c(-8).mod(c(2)).as_constant() == 0);
  CHECK(c(kMin).floor_div(c(2)).as_constant() == kMin / 2);
  CHECK(c(kMin).mod(c(3)).as_constant() == 1);  // -2^63 = 3*q + 1
}

TEST_CASE("floor_div and mod that cannot fold are opaque atoms", "[symbolic]") {
  SymInt half = N.floor_div(c(2));
  CHECK_FALSE(half.as_constant().has_value());
  CHECK(half.to_string() == "floordiv(N, 2)");
  CHECK(half.compare(N.floor_div(c(2))) == Cmp::kEqual);
  CHECK(half.compare(N.floor_div(c(4))) == Cmp::kUnknown);
  CHECK((half * c(2)).to_string() == "2*floordiv(N, 2)");
  CHECK(N.mod(c(4)).to_string() == "mod(N, 4)");
  // Division by zero and INT64_MIN // -1 are not folded (nor do they trap).
  CHECK(c(7).floor_div(c(0)).to_string() == "floordiv(7, 0)");
  CHECK(c(7).mod(c(0)).to_string() == "mod(7, 0)");
  CHECK_FALSE(c(kMin).floor_div(c(-1)).as_constant().has_value());
  CHECK_FALSE(c(kMin).mod(c(-1)).as_constant().has_value());
  CHECK(SymInt::unknown().floor_div(c(2)).is_unknown());
  CHECK(c(2).mod(SymInt::unknown()).is_unknown());
}

TEST_CASE("min and max", "[symbolic]") {
  CHECK(c(3).min(c(-5)).as_constant() == -5);
  CHECK(c(3).max(c(-5)).as_constant() == 3);
  CHECK(N.min(N).compare(N) == Cmp::kEqual);
  CHECK((c(2) * N).max(N * c(2)).to_string() == "2*N");
  CHECK(N.min(M).to_string() == "min(N, M)");
  CHECK(N.max(c(1)).to_string() == "max(N, 1)");
  CHECK(N.min(M).compare(N.min(M)) == Cmp::kEqual);
  CHECK(N.min(SymInt::unknown()).is_unknown());
  CHECK(SymInt::unknown().max(c(1)).is_unknown());
}

TEST_CASE("overflow gives unknown, never a wrapped value", "[symbolic]") {
  CHECK((c(kMax) + c(1)).is_unknown());
  CHECK((c(kMin) - c(1)).is_unknown());
  CHECK((c(kMax) * c(2)).is_unknown());
  CHECK((c(0) - c(kMin)).is_unknown());
  CHECK((N * c(kMax) + N).is_unknown());
  CHECK((N * c(kMax) * c(2)).is_unknown());
  CHECK((c(kMax) + c(-1)).as_constant() == kMax - 1);
  CHECK((c(kMin) + c(kMax)).as_constant() == -1);
}

TEST_CASE("unknown is contagious and prints as '?'", "[symbolic]") {
  SymInt u = SymInt::unknown();
  CHECK(u.is_unknown());
  CHECK(u.to_string() == "?");
  CHECK_FALSE(u.as_constant().has_value());
  CHECK((u + c(1)).is_unknown());
  CHECK((N - u).is_unknown());
  CHECK((u * c(0)).is_unknown());
}

}  // namespace
}  // namespace taskc
