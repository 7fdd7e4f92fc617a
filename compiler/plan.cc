// build_plan: kernels with dense func_ids, groups, the entry interface, and
// the invariant check. Statements are planned in plan_body.cc.
#include "plan.h"

#include <utility>

#include "plan_builder.h"

namespace taskc {

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

const char* plan_direction_name(Direction d) { return direction_name(d); }

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
  plan_kernels();
  plan_groups();
  plan_entry();
  plan_.body = plan_block(prog_.orchestration->body, true);
  mark_usage(plan_.body);
  for (PlanEntryParam& e : plan_.entry_params) {
    if (e.param.is_tensor) continue;
    for (const Symbol& s : prog_.symbols) {
      if (s.kind == SymbolKind::kEntryScalar && s.name == e.param.name) {
        e.used = reads_[decl_ids_.at(&s)] > 0;
      }
    }
  }
  for (PlanDim& d : plan_.dims) {
    for (const Symbol& s : prog_.symbols) {
      if (s.kind == SymbolKind::kDim && s.name == d.name) {
        d.used = reads_[decl_ids_.at(&s)] > 0;
      }
    }
  }
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
  for (const GroupInfo& g : prog_.groups) {
    if (g.call_sites == 0) continue;
    if (g.aic_kernel < 0 || g.aiv_kernel < 0 ||
        func_id_of_kernel_.at(g.aic_kernel) < 0 ||
        func_id_of_kernel_.at(g.aiv_kernel) < 0) {
      throw InternalError("build_plan: group '" + g.name +
                          "' is called but its members are not dispatched");
    }
    PlanGroup out;
    out.name = g.name;
    out.aic = prog_.kernels[g.aic_kernel].name;
    out.aiv = prog_.kernels[g.aiv_kernel].name;
    out.aic_func_id = func_id_of_kernel_[g.aic_kernel];
    out.aiv_func_id = func_id_of_kernel_[g.aiv_kernel];
    out.dual_aiv = prog_.kernels[g.aiv_kernel].dual_aiv;
    out.call_sites = g.call_sites;
    plan_.groups.push_back(std::move(out));
  }
}

void PlanBuilder::plan_entry() {
  int tensors = 0, scalars = 0;
  for (const ParamInfo& p : prog_.entry_params) {
    PlanEntryParam e;
    e.param = plan_param(p);
    if (p.is_tensor) {
      e.cxx_name = "ext_" + p.name;
      e.tensor_index = tensors++;
    } else {
      e.cxx_name = p.name;
      e.scalar_index = scalars++;
    }
    plan_.entry_params.push_back(std::move(e));
  }
  plan_.entry_signature = prog_.entry_signature;
  plan_.entry_scalar_count = prog_.entry_scalar_count;
  plan_.expected_arg_count = static_cast<uint32_t>(tensors + scalars);
  // Entry scalars and dims are declarations whose use is tracked.
  for (const Symbol& s : prog_.symbols) {
    if (s.kind == SymbolKind::kEntryScalar || s.kind == SymbolKind::kDim) {
      decl_id_for(&s);
    }
  }
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

int PlanBuilder::decl_id_for(const Symbol* s) {
  auto found = decl_ids_.find(s);
  if (found != decl_ids_.end()) return found->second;
  int id = static_cast<int>(reads_.size());
  reads_.push_back(0);
  decl_ids_[s] = id;
  return id;
}

void PlanBuilder::note_read(const Symbol* s) {
  auto found = decl_ids_.find(s);
  if (found != decl_ids_.end()) ++reads_[found->second];
}

void PlanBuilder::mark_usage(PlanBlock& block) {
  for (PlanAlloc& a : block.allocs) {
    for (PlanTensorCreate& t : a.tensors) {
      if (t.decl_id >= 0) t.used = reads_[t.decl_id] > 0;
    }
  }
  mark_usage(block.nodes);
}

void PlanBuilder::mark_usage(std::vector<PlanNode>& nodes) {
  for (PlanNode& n : nodes) {
    if (n.decl_id >= 0) n.used = reads_[n.decl_id] > 0;
    for (PlanTensorCreate& t : n.alloc.tensors) {
      if (t.decl_id >= 0) t.used = reads_[t.decl_id] > 0;
    }
    mark_usage(n.task.prelude);
    if (n.task.bound_decl_id >= 0) {
      n.task.bound_used = reads_[n.task.bound_decl_id] > 0;
    }
    mark_usage(n.body);
    for (PlanBranch& b : n.branches) {
      mark_usage(b.prelude);
      mark_usage(b.body);
    }
    mark_usage(n.else_body);
  }
}

// ---- the invariant ----

namespace {

bool method_matches(PayloadMethod m, Direction d) {
  switch (m) {
    case PayloadMethod::kInput: return d == Direction::kIn;
    case PayloadMethod::kOutput: return d == Direction::kOut;
    case PayloadMethod::kInOut: return d == Direction::kInOut;
    case PayloadMethod::kNoDep: return true;
  }
  return false;
}

const char* method_name(PayloadMethod m) {
  switch (m) {
    case PayloadMethod::kInput: return "add_input";
    case PayloadMethod::kOutput: return "add_output";
    case PayloadMethod::kInOut: return "add_inout";
    case PayloadMethod::kNoDep: return "add_no_dep";
  }
  return "?";
}

void check_task(const Plan& plan, const PlanTask& t) {
  std::string where = "task " + std::to_string(t.index) + " (" + t.callee +
                      ", line " + std::to_string(t.line) + ")";
  if (t.aic < 0 && t.aiv0 < 0 && t.aiv1 < 0) {
    throw InternalError(where + " has no active lane");
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
                            method_name(t.tensors[i].method) + " but lane " +
                            lane_names[lane] + " kernel '" + k.name +
                            "' declares it " + direction_name(k.signature[i]));
      }
    }
  }
}

void check_nodes(const Plan& plan, const std::vector<PlanNode>& nodes);

void check_block(const Plan& plan, const PlanBlock& b) { check_nodes(plan, b.nodes); }

void check_nodes(const Plan& plan, const std::vector<PlanNode>& nodes) {
  for (const PlanNode& n : nodes) {
    if (n.kind == PlanNodeKind::kTask) check_task(plan, n.task);
    check_block(plan, n.body);
    for (const PlanBranch& b : n.branches) {
      check_nodes(plan, b.prelude);
      check_block(plan, b.body);
    }
    check_block(plan, n.else_body);
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
  check_block(plan, plan.body);
}

}  // namespace taskc
