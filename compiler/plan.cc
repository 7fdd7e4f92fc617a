// build_plan: kernels with dense func_ids, groups, the entry interface, and
// the invariant check. Statements are planned in plan_body.cc.
#include "plan.h"

#include <utility>

#include "plan_builder.h"

namespace taskc {

// Node lists hold one node per statement and declaration: large payloads
// are boxed so that a node stays the size of the small ones.
static_assert(sizeof(PlanNode) <= 48, "a PlanNode payload larger than PlanAlloc is not boxed");

PlanExpr PlanExpr::integer(int64_t v, DType dtype) {
  PlanExpr e;
  e.kind = PlanExprKind::kInt;
  e.dtype = dtype;
  e.int_value = v;
  return e;
}

PlanExpr PlanExpr::variable(std::string name, DType dtype, bool is_mutable) {
  PlanExpr e;
  e.kind = PlanExprKind::kVar;
  e.dtype = dtype;
  e.name = std::move(name);
  e.mutable_var = is_mutable;
  return e;
}

PlanExpr PlanExpr::task_id(std::string name, std::optional<PlanExpr> index) {
  PlanExpr e = of_kind(PlanExprKind::kTaskId);
  e.name = std::move(name);
  if (index) e.operands.push_back(std::move(*index));
  return e;
}

bool PlanExpr::operator==(const PlanExpr& o) const {
  return kind == o.kind && dtype == o.dtype && int_value == o.int_value &&
         (float_value == o.float_value || (float_value != float_value && o.float_value != o.float_value)) &&
         bool_value == o.bool_value && name == o.name && mutable_var == o.mutable_var &&
         op == o.op && operand_dtype == o.operand_dtype && tensor == o.tensor && axis == o.axis &&
         check == o.check && operands == o.operands;
}

bool has_check(const PlanExpr& e) {
  if (!e.check.empty()) return true;
  for (const PlanExpr& o : e.operands) {
    if (has_check(o)) return true;
  }
  return false;
}

PlanExpr PlanExpr::of_kind(PlanExprKind kind) {
  PlanExpr e;
  e.kind = kind;
  return e;
}

PlanExpr PlanExpr::binary(PlanOp op, PlanExpr a, PlanExpr b, DType operand_dtype,
                          DType result) {
  PlanExpr e;
  e.kind = PlanExprKind::kBinary;
  e.op = op;
  e.dtype = result;
  e.operand_dtype = operand_dtype;
  e.operands.reserve(2);
  e.operands.push_back(std::move(a));
  e.operands.push_back(std::move(b));
  return e;
}

Plan build_plan(const Program& program) { return PlanBuilder(program).build(); }

Plan PlanBuilder::build() {
  if (!prog_.orchestration || !prog_.profile) {
    throw InternalError("build_plan: the program has no orchestration; it "
                        "must be checked without errors first");
  }
  plan_.module = prog_.module.name;
  plan_.orchestration = prog_.orchestration->name;
  plan_.target = prog_.target;
  plan_.runtime = prog_.runtime;
  const TargetProfile& p = *prog_.profile;
  plan_.limits = PlanLimits{p.core_max_tensor_args, p.core_max_scalar_args,
                            p.chip_max_tensor_args, p.chip_max_scalar_args,
                            p.max_tensor_rank, p.max_dispatched_kernels};
  reads_.assign(prog_.symbols.size(), 0);
  symbol_tensor_.assign(prog_.symbols.size(), kNoTensor);
  plan_kernels();
  plan_groups();
  plan_entry();
  plan_.sites.reserve(prog_.calls.size());  // each call is planned once
  plan_.body = plan_block(prog_.orchestration->body, true);
  mark_usage();
  check_plan_invariants(plan_);
  return std::move(plan_);  // build() runs once: no copy of the whole plan
}

PlanParam PlanBuilder::plan_param(const ParamInfo& p) const {
  PlanParam out;
  out.name = p.name;
  out.is_tensor = p.is_tensor;
  out.direction = p.is_tensor ? p.direction : Direction::kNone;
  out.dtype = p.dtype;
  for (size_t axis = 0; axis < p.shape.size(); ++axis) {
    const ExtentValue& v = p.shape[axis];
    PlanExtent e;
    e.any = v.any;
    if (!v.any) e.constant = v.value.as_constant();
    e.text = v.any ? "?"
                   : axis < p.shape_text.size() ? p.shape_text[axis]
                                                : v.value.to_string();
    out.shape.push_back(std::move(e));
  }
  return out;
}

void PlanBuilder::plan_kernels() {
  func_id_of_kernel_.assign(prog_.kernels.size(), -1);
  for (size_t i = 0; i < prog_.kernels.size(); ++i) {
    const KernelInfo& k = prog_.kernels[i];
    if (k.call_sites == 0) continue;  // not dispatched: not in the manifest
    PlanKernel out;
    out.func_id = static_cast<int>(plan_.kernels.size());
    out.name = k.name;
    out.is_aic = k.is_aic;
    out.dual_aiv = k.dual_aiv;
    out.source = k.source;
    out.signature = k.signature;
    out.scalar_count = k.scalar_count;
    for (const ParamInfo& p : k.params) out.params.push_back(plan_param(p));
    out.call_sites = k.call_sites;
    func_id_of_kernel_[i] = out.func_id;
    plan_.kernels.push_back(std::move(out));
  }
}

// Only called groups are listed: an uncalled group's members may not be
// dispatched, and the manifest names only dispatched kernels.
void PlanBuilder::plan_groups() {
  auto member = [&](const GroupInfo& g, int kernel) -> std::string {
    if (kernel < 0) return "";
    if (func_id_of_kernel_.at(kernel) < 0) {
      throw InternalError("build_plan: group '" + g.name +
                          "' is called but its members are not dispatched");
    }
    return prog_.kernels[kernel].name;
  };
  for (const GroupInfo& g : prog_.groups) {
    if (g.call_sites == 0) continue;
    if (g.aiv_kernel < 0) throw InternalError("build_plan: group '" + g.name + "' has no aiv lane");
    PlanGroup out;
    out.name = g.name;
    out.aic = member(g, g.aic_kernel);
    out.aiv = member(g, g.aiv_kernel);
    out.aiv1 = member(g, g.aiv1_kernel);
    out.dual_aiv = prog_.kernels[g.aiv_kernel].dual_aiv;
    out.call_sites = g.call_sites;
    plan_.groups.push_back(std::move(out));
  }
}

void PlanBuilder::plan_entry() {
  int tensors = 0, scalars = 0;
  for (size_t i = 0; i < prog_.entry_params.size(); ++i) {
    const ParamInfo& p = prog_.entry_params[i];
    PlanEntryParam e;
    e.param = plan_param(p);
    e.cxx_name = cxx_name(prog_.entry_symbols.at(i));
    if (p.is_tensor) {
      e.tensor_index = tensors++;
      PlanTensor t;
      t.kind = PlanTensorKind::kEntry;
      t.cxx_name = e.cxx_name;
      t.kir_name = p.name;
      t.dtype = p.dtype;
      t.entry_param = static_cast<int>(i);
      e.tensor = add_tensor(std::move(t));
      symbol_tensor_.at(static_cast<size_t>(prog_.entry_symbols[i])) = e.tensor;
    } else {
      e.scalar_index = scalars++;
    }
    plan_.entry_params.push_back(std::move(e));
  }
  plan_.entry_signature = prog_.entry_signature;
  plan_.entry_scalar_count = prog_.entry_scalar_count;
  plan_.expected_arg_count = static_cast<uint32_t>(tensors + scalars);
  for (const DimBinding& d : prog_.dims) {
    if (d.param < 0 || static_cast<size_t>(d.param) >= plan_.entry_params.size() ||
        plan_.entry_params[d.param].tensor_index < 0) {
      throw InternalError("build_plan: dim '" + d.name + "' is not bound");
    }
    plan_.dims.push_back(PlanDim{d.name, d.param,
                                 plan_.entry_params[d.param].tensor_index,
                                 static_cast<uint32_t>(d.axis), true});
  }
  for (const EntryShapeCheck& c : prog_.entry_checks) {
    plan_.entry_checks.push_back(PlanEntryCheck{
        c.param, static_cast<uint32_t>(c.axis), symbolic(c.extent),
        c.extent.to_string()});
  }
}

TensorId PlanBuilder::add_tensor(PlanTensor t) {
  plan_.tensors.push_back(std::move(t));
  tensor_reads_.push_back(0);
  return static_cast<TensorId>(plan_.tensors.size() - 1);
}

void PlanBuilder::mark_usage() {
  auto used = [&](int32_t symbol) { return reads_.at(static_cast<size_t>(symbol)) > 0; };
  for (size_t i = 0; i < plan_.entry_params.size(); ++i) {
    PlanEntryParam& e = plan_.entry_params[i];
    if (!e.param.is_tensor) e.used = used(prog_.entry_symbols[i]);
  }
  for (size_t i = 0; i < plan_.dims.size(); ++i) plan_.dims[i].used = used(prog_.dims[i].symbol);
  for (size_t i = 0; i < plan_.tensors.size(); ++i) {
    if (plan_.tensors[i].kind != PlanTensorKind::kEntry) {
      plan_.tensors[i].used = tensor_reads_[i] > 0;
    }
  }
  for_each_node(plan_.body.nodes, [&](PlanNode& n) {
    if (auto* decl = n.get<PlanScalarDecl>(); decl && decl->symbol >= 0) {
      decl->used = used(decl->symbol);
    } else if (auto* ids = n.get<PlanIdDecl>()) {
      ids->used = used(ids->symbol);
    } else if (auto* task = n.get<PlanTask>(); task && task->result.symbol >= 0) {
      task->result.used = used(task->result.symbol);
    }
  });
}

// ---- the invariant ----

namespace {

void check_task(const Plan& plan, const PlanTask& t) {
  std::string where = "task " + std::to_string(t.index) + " (" + t.callee +
                      ", line " + std::to_string(t.line) + ")";
  bool no_lane = t.aic < 0 && t.aiv0 < 0 && t.aiv1 < 0;
  if (no_lane != (t.submit == SubmitKind::kDummy)) {
    throw InternalError(where + (no_lane ? " has no active lane" : " is a barrier with lanes"));
  }
  const char* lane_names[] = {"aic", "aiv0", "aiv1"};
  int lanes[] = {t.aic, t.aiv0, t.aiv1};
  for (int lane = 0; lane < 3; ++lane) {
    int id = lanes[lane];
    if (id < 0) continue;
    if (static_cast<size_t>(id) >= plan.kernels.size()) {
      throw InternalError(where + " lane " + lane_names[lane] + " dispatches func_id " +
                          std::to_string(id) + ", which is not a dispatched kernel");
    }
    const PlanKernel& k = plan.kernels[id];
    if (k.is_aic != (lane == 0)) {
      throw InternalError(where + " lane " + lane_names[lane] + " dispatches " +
                          (k.is_aic ? "aic" : "aiv") + " kernel '" + k.name + "'");
    }
    if (k.signature.size() != t.tensors.size()) {
      throw InternalError(where + " carries " + std::to_string(t.tensors.size()) +
                          " tensors but lane " + lane_names[lane] + " kernel '" +
                          k.name + "' has sig_count " +
                          std::to_string(k.signature.size()));
    }
    if (k.scalar_count != t.scalars.size()) {
      throw InternalError(where + " carries " + std::to_string(t.scalars.size()) +
                          " scalars but lane " + lane_names[lane] + " kernel '" +
                          k.name + "' takes " + std::to_string(k.scalar_count));
    }
    for (size_t i = 0; i < t.tensors.size(); ++i) {
      if (!method_matches(t.tensors[i].method, k.signature[i])) {
        throw InternalError(where + " tensor " + std::to_string(i) + " is passed with " +
                            payload_method_name(t.tensors[i].method) + " but lane " +
                            lane_names[lane] + " kernel '" + k.name +
                            "' declares it " + direction_name(k.signature[i]));
      }
    }
  }
}

}  // namespace

void check_plan_invariants(const Plan& plan) {
  for (size_t i = 0; i < plan.kernels.size(); ++i) {
    if (plan.kernels[i].func_id != static_cast<int>(i)) {
      throw InternalError("kernel '" + plan.kernels[i].name + "' has func_id " +
                          std::to_string(plan.kernels[i].func_id) +
                          " at position " + std::to_string(i));
    }
  }
  for_each_node(plan.body.nodes, [&](const PlanNode& n) {
    if (const PlanTask* t = n.get<PlanTask>()) check_task(plan, *t);
  });
}

}  // namespace taskc
