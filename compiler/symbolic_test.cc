#include "symbolic.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include "compiler_test_config.h"
#include "emit_cpp.h"
#include "plan_test_support.h"

namespace taskc {
namespace {

using Cmp = SymInt::Compare;
using test::plan_source;
using test::run_command;
using test::ScratchDir;

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


// The sum of `count` atoms named prefix0, prefix1, ...
SymInt atoms_sum(const std::string& prefix, size_t count) {
  SymInt sum;
  for (size_t i = 0; i < count; ++i) sum = sum + SymInt::atom(prefix + std::to_string(i));
  return sum;
}

// The opaque atom at the top of a value that is a single atom.
const SymInt::Atom& only_atom(const SymInt& v) {
  REQUIRE(v.terms().size() == 1);
  REQUIRE(v.terms()[0].atoms->size() == 1);
  return *v.terms()[0].atoms->front();
}

TEST_CASE("size bounds: terms and degree", "[symbolic]") {
  SymInt sum = atoms_sum("x", SymInt::kMaxTerms);
  REQUIRE_FALSE(sum.is_unknown());
  CHECK(sum.terms().size() == SymInt::kMaxTerms);
  CHECK((sum + SymInt::atom("y")).is_unknown());
  CHECK((SymInt::atom("y") - sum).is_unknown());
  CHECK_FALSE((sum + c(1)).is_unknown());  // a constant is no term
  CHECK_FALSE((sum - SymInt::atom("x0") + SymInt::atom("y")).is_unknown());

  SymInt power = c(1);
  for (size_t i = 0; i < SymInt::kMaxDegree; ++i) power = power * N;
  REQUIRE_FALSE(power.is_unknown());
  CHECK((power * N).is_unknown());
  CHECK((power * (M + c(1))).is_unknown());
  CHECK((power * c(3) + power).compare(c(4) * power) == Cmp::kEqual);
  // The 24-let program: squaring doubles the degree, so the fifth square
  // (degree 32) is unknown, and so is everything built from it.
  SymInt square = N;
  for (int i = 0; i < 4; ++i) square = square * square;
  CHECK(square.compare(power) == Cmp::kEqual);
  CHECK((square * square).is_unknown());
  CHECK(((square * square) * (square * square)).is_unknown());
  // (N + 1)^k has k + 1 terms: known up to the degree bound.
  SymInt binomial = c(1);
  for (size_t i = 0; i < SymInt::kMaxDegree; ++i) binomial = binomial * (N + c(1));
  CHECK(binomial.terms().size() == SymInt::kMaxDegree);
  CHECK((binomial * (N + c(1))).is_unknown());
}

TEST_CASE("size bounds: a product is unknown once its partial sum is too large",
          "[symbolic]") {
  // (S + T)(S - T) = S*S - T*T: 28 + 28 terms in the end, but the cross
  // terms S*T (49 of them) are present before they cancel.
  SymInt s = atoms_sum("a", 7), t = atoms_sum("b", 7);
  CHECK((s * s).terms().size() == 28);
  CHECK((s * s - t * t).terms().size() == 56);
  CHECK((s * t).terms().size() == 49);
  CHECK(((s + t) * (s - t)).is_unknown());
  // Operands of more than kMaxTerms terms each are refused before any work.
  SymInt big = atoms_sum("x", SymInt::kMaxTerms) + c(1);
  CHECK((big * big).is_unknown());
  // What stays small is still exact.
  SymInt u = atoms_sum("a", 3), v = atoms_sum("b", 3);
  CHECK(((u + v) * (u - v)).compare(u * u - v * v) == Cmp::kEqual);
}

TEST_CASE("size bounds: atoms of min, max, // and % nested on themselves",
          "[symbolic]") {
  using Step = std::function<SymInt(const SymInt&)>;
  const std::vector<std::pair<std::string, Step>> steps = {
      {"min", [](const SymInt& x) { return x.min(x + c(1)); }},
      {"max", [](const SymInt& x) { return (x + c(1)).max(x); }},
      {"floordiv", [](const SymInt& x) { return x.floor_div(x + c(1)); }},
      {"mod", [](const SymInt& x) { return (x + c(1)).mod(x); }},
      {"mixed", [](const SymInt& x) { return x.floor_div(c(2)).min(x.mod(c(3))) * x.max(N); }},
  };
  for (const auto& [name, step] : steps) {
    INFO(name);
    // Each level holds its operand twice: the size (counting repeats)
    // doubles, and the value becomes unknown past kMaxAtomSize nodes, after
    // about log2(kMaxAtomSize) levels, not after memory runs out.
    SymInt x = N, last_known = N;
    int levels = 0;
    while (!x.is_unknown()) {
      last_known = x;
      x = step(x);
      REQUIRE(++levels <= 16);
    }
    CHECK(levels >= 6);
    CHECK(step(x).is_unknown());
    for (const SymInt::Term& term : last_known.terms()) {
      for (const SymInt::AtomRef& a : *term.atoms) CHECK(a->size <= SymInt::kMaxAtomSize);
    }
    CHECK(last_known.to_string().size() <= 203);  // "..." after 200 bytes
  }
  CHECK(only_atom(N.min(M)).size == 5);  // min, and N and M with their values
}

TEST_CASE("copies and sums share terms and monomials", "[symbolic]") {
  SymInt s = atoms_sum("d", 10);
  SymInt big = s * s * (N * N * N);
  REQUIRE(big.terms().size() == 55);
  SymInt copy = big;
  CHECK(&copy.terms() == &big.terms());
  // Adding a constant keeps the terms.
  SymInt shifted = big + c(7);
  CHECK(&shifted.terms() == &big.terms());
  CHECK(shifted.compare(big) == Cmp::kDifferent);
  // Adding a term copies the list, not the monomials.
  SymInt more = big + M;
  REQUIRE(more.terms().size() == 56);
  size_t shared = 0;
  for (const SymInt::Term& t : more.terms()) {
    for (const SymInt::Term& b : big.terms()) shared += t.atoms == b.atoms ? 1 : 0;
  }
  CHECK(shared == 55);
  // So does a constant factor.
  SymInt doubled = big * c(2);
  for (size_t i = 0; i < big.terms().size(); ++i) {
    CHECK(doubled.terms()[i].atoms == big.terms()[i].atoms);
    CHECK(doubled.terms()[i].coeff == 2 * big.terms()[i].coeff);
  }
}

// ---- programs that used to exhaust memory in the engine ----

bool within_bounds(const SymInt& v) {
  if (v.terms().size() > SymInt::kMaxTerms) return false;
  for (const SymInt::Term& t : v.terms()) {
    if (t.atoms->size() > SymInt::kMaxDegree) return false;
    for (const SymInt::AtomRef& a : *t.atoms) {
      if (a->size > SymInt::kMaxAtomSize) return false;
    }
  }
  return true;
}

// A module whose orchestration declares a0 = N, then `lets` (which define
// a1 ... aK), then passes a tensor of extent aK to a kernel expecting N.
std::string let_chain(const std::string& lets, const std::string& last) {
  return "module m;\ndim N;\n"
         "kernel aiv k(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);\n"
         "orchestration o(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {\n"
         "  let a0 = N;\n" +
         lets + "  let t = tensor.create([" + last + "], FP32);\n  call k(t, c);\n}\n";
}

std::string lets(int count, const std::function<std::string(const std::string&)>& rhs) {
  std::string out;
  for (int k = 1; k <= count; ++k) {
    out += "  let a" + std::to_string(k) + " = " + rhs("a" + std::to_string(k - 1)) + ";\n";
  }
  return out;
}

TEST_CASE("programs that would blow up the engine check, with a run-time check",
          "[symbolic]") {
  std::string nested = "a0";
  for (int i = 0; i < 60; ++i) {
    nested = (i % 3 == 0 ? "min(" : i % 3 == 1 ? "max(" : "(") + nested +
             (i % 3 == 2 ? " // 2 + a0)" : ", a0 + " + std::to_string(i) + ")");
  }
  std::string deep_blocks, close_blocks;
  for (int i = 0; i < 40; ++i) {
    std::string b = "b" + std::to_string(i), i_var = "i" + std::to_string(i);
    deep_blocks += "  for " + i_var + " in range(2) {\n  let " + b + "_ = " +
                   (i == 0 ? std::string("a0") : "b" + std::to_string(i - 1) + "_") +
                   " * " + (i == 0 ? std::string("a0") : "b" + std::to_string(i - 1) + "_") +
                   " + " + i_var + ";\n";
    close_blocks += "  }\n";
  }
  const std::vector<std::pair<std::string, std::string>> programs = {
      // The 679-byte program of issue 14.
      {"squares", let_chain(lets(24, [](auto a) { return a + " * " + a; }), "a24")},
      {"min", let_chain(lets(24, [](auto a) { return "min(" + a + ", " + a + " + 1)"; }), "a24")},
      {"max", let_chain(lets(24, [](auto a) { return "max(" + a + " + 1, " + a + ")"; }), "a24")},
      {"floordiv", let_chain(lets(24, [](auto a) { return a + " // (" + a + " + 1)"; }), "a24")},
      {"mod", let_chain(lets(24, [](auto a) { return "(" + a + " + 1) % " + a; }), "a24")},
      {"mixed", let_chain(lets(40, [](auto a) {
                            return "min(" + a + " // 2, " + a + " % 3) * max(" + a + ", " + a +
                                   " + 1)";
                          }),
                          "a40")},
      {"sums", let_chain(lets(24, [](auto a) { return "(" + a + " + N + 1) * (" + a + " - N)"; }),
                         "a24")},
      {"nested", let_chain("  let a1 = " + nested + ";\n  let a2 = a1 * a1 * a1 * a1;\n", "a2")},
      {"blocks", let_chain(deep_blocks + "  let z = b39_;\n" + close_blocks, "a0 * a0")},
  };
  ScratchDir dir("taskc-symbolic-test");
  std::string command = std::string(TASKC_TEST_CXX) +
                        " -std=c++17 -fsyntax-only -I'" + TASKC_SOURCE_ROOT + "/runtime_abi'";
  for (const auto& [name, text] : programs) {
    INFO(name);
    auto planned = plan_source(text, name + ".kir");
    const Program& program = *planned->frontend.program;
    REQUIRE(program.calls.size() == 1);
    const CallInfo& call = program.calls[0];
    // The extent could not be decided, so the call checks it at run time.
    REQUIRE(call.shape_checks.size() == 1);
    CHECK(call.shape_checks[0].arg == 0);
    CHECK(call.shape_checks[0].axis == 0);
    // Every value the checker recorded is within the bounds. (A `let` whose
    // value is unknown names a fresh atom, so the chain restarts from it.)
    for (const Symbol& s : program.symbols) {
      for (const SymInt* v : {&s.symbolic, s.type.shape().empty() ? nullptr : &s.type.shape()[0].value}) {
        if (!v) continue;
        INFO(s.name << " = " << v->to_string());
        CHECK(within_bounds(*v));
      }
    }
    std::string cpp = emit_orchestration_cpp(planned->plan, name + ".kir", "9.9.9");
    CHECK_THAT(cpp, Catch::Contains("argument 'a' axis 0 has extent %lld; the kernel expects"));
    command += " '" + dir.write(name + ".orch.cpp", cpp).string() + "'";
  }
  if (std::string(TASKC_TEST_CXX).empty()) return;
  std::string output;
  int status = run_command(command, dir.path() / "log.txt", &output);
  INFO(output);
  CHECK(status == 0);
}

}  // namespace
}  // namespace taskc
