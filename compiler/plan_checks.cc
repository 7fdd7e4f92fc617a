// The run-time checks the generated code makes (language-v2.md §4): every
// integer that may not fit where it is stored (an arithmetic result its
// dtype, a conversion its target, an extent, offset or index the runtime's
// uint32), every view bound, every reshape's element count and contiguity.
// The checker's value ranges decide; a check it proves is not emitted.
// Each failure names the orchestration, the .kir line and the tensor or
// value.
#include "emit_text.h"
#include "formatter.h"
#include "plan_builder.h"
#include "value_ranges.h"

namespace taskc {

namespace {

PlanExpr compare(PlanOp op, PlanExpr a, PlanExpr b) {
  return PlanExpr::binary(op, std::move(a), std::move(b), DType::kIndex, DType::kBool);
}

PlanExpr dim_of(TensorId t, size_t axis) {
  PlanExpr d = PlanExpr::of_kind(PlanExprKind::kDim);
  d.tensor = t;
  d.axis = static_cast<uint32_t>(axis);
  return d;
}

const PlanExpr kMaxExtentLiteral = PlanExpr::integer(static_cast<int64_t>(kMaxExtent));

// parts[0] || parts[1] || ...; nullopt when there are none (all proven).
std::optional<PlanExpr> any_of(std::vector<PlanExpr> parts) {
  std::optional<PlanExpr> out;
  for (PlanExpr& p : parts) {
    out = out ? PlanExpr::binary(PlanOp::kOr, std::move(*out), std::move(p), DType::kBool,
                                 DType::kBool)
              : std::move(p);
  }
  return out;
}

std::string line_of(const Expr& e) { return "line " + std::to_string(e.span.begin.line); }

}  // namespace

std::string PlanBuilder::kir_text(const Expr& e) const {
  std::string text = format_expr(e);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

IntRange PlanBuilder::range_of(const Expr& e, DType as) const {
  return intersect(prog_.info(e).range, dtype_range(as));
}

PlanExpr PlanBuilder::converted(PlanExpr x, DType to, const Expr& source, const Expr& named) {
  const char* xt = dtype_info(x.dtype).c_type;
  const char* tt = dtype_info(to).c_type;
  if (x.dtype == to || (xt && tt && std::string(xt) == tt)) return x;
  PlanExpr c = PlanExpr::of_kind(PlanExprKind::kCast);
  c.dtype = to;
  const DTypeInfo& target = dtype_info(to);
  const ExprInfo& info = prog_.info(source);
  if (target.is_integer) {
    if (dtype_info(info.type.dtype).is_float) {
      c.check = line_of(named) + ": " + kir_text(named) + " is NaN or outside " + target.name;
    } else if (!intersect(info.range, dtype_range(x.dtype)).within(dtype_range(to))) {
      c.check = line_of(named) + ": " + kir_text(named) + " does not fit " + target.name;
    }
  }
  c.operands.push_back(std::move(x));
  return c;
}

void PlanBuilder::check_overflow(PlanExpr& op, const Expr& e, const IntRange& raw) {
  DType d = op.kind == PlanExprKind::kBinary ? op.operand_dtype : op.dtype;
  if (!dtype_info(d).is_integer || raw.within(dtype_range(d))) return;
  op.check = line_of(e) + ": " + kir_text(e) + " overflows " + dtype_info(d).name;
}

PlanExpr PlanBuilder::settle(PlanExpr value) {
  if (!has_check(value)) return value;
  if (!prelude_) throw InternalError("a checked value outside a statement");
  return read_once(std::move(value), [&] { return fresh("task_value"); }, *prelude_);
}

bool PlanBuilder::index_proven(const Expr& index, const ExtentValue& extent) const {
  if (range_of(index, DType::kIndex).lo < 0 || extent.any) return false;
  return provably_at_most(prog_, prog_.info(index).symbolic + SymInt::constant(1), extent.value);
}

void PlanBuilder::add_index_checks(std::vector<PlanExpr>& indices, const Expr& list,
                                   const Expr& tensor, TensorId id, const char* what) {
  const ValueType type = prog_.info(tensor).type;
  for (size_t axis = 0; axis < indices.size(); ++axis) {
    const Expr& item = *list.items.at(axis);
    if (index_proven(item, type.shape().at(axis))) continue;
    PlanExpr& i = indices[axis];
    PlanCheck check;
    check.fails = PlanExpr::binary(PlanOp::kOr, compare(PlanOp::kLt, i, PlanExpr::integer(0)),
                                   compare(PlanOp::kGe, i, dim_of(id, axis)), DType::kBool,
                                   DType::kBool);
    check.format = line_of(item) + ": " + what + " index %lld is outside axis " +
                   std::to_string(axis) + " of '" + c_format_literal_body(kir_text(tensor)) +
                   "' (extent %lld)";
    check.args = {i, dim_of(id, axis)};
    prelude_->push_back(PlanNode{std::move(check)});
  }
}

void PlanBuilder::add_create_checks(PlanTensor& t, const Expr& list) {
  for (size_t axis = 0; axis < t.shape.size(); ++axis) {
    const Expr& item = *list.items.at(axis);
    IntRange r = range_of(item, DType::kIndex);
    std::vector<PlanExpr> parts;
    PlanExpr& e = t.shape[axis];
    if (r.lo < 0) parts.push_back(compare(PlanOp::kLt, e, PlanExpr::integer(0)));
    if (r.hi > kMaxExtent) parts.push_back(compare(PlanOp::kGt, e, kMaxExtentLiteral));
    auto fails = any_of(std::move(parts));
    if (!fails) continue;
    t.checks.push_back(PlanCheck{std::move(*fails),
                                 line_of(item) + ": tensor.create extent %lld of axis " +
                                     std::to_string(axis) + " is outside 0..4294967295",
                                 {e}});
  }
}

void PlanBuilder::add_slice_checks(PlanTensor& t, const Expr& e) {
  const Expr& base = *e.args[0].value;
  const Expr& shapes = *e.args[1].value;
  const Expr& offsets = *e.args[2].value;
  const ValueType base_type = prog_.info(base).type;
  for (size_t axis = 0; axis < t.shape.size(); ++axis) {
    const Expr& oe = *offsets.items.at(axis);
    const Expr& ee = *shapes.items.at(axis);
    IntRange o = range_of(oe, DType::kIndex), x = range_of(ee, DType::kIndex);
    if (o.lo < 0 && provably_nonnegative(prog_, prog_.info(oe).symbolic)) o.lo = 0;
    if (x.lo < 0 && provably_nonnegative(prog_, prog_.info(ee).symbolic)) x.lo = 0;
    const ExtentValue& whole = base_type.shape().at(axis);
    bool end_proven = !whole.any && provably_at_most(prog_, prog_.info(oe).symbolic +
                                                                 prog_.info(ee).symbolic,
                                                     whole.value);
    const PlanExpr& off = t.offsets[axis];
    const PlanExpr& ext = t.shape[axis];
    PlanExpr limit = dim_of(t.base, axis);
    bool at_zero = off.kind == PlanExprKind::kInt && off.int_value == 0;
    // The whole axis (`tensor.dim(t, k)` of a `?` extent, which has no
    // symbolic value) from 0.
    end_proven = end_proven || (at_zero && ext == limit);
    std::vector<PlanExpr> parts;
    if (o.lo < 0) parts.push_back(compare(PlanOp::kLt, off, PlanExpr::integer(0)));
    if (o.hi > kMaxExtent && !(end_proven && x.lo >= 0)) {
      parts.push_back(compare(PlanOp::kGt, off, kMaxExtentLiteral));
    }
    if (x.lo < 0) parts.push_back(compare(PlanOp::kLt, ext, PlanExpr::integer(0)));
    if (!end_proven) {
      // An empty view (extent 0) takes any offset, as in the runtime.
      PlanExpr beyond = compare(PlanOp::kGt, ext, limit);
      if (!at_zero) {
        beyond = PlanExpr::binary(
            PlanOp::kOr, std::move(beyond),
            compare(PlanOp::kGt, off,
                    PlanExpr::binary(PlanOp::kSub, limit, ext, DType::kIndex, DType::kIndex)),
            DType::kBool, DType::kBool);
      }
      parts.push_back(x.lo >= 1 || at_zero ? std::move(beyond)
                                : PlanExpr::binary(PlanOp::kAnd,
                                                   compare(PlanOp::kGt, ext, PlanExpr::integer(0)),
                                                   std::move(beyond), DType::kBool,
                                                   DType::kBool));
    }
    auto fails = any_of(std::move(parts));
    if (!fails) continue;
    t.checks.push_back(PlanCheck{
        std::move(*fails),
        line_of(oe) + ": tensor.slice of '" + c_format_literal_body(kir_text(base)) +
            "' axis " + std::to_string(axis) +
            ": offset %lld and extent %lld do not fit the tensor's extent %lld",
        {off, ext, limit}});
  }
}

void PlanBuilder::add_reshape_checks(PlanTensor& t, const Expr& e) {
  const Expr& base = *e.args[0].value;
  const Expr& shapes = *e.args[1].value;
  const ValueType base_type = prog_.info(base).type;
  std::string where = line_of(e) + ": tensor.reshape of '" + c_format_literal_body(kir_text(base)) + "'";
  SymInt before = SymInt::constant(1), after = SymInt::constant(1);
  for (const ExtentValue& x : base_type.shape()) before = before * (x.any ? SymInt::unknown() : x.value);
  for (size_t axis = 0; axis < t.shape.size(); ++axis) {
    const Expr& item = *shapes.items.at(axis);
    after = after * prog_.info(item).symbolic;
    IntRange r = range_of(item, DType::kIndex);
    std::vector<PlanExpr> parts;
    if (r.lo < 0) parts.push_back(compare(PlanOp::kLt, t.shape[axis], PlanExpr::integer(0)));
    if (r.hi > kMaxExtent) parts.push_back(compare(PlanOp::kGt, t.shape[axis], kMaxExtentLiteral));
    if (auto fails = any_of(std::move(parts))) {
      t.checks.push_back(PlanCheck{std::move(*fails),
                                   where + ": extent %lld of axis " + std::to_string(axis) +
                                       " is outside 0..4294967295",
                                   {t.shape[axis]}});
    }
  }
  if (before.compare(after) != SymInt::Compare::kEqual) {
    PlanExpr have = PlanExpr::of_kind(PlanExprKind::kElementCount);
    have.dtype = DType::kUint64;
    for (size_t axis = 0; axis < base_type.shape().size(); ++axis) {
      have.operands.push_back(dim_of(t.base, axis));
    }
    PlanExpr want = PlanExpr::of_kind(PlanExprKind::kElementCount);
    want.dtype = DType::kUint64;
    want.operands = t.shape;
    t.checks.push_back(PlanCheck{
        PlanExpr::binary(PlanOp::kNe, have, want, DType::kUint64, DType::kBool),
        where + " changes the element count from %lld to %lld", {have, want}});
  }
  if (base_type.contiguity != ValueType::Contiguity::kUnknown) return;
  // The views it is cut from, down to a contiguous tensor: each must span
  // its base on every axis but the first where the checker could not tell.
  std::vector<PlanExpr> parts;
  for (TensorId v = t.base; v != kNoTensor;) {
    const PlanTensor& view = plan_.tensor(v);
    if (view.kind == PlanTensorKind::kAlias) {
      v = view.base;
      continue;
    }
    if (view.kind != PlanTensorKind::kView) break;
    for (size_t axis = 1; axis < view.shape.size(); ++axis) {
      if (axis < view.spans.size() && view.spans[axis]) continue;
      parts.push_back(compare(PlanOp::kNe, dim_of(v, axis), dim_of(view.base, axis)));
    }
    v = view.base;
  }
  if (auto fails = any_of(std::move(parts))) {
    t.checks.push_back(PlanCheck{std::move(*fails),
                                 where + ": the view is not contiguous (a slice must span its "
                                         "tensor on every axis but the first)",
                                 {}});
  }
}

}  // namespace taskc
