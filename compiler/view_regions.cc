#include "view_regions.h"

#include <utility>

namespace taskc {

namespace {

// Checked arithmetic on linear forms: nullopt on overflow.
std::optional<LinearForm> combine(const LinearForm& a, const LinearForm& b, int64_t sign) {
  LinearForm out = a;
  auto apply = [&](int64_t x, int64_t y, int64_t* r) {
    return sign > 0 ? !__builtin_add_overflow(x, y, r) : !__builtin_sub_overflow(x, y, r);
  };
  if (!apply(a.constant, b.constant, &out.constant)) return std::nullopt;
  for (const auto& [atom, coefficient] : b.terms) {
    int64_t mine = 0;
    auto it = out.terms.find(atom);
    if (it != out.terms.end()) mine = it->second;
    int64_t sum = 0;
    if (!apply(mine, coefficient, &sum)) return std::nullopt;
    if (sum == 0) {
      out.terms.erase(atom);
    } else {
      out.terms[atom] = sum;
    }
  }
  return out;
}

std::optional<LinearForm> scale(const LinearForm& a, int64_t factor) {
  LinearForm out;
  if (factor == 0) return out;
  if (__builtin_mul_overflow(a.constant, factor, &out.constant)) return std::nullopt;
  for (const auto& [atom, coefficient] : a.terms) {
    int64_t product = 0;
    if (__builtin_mul_overflow(coefficient, factor, &product)) return std::nullopt;
    out.terms[atom] = product;
  }
  return out;
}

// What a scalar name stands for at a point of the walk.
struct Declaration {
  int serial = 0;
  bool stable = false;  // one value for the whole run
};

// How a tensor's coordinates relate to its root's.
enum class Coordinates {
  kRoot,   // it is the root
  kKnown,  // a view whose region is known in the root's coordinates
  kOther,  // a reshape, or a slice of one: its own
};

class RegionBuilder {
 public:
  explicit RegionBuilder(const Plan& plan)
      : plan_(plan), regions_(plan.tensors.size()), coordinates_(plan.tensors.size()) {
    for (size_t i = 0; i < plan.tensors.size(); ++i) {
      auto id = static_cast<TensorId>(i);
      regions_[i].root = plan.root(id);
      coordinates_[i] = plan.tensor(id).base == kNoTensor ? Coordinates::kRoot
                                                          : Coordinates::kOther;
    }
  }

  std::vector<ViewRegion> run() {
    walk(plan_.body.nodes, 0);
    return std::move(regions_);
  }

 private:
  void walk(const std::vector<PlanNode>& nodes, int loops);
  void declare(TensorId id);
  LinearForm linear(const PlanExpr& e);
  LinearForm linear_or_fresh(std::optional<LinearForm> form) {
    return form ? std::move(*form) : fresh();
  }
  std::optional<std::string> key(const PlanExpr& e) const;
  LinearForm atom(const std::optional<std::string>& k) {
    if (!k) return fresh();
    LinearForm f;
    f.terms[*k] = 1;
    return f;
  }
  TensorId unaliased(TensorId t) const {
    while (plan_.tensor(t).kind == PlanTensorKind::kAlias) t = plan_.tensor(t).base;
    return t;
  }
  // An atom equal to no other: a value that may differ between two uses.
  LinearForm fresh() { return atom("?" + std::to_string(fresh_++)); }

  const Plan& plan_;
  std::vector<ViewRegion> regions_;
  std::vector<Coordinates> coordinates_;
  // The declaration of each scalar name in scope: names are never shadowed,
  // so the latest declaration in file order is the one in scope.
  std::map<std::string, Declaration> scalars_;
  std::map<std::string, const PlanExpr*> checked_;
  int serial_ = 0;
  int fresh_ = 0;
};

void RegionBuilder::walk(const std::vector<PlanNode>& nodes, int loops) {
  for (const PlanNode& n : nodes) {
    if (const auto* d = n.get<PlanScalarDecl>()) {
      scalars_[d->name] = Declaration{++serial_, !d->is_mutable && loops == 0};
      // A value read once for its run-time check stands for the value.
      if (d->generated && has_check(d->value)) checked_[d->name] = &d->value;
    } else if (const auto* d = n.get<PlanTensorDecl>()) {
      declare(d->tensor);
    } else if (const auto* loop = n.get<PlanFor>()) {
      scalars_[loop->var] = Declaration{++serial_, false};
      walk(loop->body.nodes, loops + 1);
      continue;
    }
    for_each_child_list(n, [&](const std::vector<PlanNode>& list) { walk(list, loops); });
  }
}

void RegionBuilder::declare(TensorId id) {
  const PlanTensor& t = plan_.tensor(id);
  auto at = static_cast<size_t>(id);
  auto base = static_cast<size_t>(t.base);
  if (t.kind == PlanTensorKind::kAlias) {
    regions_[at] = regions_[base];
    coordinates_[at] = coordinates_[base];
    return;
  }
  if (t.kind != PlanTensorKind::kView && t.kind != PlanTensorKind::kReshape) return;
  ViewRegion& r = regions_[at];
  if (coordinates_[base] != Coordinates::kRoot) r.within = unaliased(t.base);
  if (t.kind == PlanTensorKind::kReshape) {
    // A reshape holds the same elements as what it reshapes.
    r.known = regions_[base].known;
    r.offsets = regions_[base].offsets;
    r.extents = regions_[base].extents;
    coordinates_[at] = Coordinates::kOther;
    return;
  }
  Coordinates from = coordinates_[base];
  size_t rank = t.offsets.size();
  bool fits = t.shape.size() == rank &&
              (from == Coordinates::kRoot ||
               (from == Coordinates::kKnown && regions_[base].offsets.size() == rank));
  if (!fits) return;  // coordinates of its own: not comparable
  for (size_t k = 0; k < rank; ++k) {
    LinearForm offset = linear(t.offsets[k]);
    if (from == Coordinates::kKnown) {
      offset = linear_or_fresh(combine(regions_[base].offsets[k], offset, 1));
    }
    r.offsets.push_back(std::move(offset));
    r.extents.push_back(linear(t.shape[k]));
  }
  r.known = true;
  coordinates_[at] = Coordinates::kKnown;
}

LinearForm RegionBuilder::linear(const PlanExpr& e) {
  bool index = e.dtype == DType::kIndex;
  if (e.kind == PlanExprKind::kVar) {
    if (auto it = checked_.find(e.name); it != checked_.end()) return linear(*it->second);
  }
  switch (e.kind) {
    case PlanExprKind::kInt:
      if (index) {
        LinearForm f;
        f.constant = e.int_value;
        return f;
      }
      break;
    case PlanExprKind::kUnary:
      if (index && e.op == PlanOp::kNeg) {
        return linear_or_fresh(combine(LinearForm{}, linear(e.operands.at(0)), -1));
      }
      break;
    case PlanExprKind::kBinary: {
      if (!index || e.operand_dtype != DType::kIndex) break;
      if (e.op == PlanOp::kAdd || e.op == PlanOp::kSub) {
        LinearForm a = linear(e.operands.at(0));
        LinearForm b = linear(e.operands.at(1));
        return linear_or_fresh(combine(a, b, e.op == PlanOp::kAdd ? 1 : -1));
      }
      if (e.op == PlanOp::kMul) {
        LinearForm a = linear(e.operands.at(0));
        LinearForm b = linear(e.operands.at(1));
        if (auto c = a.as_constant()) return linear_or_fresh(scale(b, *c));
        if (auto c = b.as_constant()) return linear_or_fresh(scale(a, *c));
      }
      break;
    }
    default:
      break;
  }
  return atom(key(e));
}

// A canonical spelling of `e` when it has one value for the whole run.
std::optional<std::string> RegionBuilder::key(const PlanExpr& e) const {
  std::string head = std::to_string(static_cast<int>(e.kind)) + "." +
                     std::to_string(static_cast<int>(e.dtype));
  switch (e.kind) {
    case PlanExprKind::kInt:
      return head + "=" + std::to_string(e.int_value);
    case PlanExprKind::kBool:
      return head + "=" + (e.bool_value ? "1" : "0");
    case PlanExprKind::kVar: {
      if (auto it = checked_.find(e.name); it != checked_.end()) return key(*it->second);
      if (e.mutable_var) return std::nullopt;
      auto it = scalars_.find(e.name);
      if (it == scalars_.end()) return head + "=" + e.name;  // a dim or entry scalar
      if (!it->second.stable) return std::nullopt;
      return head + "=" + e.name + "#" + std::to_string(it->second.serial);
    }
    case PlanExprKind::kDim: {
      TensorId t = unaliased(e.tensor);
      if (plan_.tensor(t).kind != PlanTensorKind::kEntry) return std::nullopt;
      return head + "=" + std::to_string(t) + "." + std::to_string(e.axis);
    }
    case PlanExprKind::kUnary:
    case PlanExprKind::kBinary:
    case PlanExprKind::kMin:
    case PlanExprKind::kMax:
    case PlanExprKind::kSelect:
    case PlanExprKind::kCast: {
      std::string out = head + "." + std::to_string(static_cast<int>(e.op)) + "." +
                        std::to_string(static_cast<int>(e.operand_dtype)) + "(";
      for (const PlanExpr& operand : e.operands) {
        auto k = key(operand);
        if (!k) return std::nullopt;
        out += *k + ",";
      }
      return out + ")";
    }
    default:  // a tensor.read (its element may be written), a float, a task id
      return std::nullopt;
  }
}

}  // namespace

std::optional<LinearForm> subtract(const LinearForm& a, const LinearForm& b) {
  return combine(a, b, -1);
}

std::vector<ViewRegion> view_regions(const Plan& plan) { return RegionBuilder(plan).run(); }

bool provably_disjoint(const ViewRegion& a, const ViewRegion& b) {
  if (!a.known || !b.known || a.root != b.root || a.offsets.size() != b.offsets.size() ||
      a.extents.size() != a.offsets.size() || b.extents.size() != b.offsets.size()) {
    return false;
  }
  auto at_least = [](const LinearForm& start, const LinearForm& first, const LinearForm& extent) {
    auto gap = subtract(start, first);
    if (gap) gap = subtract(*gap, extent);
    auto value = gap ? gap->as_constant() : std::nullopt;
    return value && *value >= 0;
  };
  for (size_t k = 0; k < a.offsets.size(); ++k) {
    if (at_least(b.offsets[k], a.offsets[k], a.extents[k]) ||
        at_least(a.offsets[k], b.offsets[k], b.extents[k])) {
      return true;
    }
  }
  return false;
}

bool provably_disjoint_views(const std::vector<ViewRegion>& regions, TensorId a, TensorId b) {
  // Chains are as long as views are nested: a few links.
  for (TensorId x = a; x != kNoTensor; x = regions[static_cast<size_t>(x)].within) {
    for (TensorId y = b; y != kNoTensor; y = regions[static_cast<size_t>(y)].within) {
      if (provably_disjoint(regions[static_cast<size_t>(x)], regions[static_cast<size_t>(y)])) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace taskc
