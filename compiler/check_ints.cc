// Integer widths decided at compile time: constants the runtime's uint32
// shapes, offsets and indices cannot hold (E0421), constant element indices
// outside their tensor (E0419), reshape element counts whose products
// overflow 64 bits (E0304), and reshapes of views that are certainly not
// contiguous (E0422). What depends on run-time values is checked by the
// generated code (plan_checks.cc).
#include "check_expr_util.h"
#include "checker_impl.h"
#include "int_ranges.h"

namespace taskc {

namespace {

// A product of extents, exactly: little-endian 32-bit limbs.
using Limbs = std::vector<uint32_t>;

void multiply(Limbs& n, uint32_t factor) {
  uint64_t carry = 0;
  for (uint32_t& limb : n) {
    uint64_t v = static_cast<uint64_t>(limb) * factor + carry;
    limb = static_cast<uint32_t>(v);
    carry = v >> 32;
  }
  if (carry) n.push_back(static_cast<uint32_t>(carry));
  while (n.size() > 1 && n.back() == 0) n.pop_back();
}

// The product of constant extents in 0..kMaxExtent; nullopt otherwise.
std::optional<Limbs> exact_product(const std::vector<SymInt>& extents) {
  Limbs n{1};
  for (const SymInt& x : extents) {
    auto c = x.as_constant();
    if (!c || *c < 0 || static_cast<uint64_t>(*c) > kMaxExtent) return std::nullopt;
    multiply(n, static_cast<uint32_t>(*c));
  }
  return n;
}

std::string list_text(const std::vector<SymInt>& extents) {
  std::string s = "[";
  for (size_t i = 0; i < extents.size(); ++i) s += (i ? ", " : "") + extents[i].to_string();
  return s + "]";
}

}  // namespace

bool Checker::check_extent_width(const Expr& e, const SymInt& value, const char* what) {
  auto c = value.as_constant();
  if (!c || *c < 0 || static_cast<uint64_t>(*c) <= kMaxExtent) return true;
  sink_.error(ErrorCode::E0421, e.span,
              std::string(what) + " " + std::to_string(*c) +
                  " is larger than 4294967295: the runtime holds extents and offsets as uint32");
  return false;
}

bool Checker::check_constant_index(const Expr& list, const std::vector<SymInt>& index,
                                   const ValueType& tensor, std::string_view name) {
  for (size_t axis = 0; axis < index.size() && axis < tensor.shape().size(); ++axis) {
    auto i = index[axis].as_constant();
    if (!i) continue;
    const ExtentValue& extent = tensor.shape()[axis];
    int64_t limit = -1;  // unknown
    if (auto c = extent.any ? std::nullopt : extent.value.as_constant()) limit = *c;
    bool outside = *i < 0 || (limit >= 0 && *i >= limit) ||
                   static_cast<uint64_t>(*i) >= kMaxExtent;  // no extent exceeds it
    if (!outside) continue;
    sink_.error(ErrorCode::E0419, list.items.at(axis)->span,
                "index " + std::to_string(*i) + " is outside axis " + std::to_string(axis) +
                    " of '" + std::string(name) + "'" +
                    (limit >= 0 ? " (extent " + std::to_string(limit) + ")"
                     : *i >= 0  ? std::string(" (extents are at most 4294967295)")
                                : std::string()));
    return false;
  }
  return true;
}

bool Checker::check_reshape_count(const Expr& e, const std::vector<SymInt>& before,
                                  const std::vector<SymInt>& after) {
  SymInt count_before = SymInt::constant(1), count_after = SymInt::constant(1);
  for (const SymInt& x : before) count_before = count_before * x;
  for (const SymInt& x : after) count_after = count_after * x;
  bool differs = count_before.compare(count_after) == SymInt::Compare::kDifferent;
  if (!differs && (count_before.is_unknown() || count_after.is_unknown())) {
    // A product past INT64 is unknown symbolically, but exact here.
    auto a = exact_product(before), b = exact_product(after);
    differs = a && b && *a != *b;
  }
  if (!differs) return true;
  bool known = !count_before.is_unknown() && !count_after.is_unknown();
  sink_.error(ErrorCode::E0304, e.span,
              known ? "tensor.reshape changes the element count from " +
                          count_before.to_string() + " to " + count_after.to_string()
                    : "tensor.reshape changes the element count: " + list_text(before) +
                          " and " + list_text(after) + " differ in their products");
  return false;
}

ValueType::Contiguity slice_contiguity(const ValueType& base, const std::vector<SymInt>& shape) {
  using C = ValueType::Contiguity;
  if (base.contiguity == C::kNo) return C::kNo;
  C result = base.contiguity;
  for (size_t axis = 1; axis < shape.size() && axis < base.shape().size(); ++axis) {
    const ExtentValue& whole = base.shape()[axis];
    SymInt::Compare same = whole.any ? SymInt::Compare::kUnknown : shape[axis].compare(whole.value);
    if (same == SymInt::Compare::kDifferent) return C::kNo;
    if (same == SymInt::Compare::kUnknown) result = C::kUnknown;
  }
  return result;
}

}  // namespace taskc
