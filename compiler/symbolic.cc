#include "symbolic.h"

#include <algorithm>
#include <iterator>
#include <limits>

namespace taskc {

namespace {

using Atom = SymInt::Atom;
using AtomRef = SymInt::AtomRef;
using Monomial = SymInt::Monomial;
using MonomialRef = std::shared_ptr<const Monomial>;
using Term = SymInt::Term;
using Kind = Atom::Kind;

const char* op_name(Kind k) {
  switch (k) {
    case Kind::kFloorDiv: return "floordiv";
    case Kind::kMod: return "mod";
    case Kind::kMin: return "min";
    case Kind::kMax: return "max";
    case Kind::kNamed: break;
  }
  return "";
}

int sign_of(int64_t v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }

// Atoms sort by how they print (a name, or "min(" ...), so that the
// canonical text reads in a stable order; equal text falls back to the
// symbol or the operands.
int atom_order(const Atom& a, const Atom& b) {
  if (&a == &b) return 0;
  std::string ka = a.kind == Kind::kNamed ? a.name : std::string(op_name(a.kind)) + "(";
  std::string kb = b.kind == Kind::kNamed ? b.name : std::string(op_name(b.kind)) + "(";
  if (int c = ka.compare(kb)) return sign_of(c);
  if (a.kind == Kind::kNamed) return sign_of(int64_t{a.symbol} - b.symbol);
  if (int c = SymInt::order(a.lhs, b.lhs)) return c;
  return SymInt::order(a.rhs, b.rhs);
}

int monomial_order(const Monomial& a, const Monomial& b) {
  if (&a == &b) return 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (int c = atom_order(*a[i], *b[i])) return c;
  }
  return sign_of(static_cast<int64_t>(a.size()) - static_cast<int64_t>(b.size()));
}

// Adds coeff to the term of monomial `atoms` in `terms` (sorted), or to
// `constant` when `atoms` is null; false on overflow.
bool add_term(std::vector<Term>& terms, int64_t& constant, MonomialRef atoms,
              int64_t coeff) {
  if (!atoms) return !__builtin_add_overflow(constant, coeff, &constant);
  auto it = std::lower_bound(terms.begin(), terms.end(), *atoms,
                             [](const Term& t, const Monomial& m) {
                               return monomial_order(*t.atoms, m) < 0;
                             });
  if (it == terms.end() || monomial_order(*it->atoms, *atoms) != 0) {
    terms.insert(it, Term{std::move(atoms), coeff});
    return true;
  }
  if (__builtin_add_overflow(it->coeff, coeff, &it->coeff)) return false;
  if (it->coeff == 0) terms.erase(it);
  return true;
}

// Nodes in the value's atoms, counting shared ones each time they occur.
uint32_t value_size(const SymInt& v) {
  uint64_t size = 1;
  for (const Term& t : v.terms()) {
    for (const AtomRef& a : *t.atoms) size += a->size;
  }
  return static_cast<uint32_t>(std::min<uint64_t>(size, SymInt::kMaxAtomSize + 1));
}

// Appends the canonical text of `v` to `out`, stopping once `out` is longer
// than `limit`.
void print(const SymInt& v, std::string& out, size_t limit);

void print_atom(const Atom& a, std::string& out, size_t limit) {
  if (a.kind == Kind::kNamed) {
    out += a.name;
    return;
  }
  out += op_name(a.kind);
  out += '(';
  print(a.lhs, out, limit);
  out += ", ";
  print(a.rhs, out, limit);
  out += ')';
}

void print(const SymInt& v, std::string& out, size_t limit) {
  if (v.is_unknown()) {
    out += '?';
    return;
  }
  if (v.terms().empty() && v.constant_term() == 0) {
    out += '0';
    return;
  }
  bool first = true;
  auto append = [&](const Monomial* atoms, int64_t coeff) {
    bool negative = coeff < 0;
    uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(coeff)
                                  : static_cast<uint64_t>(coeff);
    if (first) {
      if (negative) out += '-';
    } else {
      out += negative ? " - " : " + ";
    }
    first = false;
    bool any = false;
    if (!atoms || magnitude != 1) {
      out += std::to_string(magnitude);
      any = true;
    }
    if (!atoms) return;
    for (const AtomRef& a : *atoms) {
      if (out.size() > limit) return;
      if (any) out += '*';
      print_atom(*a, out, limit);
      any = true;
    }
  };
  // Non-constant terms first, constant last: "2*N + 1".
  for (const Term& t : v.terms()) {
    if (out.size() > limit) return;
    append(t.atoms.get(), t.coeff);
  }
  if (v.constant_term() != 0) append(nullptr, v.constant_term());
}

}  // namespace

SymInt SymInt::constant(int64_t v) {
  SymInt s;
  s.constant_ = v;
  return s;
}

SymInt SymInt::atom(const std::string& name, int32_t symbol) {
  auto a = std::make_shared<Atom>();
  a->name = name;
  a->symbol = symbol;
  return with_terms({Term{std::make_shared<const Monomial>(Monomial{std::move(a)}), 1}}, 0);
}

SymInt SymInt::with_terms(std::vector<Term> terms, int64_t constant) {
  SymInt s;
  if (!terms.empty()) {
    s.terms_ = std::make_shared<const std::vector<Term>>(std::move(terms));
  }
  s.constant_ = constant;
  return s;
}

const std::vector<SymInt::Term>& SymInt::terms() const {
  static const std::vector<Term> kNone;
  return terms_ ? *terms_ : kNone;
}

SymInt SymInt::unknown() {
  SymInt s;
  s.unknown_ = true;
  return s;
}

int SymInt::order(const SymInt& a, const SymInt& b) {
  if (a.unknown_ != b.unknown_) return a.unknown_ ? -1 : 1;
  const std::vector<Term>& ta = a.terms();
  const std::vector<Term>& tb = b.terms();
  if (&ta != &tb) {
    for (size_t i = 0; i < ta.size() && i < tb.size(); ++i) {
      if (int c = monomial_order(*ta[i].atoms, *tb[i].atoms)) return c;
      if (ta[i].coeff != tb[i].coeff) return ta[i].coeff < tb[i].coeff ? -1 : 1;
    }
    if (ta.size() != tb.size()) return ta.size() < tb.size() ? -1 : 1;
  }
  return a.constant_ < b.constant_ ? -1 : a.constant_ > b.constant_ ? 1 : 0;
}

SymInt SymInt::add(const SymInt& o, int64_t sign) const {
  if (unknown_ || o.unknown_) return unknown();
  // -x overflows exactly for INT64_MIN (as -1 * o would).
  auto negate = [sign](int64_t c, int64_t* out) {
    return sign < 0 ? !__builtin_mul_overflow(c, int64_t{-1}, out)
                    : (*out = c, true);
  };
  int64_t constant = constant_;
  int64_t c = 0;
  if (!negate(o.constant_, &c) || __builtin_add_overflow(constant, c, &constant)) {
    return unknown();
  }
  if (!o.terms_) {
    // Only the constant changes: the terms stay shared.
    SymInt r = *this;
    r.constant_ = constant;
    return r;
  }
  std::vector<Term> terms = this->terms();
  for (const Term& t : *o.terms_) {
    if (!negate(t.coeff, &c) || !add_term(terms, constant, t.atoms, c)) return unknown();
  }
  if (terms.size() > kMaxTerms) return unknown();
  return with_terms(std::move(terms), constant);
}

SymInt SymInt::operator+(const SymInt& o) const { return add(o, 1); }

SymInt SymInt::operator-(const SymInt& o) const { return add(o, -1); }

SymInt SymInt::operator*(const SymInt& o) const {
  if (unknown_ || o.unknown_) return unknown();
  // Every term times every term, the constants as terms of no atoms.
  auto all_terms = [](const SymInt& s) {
    std::vector<Term> out;
    if (s.constant_ != 0) out.push_back(Term{nullptr, s.constant_});
    out.insert(out.end(), s.terms().begin(), s.terms().end());
    return out;
  };
  auto degree = [](const Term& t) { return t.atoms ? t.atoms->size() : 0; };
  std::vector<Term> a = all_terms(*this), b = all_terms(o);
  if (a.size() * b.size() > kMaxTerms * kMaxTerms) return unknown();
  std::vector<Term> terms;
  int64_t constant = 0;
  for (const Term& ta : a) {
    for (const Term& tb : b) {
      if (degree(ta) + degree(tb) > kMaxDegree) return unknown();
      // A constant factor keeps the other monomial (shared); two monomials
      // merge, both being sorted.
      MonomialRef m = ta.atoms ? ta.atoms : tb.atoms;
      if (ta.atoms && tb.atoms) {
        Monomial merged;
        merged.reserve(ta.atoms->size() + tb.atoms->size());
        std::merge(ta.atoms->begin(), ta.atoms->end(), tb.atoms->begin(), tb.atoms->end(),
                   std::back_inserter(merged), [](const AtomRef& x, const AtomRef& y) {
                     return atom_order(*x, *y) < 0;
                   });
        m = std::make_shared<const Monomial>(std::move(merged));
      }
      int64_t product;
      if (__builtin_mul_overflow(ta.coeff, tb.coeff, &product)) return unknown();
      if (!add_term(terms, constant, std::move(m), product)) return unknown();
      // Checked as it grows, not at the end: the partial sum of two large
      // values could otherwise reach kMaxTerms^2 terms, each insertion
      // shifting all of them.
      if (terms.size() > kMaxTerms) return unknown();
    }
  }
  return with_terms(std::move(terms), constant);
}

SymInt SymInt::opaque(int kind, const SymInt& a, const SymInt& b) {
  if (a.unknown_ || b.unknown_) return unknown();
  auto atom = std::make_shared<Atom>();
  atom->kind = static_cast<Kind>(kind);
  atom->size = value_size(a) + value_size(b) + 1;
  if (atom->size > kMaxAtomSize) return unknown();
  atom->lhs = a;
  atom->rhs = b;
  return with_terms({Term{std::make_shared<const Monomial>(Monomial{std::move(atom)}), 1}}, 0);
}

SymInt SymInt::floor_div(const SymInt& o) const {
  auto a = as_constant(), b = o.as_constant();
  if (a && b && *b != 0 && !(*a == INT64_MIN && *b == -1)) {
    int64_t q = *a / *b;
    if ((*a % *b != 0) && ((*a < 0) != (*b < 0))) --q;
    return constant(q);
  }
  return opaque(static_cast<int>(Kind::kFloorDiv), *this, o);
}

SymInt SymInt::mod(const SymInt& o) const {
  auto a = as_constant(), b = o.as_constant();
  if (a && b && *b != 0 && !(*a == INT64_MIN && *b == -1)) {
    int64_t r = *a % *b;
    if (r != 0 && ((r < 0) != (*b < 0))) r += *b;
    return constant(r);
  }
  return opaque(static_cast<int>(Kind::kMod), *this, o);
}

SymInt SymInt::min(const SymInt& o) const {
  auto a = as_constant(), b = o.as_constant();
  if (a && b) return constant(std::min(*a, *b));
  if (compare(o) == Compare::kEqual) return *this;
  return opaque(static_cast<int>(Kind::kMin), *this, o);
}

SymInt SymInt::max(const SymInt& o) const {
  auto a = as_constant(), b = o.as_constant();
  if (a && b) return constant(std::max(*a, *b));
  if (compare(o) == Compare::kEqual) return *this;
  return opaque(static_cast<int>(Kind::kMax), *this, o);
}

std::optional<int64_t> SymInt::as_constant() const {
  if (unknown_ || terms_) return std::nullopt;
  return constant_;
}

SymInt::Compare SymInt::compare(const SymInt& o) const {
  if (unknown_ || o.unknown_) return Compare::kUnknown;
  const std::vector<Term>& mine = terms();
  const std::vector<Term>& theirs = o.terms();
  bool same_terms = &mine == &theirs || mine.size() == theirs.size();
  for (size_t i = 0; same_terms && &mine != &theirs && i < mine.size(); ++i) {
    same_terms = mine[i].coeff == theirs[i].coeff &&
                 monomial_order(*mine[i].atoms, *theirs[i].atoms) == 0;
  }
  if (same_terms) {
    // The variable terms cancel: only the constants differ (overflowing
    // as *this - o would, then unknown).
    int64_t d;
    if (o.constant_ == INT64_MIN || __builtin_sub_overflow(constant_, o.constant_, &d)) {
      return Compare::kUnknown;
    }
    for (const Term& t : theirs) {
      if (t.coeff == INT64_MIN) return Compare::kUnknown;
    }
    return d == 0 ? Compare::kEqual : Compare::kDifferent;
  }
  SymInt diff = *this - o;
  auto c = diff.as_constant();
  if (!c) return Compare::kUnknown;
  return *c == 0 ? Compare::kEqual : Compare::kDifferent;
}

std::string SymInt::to_string(size_t max_length) const {
  std::string out;
  print(*this, out, max_length);
  if (out.size() > max_length) {
    out.resize(max_length);
    out += "...";
  }
  return out;
}

}  // namespace taskc
