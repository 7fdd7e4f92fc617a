// Symbolic integer extents: a polynomial normal form over atoms, so that
// `N * 2` and `2 * N` compare equal and `N` vs `M` is "unknown" (checked at
// run time) rather than "different".
//
// An atom is a named value (a dim, a loop variable, any other run-time
// value) or an operation the normal form cannot take apart (floor division,
// modulo, min, max). Atoms are shared, immutable nodes: a value built from
// itself many times is a small graph, never a long string. Past the size
// bounds below a value becomes unknown, so no program can make the engine
// grow without limit.
#ifndef TASKC_COMPILER_SYMBOLIC_H
#define TASKC_COMPILER_SYMBOLIC_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace taskc {

class SymInt {
 public:
  struct Atom;
  using AtomRef = std::shared_ptr<const Atom>;
  using Monomial = std::vector<AtomRef>;  // sorted; never empty
  struct Term {
    // Shared by every value that has this term (values are immutable), so
    // a sum or a multiple of a large value does not copy its monomials.
    std::shared_ptr<const Monomial> atoms;
    int64_t coeff = 0;  // never 0
  };

  // Bounds: a value with more terms, a term of higher degree, or an atom of
  // more nodes (counting repeats) is unknown. A product is unknown as soon as
  // its partial sum has more than kMaxTerms terms, so that multiplying two
  // large values costs at most kMaxTerms^2 small steps.
  static constexpr size_t kMaxTerms = 64;
  static constexpr size_t kMaxDegree = 16;
  static constexpr uint32_t kMaxAtomSize = 4096;

  SymInt() = default;  // zero
  static SymInt constant(int64_t v);
  // A named value. `symbol` tells apart values of one name (the checker's
  // symbol id; -1 when there is only one).
  static SymInt atom(const std::string& name, int32_t symbol = -1);
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

  // Canonical text ("2*N + 1"), for messages and the manifest; names as
  // written in .kir. Text past `max_length` bytes ends in "...".
  std::string to_string(size_t max_length = 200) const;

  // The normal form, for lowering to code: the variable terms in canonical
  // order, then the constant term.
  const std::vector<Term>& terms() const;
  int64_t constant_term() const { return constant_; }

  // Total order of the normal forms (unknown first); 0 when equal.
  static int order(const SymInt& a, const SymInt& b);

 private:
  // Sorted by monomial; null when there are none. Values never change once
  // built, so copies share the terms: every expression and symbol the
  // checker records holds a value, and a copy must not cost its size.
  std::shared_ptr<const std::vector<Term>> terms_;
  int64_t constant_ = 0;
  bool unknown_ = false;

  static SymInt opaque(int kind, const SymInt& a, const SymInt& b);
  static SymInt with_terms(std::vector<Term> terms, int64_t constant);
  // Adds sign * o (sign 1 or -1); unknown on overflow.
  SymInt add(const SymInt& o, int64_t sign) const;
};

struct SymInt::Atom {
  enum class Kind { kNamed, kFloorDiv, kMod, kMin, kMax };
  Kind kind = Kind::kNamed;
  std::string name;     // kNamed
  int32_t symbol = -1;  // kNamed
  SymInt lhs, rhs;      // the operations' operands
  uint32_t size = 1;    // nodes below and including this one, saturating
};

}  // namespace taskc

#endif  // TASKC_COMPILER_SYMBOLIC_H
