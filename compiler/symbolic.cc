#include "symbolic.h"

#include <algorithm>

namespace taskc {

SymInt SymInt::constant(int64_t v) {
  SymInt s;
  s.constant_ = v;
  return s;
}

SymInt SymInt::atom(const std::string& name) {
  SymInt s;
  s.terms_[{name}] = 1;
  return s;
}

SymInt SymInt::unknown() {
  SymInt s;
  s.unknown_ = true;
  return s;
}

bool SymInt::add_term(const Monomial& mono, int64_t coeff) {
  if (mono.empty()) return !__builtin_add_overflow(constant_, coeff, &constant_);
  int64_t& c = terms_[mono];
  if (__builtin_add_overflow(c, coeff, &c)) return false;
  if (c == 0) terms_.erase(mono);
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
  for (const auto& [mono, coeff] : o.terms_) {
    if (!negate(coeff, &c) || !r.add_term(mono, c)) return unknown();
  }
  return r;
}

SymInt SymInt::operator+(const SymInt& o) const { return add(o, 1); }

SymInt SymInt::operator-(const SymInt& o) const { return add(o, -1); }

SymInt SymInt::operator*(const SymInt& o) const {
  if (unknown_ || o.unknown_) return unknown();
  SymInt r;
  if (terms_.empty() || o.terms_.empty()) {
    // A constant times a polynomial: scale every term.
    const SymInt& poly = terms_.empty() ? o : *this;
    const int64_t k = terms_.empty() ? constant_ : o.constant_;
    if (k == 0) return r;
    if (__builtin_mul_overflow(poly.constant_, k, &r.constant_)) return unknown();
    for (const auto& [mono, coeff] : poly.terms_) {
      int64_t product;
      if (__builtin_mul_overflow(coeff, k, &product)) return unknown();
      r.terms_.emplace_hint(r.terms_.end(), mono, product);
    }
    return r;
  }
  // Both have variable terms: multiply out, the constants as {} terms.
  auto all_terms = [](const SymInt& s) {
    std::vector<std::pair<const Monomial*, int64_t>> out;
    static const Monomial kConstant;
    if (s.constant_ != 0) out.emplace_back(&kConstant, s.constant_);
    for (const auto& [mono, coeff] : s.terms_) out.emplace_back(&mono, coeff);
    return out;
  };
  for (const auto& [ma, ca] : all_terms(*this)) {
    for (const auto& [mb, cb] : all_terms(o)) {
      Monomial m = *ma;
      m.insert(m.end(), mb->begin(), mb->end());
      std::sort(m.begin(), m.end());
      int64_t product;
      if (__builtin_mul_overflow(ca, cb, &product)) return unknown();
      if (!r.add_term(m, product)) return unknown();
    }
  }
  return r;
}

SymInt SymInt::opaque(const char* op, const SymInt& o) const {
  if (unknown_ || o.unknown_) return unknown();
  return atom(std::string(op) + "(" + to_string() + ", " + o.to_string() + ")");
}

SymInt SymInt::floor_div(const SymInt& o) const {
  auto a = as_constant(), b = o.as_constant();
  if (a && b && *b != 0 && !(*a == INT64_MIN && *b == -1)) {
    int64_t q = *a / *b;
    if ((*a % *b != 0) && ((*a < 0) != (*b < 0))) --q;
    return constant(q);
  }
  return opaque("floordiv", o);
}

SymInt SymInt::mod(const SymInt& o) const {
  auto a = as_constant(), b = o.as_constant();
  if (a && b && *b != 0 && !(*a == INT64_MIN && *b == -1)) {
    int64_t r = *a % *b;
    if (r != 0 && ((r < 0) != (*b < 0))) r += *b;
    return constant(r);
  }
  return opaque("mod", o);
}

SymInt SymInt::min(const SymInt& o) const {
  auto a = as_constant(), b = o.as_constant();
  if (a && b) return constant(std::min(*a, *b));
  if (compare(o) == Compare::kEqual) return *this;
  return opaque("min", o);
}

SymInt SymInt::max(const SymInt& o) const {
  auto a = as_constant(), b = o.as_constant();
  if (a && b) return constant(std::max(*a, *b));
  if (compare(o) == Compare::kEqual) return *this;
  return opaque("max", o);
}

std::optional<int64_t> SymInt::as_constant() const {
  if (unknown_ || !terms_.empty()) return std::nullopt;
  return constant_;
}

SymInt::Compare SymInt::compare(const SymInt& o) const {
  if (unknown_ || o.unknown_) return Compare::kUnknown;
  if (terms_ == o.terms_) {
    // The variable terms cancel: only the constants differ (overflowing
    // as *this - o would, then unknown).
    int64_t d;
    if (o.constant_ == INT64_MIN || __builtin_sub_overflow(constant_, o.constant_, &d)) {
      return Compare::kUnknown;
    }
    for (const auto& term : o.terms_) {
      if (term.second == INT64_MIN) return Compare::kUnknown;
    }
    return d == 0 ? Compare::kEqual : Compare::kDifferent;
  }
  SymInt diff = *this - o;
  auto c = diff.as_constant();
  if (!c) return Compare::kUnknown;
  return *c == 0 ? Compare::kEqual : Compare::kDifferent;
}

std::string SymInt::to_string() const {
  if (unknown_) return "?";
  if (terms_.empty() && constant_ == 0) return "0";
  std::string out;
  // Non-constant terms first, constant last: "2*N + 1".
  auto append = [&](const Monomial& mono, int64_t coeff) {
    bool negative = coeff < 0;
    uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(coeff)
                                  : static_cast<uint64_t>(coeff);
    if (out.empty()) {
      if (negative) out += "-";
    } else {
      out += negative ? " - " : " + ";
    }
    std::string body;
    if (mono.empty() || magnitude != 1) body = std::to_string(magnitude);
    for (const std::string& a : mono) {
      if (!body.empty()) body += "*";
      body += a;
    }
    out += body;
  };
  for (const auto& [mono, coeff] : terms_) append(mono, coeff);
  if (constant_ != 0) append({}, constant_);
  return out;
}

}  // namespace taskc
