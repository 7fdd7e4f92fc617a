#include "value_ranges.h"

#include <algorithm>

#include "builtins.h"

namespace taskc {

namespace {

IntRange recorded(const Program& prog, const Expr& e) {
  return prog.range_of(e);
}

bool integer_like(DType d) { return dtype_info(d).is_integer || d == DType::kBool; }

IntRange function_range(const Program& prog, const Expr& e) {
  auto arg = [&](size_t i) { return recorded(prog, *e.args.at(i).value); };
  switch (e.builtin) {
    case Builtin::kMin: {
      IntRange a = arg(0), b = arg(1);
      return IntRange::between(std::min(a.lo, b.lo), std::min(a.hi, b.hi));
    }
    case Builtin::kMax: {
      IntRange a = arg(0), b = arg(1);
      return IntRange::between(std::max(a.lo, b.lo), std::max(a.hi, b.hi));
    }
    case Builtin::kSelect:
      return hull(arg(1), arg(2));
    case Builtin::kCast: {
      const Expr& from = *e.args.at(0).value;
      // A float becomes any value of the dtype (or a run-time error).
      return prog.checked(from) && integer_like(prog.dtype_of(from)) ? prog.range_of(from)
                                                                      : IntRange{};
    }
    case Builtin::kAvailableClusters:
    case Builtin::kAvailableAiv:
      return IntRange::between(0, 2147483647);  // the runtime returns an int
    case Builtin::kUnknown:
      break;
  }
  return IntRange{};
}

IntRange atom_range(const Program& prog, const SymInt::Atom& a) {
  using Kind = SymInt::Atom::Kind;
  switch (a.kind) {
    case Kind::kNamed: {
      if (a.symbol < 0 || static_cast<size_t>(a.symbol) >= prog.symbols.size()) return IntRange{};
      const Symbol& s = prog.symbol(a.symbol);
      return intersect(s.range, dtype_range(s.type.dtype));
    }
    case Kind::kFloorDiv:
      return range_floor_div(symbolic_range(prog, a.lhs), symbolic_range(prog, a.rhs));
    case Kind::kMod:
      return range_mod(symbolic_range(prog, a.lhs), symbolic_range(prog, a.rhs));
    case Kind::kMin:
    case Kind::kMax: {
      IntRange l = symbolic_range(prog, a.lhs), r = symbolic_range(prog, a.rhs);
      return a.kind == Kind::kMin
                 ? IntRange::between(std::min(l.lo, r.lo), std::min(l.hi, r.hi))
                 : IntRange::between(std::max(l.lo, r.lo), std::max(l.hi, r.hi));
    }
  }
  return IntRange{};
}

// The atom as a value of its own, to take it out of a sum.
SymInt atom_value(const SymInt::Atom& a) {
  using Kind = SymInt::Atom::Kind;
  switch (a.kind) {
    case Kind::kNamed: return SymInt::atom(a.name, a.symbol);
    case Kind::kFloorDiv: return a.lhs.floor_div(a.rhs);
    case Kind::kMod: return a.lhs.mod(a.rhs);
    case Kind::kMin: return a.lhs.min(a.rhs);
    case Kind::kMax: return a.lhs.max(a.rhs);
  }
  return SymInt::unknown();
}

// Values no greater than coeff * a, in every run: what a linear term may be
// replaced by when proving a sum non-negative.
std::vector<SymInt> lower_bounds_of_term(const Program& prog, const SymInt::Atom& a,
                                         int64_t coeff) {
  using Kind = SymInt::Atom::Kind;
  SymInt c = SymInt::constant(coeff);
  std::vector<SymInt> out;
  switch (a.kind) {
    case Kind::kNamed:
      if (a.symbol >= 0 && static_cast<size_t>(a.symbol) < prog.symbols.size()) {
        if (uint32_t i = prog.symbol(a.symbol).bounds) {
          const SymbolBounds& b = prog.symbol_bounds[i - 1];
          const SymInt& bound = coeff > 0 ? b.lower : b.upper;
          if (!bound.is_unknown()) out.push_back(c * bound);
        }
      }
      break;
    case Kind::kMin:  // min(x, y) <= x and <= y
      if (coeff < 0) out = {c * a.lhs, c * a.rhs};
      break;
    case Kind::kMax:  // max(x, y) >= x and >= y
      if (coeff > 0) out = {c * a.lhs, c * a.rhs};
      break;
    case Kind::kFloorDiv: {
      // k * (x // k) lies in [x - k + 1, x] for a constant k > 0.
      auto k = a.rhs.as_constant();
      if (!k || *k <= 0 || coeff % *k != 0) break;
      SymInt per = SymInt::constant(coeff / *k);
      out.push_back(coeff < 0 ? per * a.lhs : per * (a.lhs - SymInt::constant(*k - 1)));
      break;
    }
    case Kind::kMod:
      break;
  }
  return out;
}

bool prove_nonnegative(const Program& prog, const SymInt& v, int depth, int& budget) {
  if (v.is_unknown() || --budget < 0) return false;
  if (symbolic_range(prog, v).lo >= 0) return true;
  if (depth == 0) return false;
  for (const SymInt::Term& t : v.terms()) {
    if (t.atoms->size() != 1) continue;
    const SymInt::Atom& a = *t.atoms->front();
    SymInt c = SymInt::constant(t.coeff);
    SymInt rest = v - c * atom_value(a);
    for (const SymInt& bound : lower_bounds_of_term(prog, a, t.coeff)) {
      if (prove_nonnegative(prog, rest + bound, depth - 1, budget)) return true;
    }
    // c * min(x, y) with c > 0 (or c * max(x, y) with c < 0) is one of
    // c * x and c * y: both cases must hold.
    using Kind = SymInt::Atom::Kind;
    if ((a.kind == Kind::kMin && t.coeff > 0) || (a.kind == Kind::kMax && t.coeff < 0)) {
      if (prove_nonnegative(prog, rest + c * a.lhs, depth - 1, budget) &&
          prove_nonnegative(prog, rest + c * a.rhs, depth - 1, budget)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

IntRange raw_binary_range(BinaryOp op, const IntRange& l, const IntRange& r) {
  switch (op) {
    case BinaryOp::kAdd: return range_add(l, r);
    case BinaryOp::kSub: return range_sub(l, r);
    case BinaryOp::kMul: return range_mul(l, r);
    case BinaryOp::kFloorDiv: return range_floor_div(l, r);
    case BinaryOp::kMod: return range_mod(l, r);
    default: return IntRange{};
  }
}

IntRange expr_range(const Program& prog, const Expr& e, const ExprInfo& info) {
  if (info.type.kind != ValueKind::kScalar || !integer_like(info.type.dtype)) return IntRange{};
  if (info.constant) {
    const ConstValue& c = *info.constant;
    if (c.kind == ConstValue::Kind::kInt) return IntRange::exactly(c.i);
    if (c.kind == ConstValue::Kind::kBool) return IntRange::exactly(c.b ? 1 : 0);
  }
  IntRange r = dtype_range(info.type.dtype);
  switch (e.kind) {
    case ExprKind::kName:
      if (info.symbol != kNoSymbol) r = intersect(r, prog.symbol(info.symbol).range);
      break;
    case ExprKind::kNeg:
      r = intersect(r, range_neg(recorded(prog, *e.lhs)));
      break;
    case ExprKind::kBinary:
      if (dtype_info(info.type.dtype).is_integer) {
        r = intersect(r, raw_binary_range(e.op, recorded(prog, *e.lhs), recorded(prog, *e.rhs)));
      }
      break;
    case ExprKind::kCall:
      r = intersect(r, function_range(prog, e));
      break;
    case ExprKind::kTensorOp:
      if (e.tensor_op == TensorOp::kDim) r = intersect(r, extent_range());
      break;
    default:
      break;
  }
  return r;
}

IntRange symbolic_range(const Program& prog, const SymInt& v) {
  if (v.is_unknown()) return IntRange{};
  IntRange sum = IntRange::exactly(v.constant_term());
  for (const SymInt::Term& t : v.terms()) {
    IntRange product = IntRange::exactly(t.coeff);
    for (const SymInt::AtomRef& a : *t.atoms) product = range_mul(product, atom_range(prog, *a));
    sum = range_add(sum, product);
  }
  return sum;
}

bool extent_magnitude_fits(const Program& prog, const SymInt& v) {
  if (v.is_unknown()) return false;
  const WideInt limit = dtype_range(DType::kIndex).hi;
  auto magnitude = [](const IntRange& r) { return std::max(r.hi, -r.lo); };
  WideInt c = v.constant_term();
  WideInt total = c < 0 ? -c : c;
  for (const SymInt::Term& t : v.terms()) {
    IntRange product = IntRange::exactly(t.coeff < 0 ? -WideInt{t.coeff} : WideInt{t.coeff});
    for (const SymInt::AtomRef& a : *t.atoms) {
      WideInt m = magnitude(atom_range(prog, *a));
      product = range_mul(product, IntRange::exactly(m));
      if (product.hi > limit) return false;
    }
    total += product.hi;
    if (total > limit) return false;
  }
  return true;
}

bool provably_nonnegative(const Program& prog, const SymInt& v) {
  int budget = 256;  // proofs tried: each a range evaluation
  return prove_nonnegative(prog, v, 6, budget);
}

bool provably_at_most(const Program& prog, const SymInt& a, const SymInt& b) {
  return provably_nonnegative(prog, b - a);
}

LoopBounds loop_bounds(const ExprInfo* start, const ExprInfo& stop, const ExprInfo* step) {
  IntRange from = start ? start->range : IntRange::exactly(0);
  SymInt first = start ? start->symbolic : SymInt::constant(0);
  std::optional<int64_t> by = 1;
  if (step) {
    by = step->constant && step->constant->kind == ConstValue::Kind::kInt
             ? std::optional<int64_t>(step->constant->i)
             : std::nullopt;
  }
  LoopBounds b;
  const IntRange& to = stop.range;
  SymInt one = SymInt::constant(1);
  if (by && *by > 0) {  // start <= i <= stop - 1
    b.range = IntRange::between(from.lo, to.hi - 1);
    b.lower = first;
    b.upper = stop.symbolic - one;
  } else if (by && *by < 0) {  // stop + 1 <= i <= start
    b.range = IntRange::between(to.lo + 1, from.hi);
    b.lower = stop.symbolic + one;
    b.upper = first;
  } else {
    b.range = IntRange::between(std::min(from.lo, to.lo + 1), std::max(from.hi, to.hi - 1));
  }
  b.range = intersect(b.range, dtype_range(DType::kIndex));
  return b;
}

bool loop_step_cannot_overflow(const IntRange& stop, const IntRange& step) {
  const IntRange index = dtype_range(DType::kIndex);
  bool up = step.hi <= 0 || stop.hi - 1 + step.hi <= index.hi;
  bool down = step.lo >= 0 || stop.lo + 1 + step.lo >= index.lo;
  return up && down;
}

}  // namespace taskc
