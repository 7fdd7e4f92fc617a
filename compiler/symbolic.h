// Symbolic integer extents: a polynomial normal form over named atoms, so
// that `N * 2` and `2 * N` compare equal and `N` vs `M` is "unknown" (checked
// at run time) rather than "different".
#ifndef TASKC_COMPILER_SYMBOLIC_H
#define TASKC_COMPILER_SYMBOLIC_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace taskc {

class SymInt {
 public:
  SymInt() = default;  // zero
  static SymInt constant(int64_t v);
  // A named value: a dim, a loop variable, or any other runtime value.
  static SymInt atom(const std::string& name);
  // A value nothing is known about; never equal to anything.
  static SymInt unknown();

  SymInt operator+(const SymInt& o) const;
  SymInt operator-(const SymInt& o) const;
  SymInt operator*(const SymInt& o) const;
  // Floor division and modulo: folded for constants, otherwise opaque atoms.
  SymInt floor_div(const SymInt& o) const;
  SymInt mod(const SymInt& o) const;
  SymInt min(const SymInt& o) const;
  SymInt max(const SymInt& o) const;

  bool is_unknown() const { return unknown_; }
  std::optional<int64_t> as_constant() const;

  enum class Compare { kEqual, kDifferent, kUnknown };
  // kDifferent only when the difference is a nonzero constant.
  Compare compare(const SymInt& o) const;

  // Canonical text ("2*N + 1"), used in messages and as opaque atom names.
  std::string to_string() const;

 private:
  using Monomial = std::vector<std::string>;  // sorted atom names
  // The non-constant terms (no zero coefficients) and the constant term,
  // kept apart: most extents are constants, which then cost no allocation.
  std::map<Monomial, int64_t> terms_;
  int64_t constant_ = 0;
  bool unknown_ = false;

  SymInt opaque(const char* op, const SymInt& o) const;
  // Adds sign * o (sign 1 or -1); unknown on overflow.
  SymInt add(const SymInt& o, int64_t sign) const;
  // Adds coeff to the term `mono` ({} is the constant); false on overflow.
  bool add_term(const Monomial& mono, int64_t coeff);
};

}  // namespace taskc

#endif  // TASKC_COMPILER_SYMBOLIC_H
