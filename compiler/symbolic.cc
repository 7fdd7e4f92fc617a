#include "symbolic.h"

#include <algorithm>
#include <limits>

namespace taskc {

namespace {

using Atom = SymInt::Atom;
using AtomRef = SymInt::AtomRef;
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

int monomial_order(const std::vector<AtomRef>& a, const std::vector<AtomRef>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (int c = atom_order(*a[i], *b[i])) return c;
  }
  return sign_of(static_cast<int64_t>(a.size()) - static_cast<int64_t>(b.size()));
}

// Nodes in the value's atoms, counting shared ones each time they occur.
uint32_t value_size(const SymInt& v) {
  uint64_t size = 1;
  for (const SymInt::Term& t : v.terms()) {
    for (const AtomRef& a : t.atoms) size += a->size;
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
  auto append = [&](const std::vector<AtomRef>* atoms, int64_t coeff) {
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
  for (const SymInt::Term& t : v.terms()) {
    if (out.size() > limit) return;
    append(&t.atoms, t.coeff);
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
  SymInt s;
  s.terms_.push_back(Term{{std::move(a)}, 1});
  return s;
}

SymInt SymInt::unknown() {
  SymInt s;
  s.unknown_ = true;
  return s;
}

int SymInt::order(const SymInt& a, const SymInt& b) {
  if (a.unknown_ != b.unknown_) return a.unknown_ ? -1 : 1;
  for (size_t i = 0; i < a.terms_.size() && i < b.terms_.size(); ++i) {
    if (int c = monomial_order(a.terms_[i].atoms, b.terms_[i].atoms)) return c;
    if (a.terms_[i].coeff != b.terms_[i].coeff) {
      return a.terms_[i].coeff < b.terms_[i].coeff ? -1 : 1;
    }
  }
  if (a.terms_.size() != b.terms_.size()) {
    return a.terms_.size() < b.terms_.size() ? -1 : 1;
  }
  return a.constant_ < b.constant_ ? -1 : a.constant_ > b.constant_ ? 1 : 0;
}

bool SymInt::add_term(std::vector<AtomRef> atoms, int64_t coeff) {
  if (atoms.empty()) return !__builtin_add_overflow(constant_, coeff, &constant_);
  auto it = std::lower_bound(terms_.begin(), terms_.end(), atoms,
                             [](const Term& t, const std::vector<AtomRef>& m) {
                               return monomial_order(t.atoms, m) < 0;
                             });
  if (it == terms_.end() || monomial_order(it->atoms, atoms) != 0) {
    terms_.insert(it, Term{std::move(atoms), coeff});
    return true;
  }
  if (__builtin_add_overflow(it->coeff, coeff, &it->coeff)) return false;
  if (it->coeff == 0) terms_.erase(it);
  return true;
}

SymInt SymInt::add(const SymInt& o, int64_t sign) const {
  if (unknown_ || o.unknown_) return unknown();
  // -x overflows exactly for INT64_MIN (as -1 * o would).
  auto negate = [sign](int64_t c, int64_t* out) {
    return sign < 0 ? !__builtin_mul_overflow(c, int64_t{-1}, out)
                    : (*out = c, true);
  };
  SymInt r = *this;
  int64_t c = 0;
  if (!negate(o.constant_, &c) || !r.add_term({}, c)) return unknown();
  for (const Term& t : o.terms_) {
    if (!negate(t.coeff, &c) || !r.add_term(t.atoms, c)) return unknown();
  }
  if (r.terms_.size() > kMaxTerms) return unknown();
  return r;
}

SymInt SymInt::operator+(const SymInt& o) const { return add(o, 1); }

SymInt SymInt::operator-(const SymInt& o) const { return add(o, -1); }

SymInt SymInt::operator*(const SymInt& o) const {
  if (unknown_ || o.unknown_) return unknown();
  // Every term times every term, the constants as terms of no atoms.
  auto all_terms = [](const SymInt& s) {
    std::vector<Term> out;
    if (s.constant_ != 0) out.push_back(Term{{}, s.constant_});
    out.insert(out.end(), s.terms_.begin(), s.terms_.end());
    return out;
  };
  std::vector<Term> a = all_terms(*this), b = all_terms(o);
  if (a.size() * b.size() > kMaxTerms * kMaxTerms) return unknown();
  SymInt r;
  for (const Term& ta : a) {
    for (const Term& tb : b) {
      if (ta.atoms.size() + tb.atoms.size() > kMaxDegree) return unknown();
      std::vector<AtomRef> m = ta.atoms;
      m.insert(m.end(), tb.atoms.begin(), tb.atoms.end());
      std::stable_sort(m.begin(), m.end(), [](const AtomRef& x, const AtomRef& y) {
        return atom_order(*x, *y) < 0;
      });
      int64_t product;
      if (__builtin_mul_overflow(ta.coeff, tb.coeff, &product)) return unknown();
      if (!r.add_term(std::move(m), product)) return unknown();
    }
  }
  if (r.terms_.size() > kMaxTerms) return unknown();
  return r;
}

SymInt SymInt::opaque(int kind, const SymInt& a, const SymInt& b) {
  if (a.unknown_ || b.unknown_) return unknown();
  auto atom = std::make_shared<Atom>();
  atom->kind = static_cast<Kind>(kind);
  atom->size = value_size(a) + value_size(b) + 1;
  if (atom->size > kMaxAtomSize) return unknown();
  atom->lhs = a;
  atom->rhs = b;
  SymInt s;
  s.terms_.push_back(Term{{std::move(atom)}, 1});
  return s;
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
  if (unknown_ || !terms_.empty()) return std::nullopt;
  return constant_;
}

SymInt::Compare SymInt::compare(const SymInt& o) const {
  if (unknown_ || o.unknown_) return Compare::kUnknown;
  bool same_terms = terms_.size() == o.terms_.size();
  for (size_t i = 0; same_terms && i < terms_.size(); ++i) {
    same_terms = terms_[i].coeff == o.terms_[i].coeff &&
                 monomial_order(terms_[i].atoms, o.terms_[i].atoms) == 0;
  }
  if (same_terms) {
    // The variable terms cancel: only the constants differ (overflowing
    // as *this - o would, then unknown).
    int64_t d;
    if (o.constant_ == INT64_MIN || __builtin_sub_overflow(constant_, o.constant_, &d)) {
      return Compare::kUnknown;
    }
    for (const Term& t : o.terms_) {
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
