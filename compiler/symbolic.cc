#include "symbolic.h"

#include <algorithm>

namespace taskc {

SymInt SymInt::constant(int64_t v) {
  SymInt s;
  if (v != 0) s.terms_[{}] = v;
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

SymInt SymInt::operator+(const SymInt& o) const {
  if (unknown_ || o.unknown_) return unknown();
  SymInt r = *this;
  for (const auto& [mono, coeff] : o.terms_) {
    int64_t& c = r.terms_[mono];
    if (__builtin_add_overflow(c, coeff, &c)) return unknown();
    if (c == 0) r.terms_.erase(mono);
  }
  return r;
}

SymInt SymInt::operator-(const SymInt& o) const {
  return *this + (SymInt::constant(-1) * o);
}

SymInt SymInt::operator*(const SymInt& o) const {
  if (unknown_ || o.unknown_) return unknown();
  SymInt r;
  for (const auto& [ma, ca] : terms_) {
    for (const auto& [mb, cb] : o.terms_) {
      Monomial m = ma;
      m.insert(m.end(), mb.begin(), mb.end());
      std::sort(m.begin(), m.end());
      int64_t product;
      if (__builtin_mul_overflow(ca, cb, &product)) return unknown();
      int64_t& c = r.terms_[m];
      if (__builtin_add_overflow(c, product, &c)) return unknown();
      if (c == 0) r.terms_.erase(m);
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
  if (unknown_) return std::nullopt;
  if (terms_.empty()) return 0;
  if (terms_.size() == 1 && terms_.begin()->first.empty()) {
    return terms_.begin()->second;
  }
  return std::nullopt;
}

SymInt::Compare SymInt::compare(const SymInt& o) const {
  if (unknown_ || o.unknown_) return Compare::kUnknown;
  SymInt diff = *this - o;
  auto c = diff.as_constant();
  if (!c) return Compare::kUnknown;
  return *c == 0 ? Compare::kEqual : Compare::kDifferent;
}

std::string SymInt::to_string() const {
  if (unknown_) return "?";
  if (terms_.empty()) return "0";
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
  for (const auto& [mono, coeff] : terms_) {
    if (!mono.empty()) append(mono, coeff);
  }
  auto constant_term = terms_.find({});
  if (constant_term != terms_.end()) append({}, constant_term->second);
  return out;
}

}  // namespace taskc
