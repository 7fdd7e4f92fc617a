// Kernel, group and orchestration declarations: parameters, signatures,
// dims bound from entry tensors, limits and unused kernels.
#include <algorithm>

#include "checker_impl.h"
#include "utf8.h"

namespace taskc {

namespace {

bool is_clean_path(std::string_view path) {
  for (size_t i = 0; i < path.size();) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (c < 0x20 || c == 0x7f) return false;
    size_t len = utf8_sequence_length(path, i);
    if (len == 0) return false;
    i += len;
  }
  return !path.empty();
}

}  // namespace

// The first name in `e` that is not a dim or a const (a parameter, a local),
// or nullptr. Names that did not resolve are already reported.
const Expr* Checker::runtime_name(const Expr& e) const {
  if (e.kind == ExprKind::kName) {
    std::optional<ExprInfo> info = prog_.find_info(e);
    SymbolId s = info ? info->symbol : kNoSymbol;
    bool fixed = s == kNoSymbol || prog_.symbol(s).kind == SymbolKind::kDim ||
                 prog_.symbol(s).kind == SymbolKind::kConst;
    return fixed ? nullptr : &e;
  }
  for (const Expr* child : {e.lhs, e.rhs}) {
    if (const Expr* found = child ? runtime_name(*child) : nullptr) return found;
  }
  for (const ExprPtr& item : e.items) {
    if (const Expr* found = runtime_name(*item)) return found;
  }
  for (const Arg& a : e.args) {
    if (const Expr* found = runtime_name(*a.value)) return found;
  }
  return nullptr;
}

std::vector<ExtentValue> Checker::check_extents(const TypeExpr& t,
                                                bool param_type,
                                                std::vector<std::string>* text) {
  std::vector<ExtentValue> shape;
  if (t.shape.size() > prog_.profile->max_tensor_rank) {
    sink_.error(ErrorCode::E0306, t.span,
                "tensor rank " + std::to_string(t.shape.size()) +
                    " exceeds the limit of " +
                    std::to_string(prog_.profile->max_tensor_rank));
  }
  for (const Extent& e : t.shape) {
    ExtentValue v;
    if (e.any) {
      v.any = true;
      if (!param_type) {
        sink_.error(ErrorCode::E0308, e.span,
                    "'?' (any size) is only allowed in parameter types");
      }
      if (text) text->push_back("?");
      shape.push_back(v);
      continue;
    }
    const ExprInfo& info = check_expr(*e.expr);
    // Parameter extents are known when the orchestration starts, before any
    // parameter or local has a value (language.md §4).
    const Expr* runtime = param_type ? runtime_name(*e.expr) : nullptr;
    if (runtime) {
      sink_.error(ErrorCode::E0309, runtime->span,
                  "a parameter extent must be a constant, a dim, or a "
                  "constant expression of them; '" + std::string(runtime->text) +
                      "' is neither");
    } else if (info.type.kind != ValueKind::kError) {
      bool integer = info.type.kind == ValueKind::kScalar &&
                     dtype_info(info.type.dtype).is_integer;
      if (!integer) {
        sink_.error(ErrorCode::E0307, e.expr->span, "a tensor extent must be an integer");
      } else if (info.symbolic.is_unknown()) {
        sink_.error(ErrorCode::E0309, e.expr->span,
                    "a parameter extent must be a constant, a dim, or a "
                    "constant expression of them");
      } else if (auto c = info.symbolic.as_constant(); c && *c < 0) {
        sink_.error(ErrorCode::E0303, e.expr->span, "a tensor extent cannot be negative");
      } else {
        check_extent_width(*e.expr, info.symbolic, "extent");
      }
    }
    v.value = runtime ? SymInt::unknown() : info.symbolic;
    if (text) text->push_back(info.symbolic.to_string(std::string::npos));
    shape.push_back(v);
  }
  return shape;
}

ParamInfo Checker::check_param(const Param& p) {
  ParamInfo info;
  info.name = p.name;
  info.span = p.span;
  const TypeExpr* type = resolve_type(p.type);
  if (!type) {
    info.type_ok = false;
    return info;
  }
  info.dtype = type->dtype;
  info.is_tensor = type->kind == TypeKind::kTensor;
  if (info.is_tensor) {
    info.direction = p.direction == Direction::kNone ? Direction::kIn : p.direction;
    info.shape = check_extents(*type, true, &info.shape_text);
  } else {
    if (p.direction != Direction::kNone) {
      sink_.error(ErrorCode::E0310, p.span,
                  "scalar parameter '" + std::string(p.name) +
                      "' cannot have a direction; only tensors are in, out "
                      "or inout");
    }
    if (!dtype_info(info.dtype).c_type) {
      sink_.error(ErrorCode::E0301, p.type.span,
                  std::string("Scalar[") + dtype_info(info.dtype).name +
                      "] is not supported: scalars need a host type; use FP32");
    }
  }
  return info;
}

void Checker::check_kernel(const Decl& d, KernelInfo& k) {
  k.source = std::string("kernels/") + (d.is_aic ? "aic/" : "aiv/") + std::string(d.name) + ".cpp";
  for (const Annotation& a : d.annotations) {
    if (a.name == "source") {
      bool ok = a.args.size() == 1 && a.args[0].keyword.empty() &&
                !a.args[0].nodep && a.args[0].value->kind == ExprKind::kString;
      if (!ok) {
        sink_.error(ErrorCode::E0208, a.span, "@source takes one string: @source(\"path\")");
      } else if (!is_clean_path(a.args[0].value->text)) {
        sink_.error(ErrorCode::E0208, a.args[0].value->span,
                    "@source path must be non-empty UTF-8 without control "
                    "characters");
      } else {
        k.source = a.args[0].value->text;
      }
    } else if (a.name == "dual_aiv") {
      if (a.has_parens) {
        sink_.error(ErrorCode::E0208, a.span, "@dual_aiv takes no arguments");
      } else if (d.is_aic) {
        sink_.error(ErrorCode::E0208, a.span,
                    "@dual_aiv is only valid on an aiv kernel; '" + std::string(d.name) +
                        "' is aic");
      } else {
        k.dual_aiv = true;
      }
    } else {
      sink_.error(ErrorCode::E0208, a.span,
                  "unknown annotation '@" + std::string(a.name) +
                      "'; kernels take @source(\"path\") and @dual_aiv");
    }
  }
  check_callable_params(d.params, &k.params, &k.signature, &k.scalar_count);
  const TargetProfile& limits = *prog_.profile;
  if (k.signature.size() > limits.core_max_tensor_args) {
    sink_.error(ErrorCode::E0601, d.name_span,
                "kernel '" + std::string(d.name) + "' has " + std::to_string(k.signature.size()) +
                    " tensor parameters; the limit is " +
                    std::to_string(limits.core_max_tensor_args));
  }
  if (k.scalar_count > limits.core_max_scalar_args) {
    sink_.error(ErrorCode::E0602, d.name_span,
                "kernel '" + std::string(d.name) + "' has " + std::to_string(k.scalar_count) +
                    " scalar parameters; the limit is " +
                    std::to_string(limits.core_max_scalar_args));
  }
}

namespace {

// The first difference between two parameter lists, or "" when equal.
std::string param_list_difference(const std::vector<ParamInfo>& a,
                                  const std::vector<ParamInfo>& b) {
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    const ParamInfo& x = a[i];
    const ParamInfo& y = b[i];
    if (!x.type_ok || !y.type_ok) continue;  // already reported
    std::string where = "parameter " + std::to_string(i + 1) + " ('" + x.name +
                        "' vs '" + y.name + "')";
    if (x.is_tensor != y.is_tensor) return where + ": tensor vs scalar";
    if (x.dtype != y.dtype) {
      return where + ": dtype " + dtype_info(x.dtype).name + " vs " +
             dtype_info(y.dtype).name;
    }
    if (x.direction != y.direction) {
      return where + ": direction " + direction_keyword(x.direction) + " vs " +
             direction_keyword(y.direction);
    }
    if (x.shape.size() != y.shape.size()) {
      return where + ": rank " + std::to_string(x.shape.size()) + " vs " +
             std::to_string(y.shape.size());
    }
    if (!same_shape(x.shape, y.shape)) return where + ": shapes differ";
  }
  if (a.size() != b.size()) {
    return "parameter count " + std::to_string(a.size()) + " vs " +
           std::to_string(b.size());
  }
  return "";
}

}  // namespace

void Checker::check_group(const Decl& d, GroupInfo& g) {
  check_callable_params(d.params, &g.params, &g.signature, &g.scalar_count);
}

// A kernel's or group's parameters: names local to the declaration, the
// signature (tensor directions in order) and the scalar count.
void Checker::check_callable_params(const std::vector<Param>& params,
                                    std::vector<ParamInfo>* infos,
                                    std::vector<Direction>* signature,
                                    uint32_t* scalar_count) {
  push_scope();
  for (const Param& p : params) {
    declare(SymbolKind::kLocal, p.name, p.name_span, true);
    ParamInfo info = check_param(p);
    if (info.is_tensor) {
      signature->push_back(info.direction);
    } else if (info.type_ok) {
      ++*scalar_count;
    }
    infos->push_back(std::move(info));
  }
  pop_scope();
}

// After every kernel and the orchestration are checked: members may be
// declared after the group, and the group's call count is known.
void Checker::check_group_members(const Decl& d, GroupInfo& g) {
  // Calls of the group use its members even when it is declared wrongly, so
  // a mistake is not also reported as an unused kernel (nor, for a member
  // that is not a kernel, is whichever kernel was meant).
  for (const GroupMember& m : d.members) {
    SymbolId s = lookup(m.name);
    if (s != kNoSymbol && sym(s).kind == SymbolKind::kKernel) {
      prog_.kernels[sym(s).index].call_sites += g.call_sites;
    } else if (g.call_sites > 0) {
      unresolved_call_ = true;
    }
  }
  // {aic A; aiv B;}, {aic A; aiv B; aiv C;} or {aiv B; aiv C;}: at most
  // one aic member (anywhere, as v1 allowed) and one or two aiv members, in
  // lane order.
  size_t aic = static_cast<size_t>(std::count_if(
      d.members.begin(), d.members.end(), [](const GroupMember& m) { return m.is_aic; }));
  bool shape_ok = aic <= 1 && (aic == 1 || d.members.size() == 2);
  if (!shape_ok) {
    sink_.error(ErrorCode::E0701, d.members.back().span,
                "group '" + std::string(d.name) + "' has the lanes {aic A; aiv B;}, {aic A; aiv B; aiv C;} "
                "or {aiv B; aiv C;}");
    return;
  }
  std::vector<int> aiv;  // the aiv members' kernels, in lane order
  for (const GroupMember& m : d.members) {
    SymbolId s = lookup(m.name);
    if (s == kNoSymbol || sym(s).kind != SymbolKind::kKernel) {
      sink_.error(ErrorCode::E0701, m.span,
                  "group member '" + std::string(m.name) + "' is not a declared kernel");
      continue;
    }
    int kernel = sym(s).index;
    KernelInfo& k = prog_.kernels[kernel];
    if (k.is_aic != m.is_aic) {
      sink_.error(ErrorCode::E0701, m.span,
                  "group member '" + std::string(m.name) + "' is declared " +
                      (k.is_aic ? "aic" : "aiv") + " but listed as " +
                      (m.is_aic ? "aic" : "aiv"),
                  {DiagnosticNote{k.span, "'" + std::string(m.name) + "' declared here"}});
      continue;
    }
    std::string difference = param_list_difference(g.params, k.params);
    if (!difference.empty()) {
      sink_.error(ErrorCode::E0702, m.span,
                  "group '" + std::string(d.name) + "' member '" + std::string(m.name) +
                      "' must take the group's parameters; first difference: " +
                      difference,
                  {DiagnosticNote{k.span, "'" + std::string(m.name) + "' declared here"}});
      continue;
    }
    if (m.is_aic) {
      g.aic_kernel = kernel;
    } else {
      aiv.push_back(kernel);
    }
  }
  if (aiv.size() == 2 && aiv[0] == aiv[1]) {
    sink_.error(ErrorCode::E0703, d.members.back().span,
                "group '" + std::string(d.name) + "' lists '" + std::string(d.members.back().name) +
                    "' on both vector lanes; a kernel that runs on both is declared @dual_aiv "
                    "and listed once");
    return;
  }
  for (int kernel : aiv) {
    if (aiv.size() == 2 && prog_.kernels[kernel].dual_aiv) {
      sink_.error(ErrorCode::E0703, d.members.back().span,
                  "@dual_aiv kernel '" + prog_.kernels[kernel].name +
                      "' takes both vector lanes; group '" + std::string(d.name) + "' has room for one "
                      "aiv member with it");
      return;
    }
  }
  if (!aiv.empty()) g.aiv_kernel = aiv[0];
  if (aiv.size() == 2) g.aiv1_kernel = aiv[1];
}

void Checker::check_orchestration(const Decl& d) {
  push_scope();
  entry_written_.assign(d.params.size(), false);
  for (size_t i = 0; i < d.params.size(); ++i) {
    const Param& p = d.params[i];
    ParamInfo info = check_param(p);
    SymbolId id = declare(info.is_tensor ? SymbolKind::kEntryTensor
                                         : SymbolKind::kEntryScalar,
                          p.name, p.name_span, true);
    prog_.entry_symbols.push_back(id);
    Symbol* s = &sym(id);
    s->index = static_cast<int>(i);
    s->type.dtype = info.dtype;
    if (!info.type_ok) {
      s->type.kind = ValueKind::kError;  // its uses are not errors again
    } else if (info.is_tensor) {
      s->type.kind = ValueKind::kTensor;
      s->type.root_entry = static_cast<int>(i);
      TensorLayout layout{info.shape, {}, {}};
      layout.view_offsets.assign(info.shape.size(), SymInt::constant(0));
      for (const ExtentValue& x : info.shape) {
        layout.view_extents.push_back(x.any ? SymInt::unknown() : x.value);
      }
      s->type.layout = prog_.add_layout(std::move(layout));
      prog_.entry_signature.push_back(info.direction);
    } else {
      s->type.kind = ValueKind::kScalar;
      s->symbolic = SymInt::atom(std::string(p.name), id);
      ++prog_.entry_scalar_count;
    }
    prog_.entry_params.push_back(std::move(info));
  }
  const TargetProfile& limits = *prog_.profile;
  if (prog_.entry_signature.size() > limits.chip_max_tensor_args) {
    sink_.error(ErrorCode::E0603, d.name_span,
                "orchestration has " + std::to_string(prog_.entry_signature.size()) +
                    " entry tensors; the limit is " +
                    std::to_string(limits.chip_max_tensor_args));
  }
  if (prog_.entry_scalar_count > limits.chip_max_scalar_args) {
    sink_.error(ErrorCode::E0604, d.name_span,
                "orchestration has " + std::to_string(prog_.entry_scalar_count) +
                    " entry scalars; the limit is " +
                    std::to_string(limits.chip_max_scalar_args));
  }
  bind_dims();
  check_block(d.body);
  for (size_t i = 0; i < prog_.entry_params.size(); ++i) {
    const ParamInfo& p = prog_.entry_params[i];
    if (p.is_tensor && p.direction == Direction::kOut && !entry_written_[i] &&
        !unknown_writes_) {
      sink_.warning(Warning::kUnwrittenOutput, p.span,
                    "entry tensor '" + p.name +
                        "' is declared out but no task writes it");
    }
  }
  pop_scope();
}

void Checker::bind_dims() {
  for (DimBinding& dim : prog_.dims) {
    const SymInt& atom = prog_.symbol(dim.symbol).symbolic;
    for (size_t i = 0; i < prog_.entry_params.size() && dim.param < 0; ++i) {
      const ParamInfo& p = prog_.entry_params[i];
      for (size_t axis = 0; axis < p.shape.size(); ++axis) {
        if (!p.shape[axis].any &&
            p.shape[axis].value.compare(atom) == SymInt::Compare::kEqual) {
          dim.param = static_cast<int>(i);
          dim.axis = axis;
          break;
        }
      }
    }
    if (dim.param < 0) {
      sink_.error(ErrorCode::E0209, dim.span,
                  "dim '" + dim.name +
                      "' is not the whole extent of any entry tensor axis, so "
                      "nothing binds it");
    }
  }
  // Every other declared extent is checked when the orchestration starts.
  for (size_t i = 0; i < prog_.entry_params.size(); ++i) {
    const ParamInfo& p = prog_.entry_params[i];
    for (size_t axis = 0; axis < p.shape.size(); ++axis) {
      if (p.shape[axis].any) continue;
      bool binds = std::any_of(prog_.dims.begin(), prog_.dims.end(),
                               [&](const DimBinding& d) {
                                 return d.param == static_cast<int>(i) &&
                                        d.axis == axis;
                               });
      if (!binds) {
        prog_.entry_checks.push_back(
            EntryShapeCheck{static_cast<int>(i), axis, p.shape[axis].value});
      }
    }
  }
}

void Checker::report_unused_and_limits() {
  size_t dispatched = 0;
  for (const KernelInfo& k : prog_.kernels) {
    if (k.call_sites == 0 && !unresolved_call_) {
      sink_.warning(Warning::kUnusedKernel, k.span,
                    "kernel '" + k.name +
                        "' is never called; it is left out of the manifest");
    } else {
      ++dispatched;
    }
  }
  if (dispatched > prog_.profile->max_dispatched_kernels) {
    sink_.error(ErrorCode::E0605, prog_.module.name_span,
                std::to_string(dispatched) +
                    " kernels are dispatched; the runtime allows at most " +
                    std::to_string(prog_.profile->max_dispatched_kernels));
  }
}

bool same_shape(const std::vector<ExtentValue>& a,
                const std::vector<ExtentValue>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].any != b[i].any) return false;
    if (!a[i].any && a[i].value.compare(b[i].value) != SymInt::Compare::kEqual) {
      return false;
    }
  }
  return true;
}

}  // namespace taskc
