// The C++ of one task: at the site, its checks and one call of a submit
// helper and what its result names (a task id, the tensors it allocated);
// in the helper, its payload (tensors, scalars, dump marks), launch
// options, dependencies, dispatch predicate and submit.
#include <limits>

#include "emit_cpp_internal.h"
#include "emit_text.h"

namespace taskc {

// An INDEX value the checker or a generated check kept in the range of
// `type`, as that type (a literal as it is).
std::string CppEmitter::narrow(const PlanExpr& value, const char* type) {
  std::string printed = expr_.print(value);
  if (value.kind == PlanExprKind::kInt) return printed;
  return std::string("static_cast<") + type + ">(" + printed + ")";
}

// A run-time value of a ranged keyword (blocks) must be within its range.
void CppEmitter::emit_option_check(const PlanOption& o, const std::string& where) {
  const CallKeywordInfo& k = call_keyword_info(o.keyword);
  if (k.value != KeywordValue::kIndex || o.value.kind == PlanExprKind::kInt || o.in_range) return;
  std::string value = expr_.comparison_operand(o.value);
  std::string printed = "static_cast<long long>(" + expr_.print(o.value) + ")";
  if (k.max == std::numeric_limits<int64_t>::max()) {
    fatal_unless_ok(value + " < " + std::to_string(k.min),
                    where + ": " + k.name + " is %lld; it must be at least " +
                        std::to_string(k.min),
                    {printed});
  } else {
    fatal_unless_ok(value + " < " + std::to_string(k.min) + " || " + value + " > " +
                        std::to_string(k.max),
                    where + ": " + k.name + " is %lld; it must be in " +
                        std::to_string(k.min) + ".." + std::to_string(k.max),
                    {printed});
  }
}

// A launch option's value is a parameter of the helper, so that sites that
// differ only in values share it.
void CppEmitter::add_option(const PlanOption& o, SubmitCall& call) {
  switch (o.keyword) {
    case CallKeyword::kBlocks:
      // The launch width is an int16_t; the a5 runtime calls it core_num.
      call.pass("int16_t blocks", narrow(o.value, "int16_t"));
      call.body.push_back(std::string("args.launch_spec.") +
                          (plan_.target == "a5" ? "set_core_num" : "set_block_num") +
                          "(blocks);");
      return;
    case CallKeyword::kSyncStart:
      call.pass("bool sync_start", expr_.print(o.value));
      call.body.push_back("args.launch_spec.set_require_sync_start(sync_start);");
      return;
    case CallKeyword::kEarlyResolve:
      call.pass("bool early_resolve", expr_.print(o.value));
      call.body.push_back("args.set_allow_early_resolve(early_resolve);");
      return;
    case CallKeyword::kTimingSlot:
      call.pass("int32_t timing_slot", narrow(o.value, "int32_t"));
      call.body.push_back("args.set_task_timing_slot(timing_slot);");
      return;
    case CallKeyword::kDump:
      // Marks every argument added so far: after the payload.
      if (o.value.kind == PlanExprKind::kBool) {
        if (o.value.bool_value) call.body.push_back("args.dump();");
      } else {
        call.pass("bool dump", expr_.print(o.value));
        call.body.push_back("if (dump) args.dump();");
      }
      return;
    case CallKeyword::kDeps:
    case CallKeyword::kDispatchIf:
      break;
  }
  throw InternalError(std::string("keyword '") + call_keyword_info(o.keyword).name +
                      "' has no scalar value");
}

// The site: its comment, the checks and declarations its arguments need,
// then one call of the submit helper and what its result names.
void CppEmitter::emit_task(const PlanTask& t) {
  std::string n = std::to_string(t.index);
  std::string where = "task " + n + " (" + t.callee + ", line " + std::to_string(t.line) + ")";
  line("// task " + n + ": " + t.callee + " (" + comment_text(input_) + ":" +
       std::to_string(t.line) + ")");
  line("taskc_site = " + n + ";");  // before the views: host messages name the site
  emit_nodes(t.prelude);
  for (const PlanShapeCheck& c : t.shape_checks) {
    const PlanTensorArg& arg = t.tensors.at(c.arg);
    std::string actual = name(arg.tensor) + ".shapes[" + std::to_string(c.axis) + "]";
    fatal_unless_ok("static_cast<int64_t>(" + actual + ") != " +
                        expr_.comparison_operand(c.extent),
                    where + ": argument '" + arg.param + "' axis " + std::to_string(c.axis) +
                        " has extent %lld; the kernel expects %lld" +
                        symbolic_note(c.extent, c.extent_text),
                    {"static_cast<long long>(" + actual + ")",
                     "static_cast<long long>(" + expr_.print(c.extent) + ")"});
  }
  for (const PlanOption& o : t.options) emit_option_check(o, where);
  SubmitCall call;
  add_payload(t, call);
  for (const PlanOption& o : t.options) add_option(o, call);
  add_dependencies(t, call);
  add_predicate(t, call);
  add_submit(t, where, call);
  emit_results(t, submit_helper(t, call) + "(" + join(call.args) + ")");
}

// Tensors in parameter order, then scalars, then the partial-dump marks,
// each added by a shared `taskc_add_<method>` (one call per argument in
// the helper instead of the runtime's inlined bounds checks); a
// marked tensor by the parameter it was added as (a task-allocated one is
// its create-info), a marked scalar by a parameter of its own C type that
// add_scalar took (so the runtime records its dtype). Tensors are passed
// by reference: the runtime keeps their addresses until the submit.
void CppEmitter::add_payload(const PlanTask& t, SubmitCall& call) {
  std::vector<std::string> marks;
  for (size_t i = 0; i < t.tensors.size(); ++i) {
    const PlanTensorArg& a = t.tensors[i];
    const PlanTensor& tensor = plan_.tensor(a.tensor);
    std::string param = "t" + std::to_string(i);
    call.pass(std::string(a.allocates ? "const TensorCreateInfo& " : "const ChipTensor& ") + param,
              a.allocates ? tensor.create_info : tensor.cxx_name);
    std::string method = payload_method_name(a.method);
    std::string type = a.allocates ? "TensorCreateInfo" : "ChipTensor";
    helpers_.adds.emplace(method, type);
    call.body.push_back("taskc_" + method + "(args, " + param + ");");
    if (a.dump) marks.push_back(param);
  }
  for (size_t i = 0; i < t.scalars.size(); ++i) {
    const PlanScalarArg& s = t.scalars[i];
    std::string param = "s" + std::to_string(i);
    if (s.dump) {
      // By the parameter itself: the runtime matches a dump mark by address.
      call.body.push_back("args.add_scalar(" + param + ");");
    } else {
      helpers_.adds.emplace("add_scalar", "uint64_t");
      call.body.push_back("taskc_add_scalar(args, " + param + ");");
    }
    if (s.dump) {
      call.pass(std::string(cxx_type(s.dtype)) + " " + param, expr_.exact(s.value));
      marks.push_back(param);
    } else if (dtype_info(s.dtype).is_float) {
      call.pass("uint64_t " + param, "to_u64(" + expr_.exact(s.value) + ")");
    } else {
      // The payload cast already converts: no static_cast to the same type.
      bool cast = s.value.kind == PlanExprKind::kCast &&
                  std::string(cxx_type(s.value.dtype)) == cxx_type(s.dtype);
      call.pass("uint64_t " + param, std::string("(uint64_t)(") + cxx_type(s.dtype) + ")(" +
                                         expr_.print(cast ? s.value.operands.at(0) : s.value) +
                                         ")");
    }
  }
  if (!marks.empty()) call.body.push_back("args.dump(" + join(marks) + ");");
}

// The site lists the ids; the helper passes on only the valid ones (in
// place: the array lives at the site until the submit returns).
void CppEmitter::add_dependencies(const PlanTask& t, SubmitCall& call) {
  if (t.deps.empty()) return;
  std::string deps = "task_" + std::to_string(t.index) + "_deps";
  std::vector<std::string> ids;
  for (const PlanExpr& d : t.deps) ids.push_back(expr_.print(d));
  line("PTO2TaskId " + deps + "[] = {" + join(ids) + "};");
  call.pass("PTO2TaskId* deps", deps);
  call.pass("uint32_t dep_count", std::to_string(ids.size()));
  call.body.push_back("uint32_t valid = 0;");
  call.body.push_back("for (uint32_t k = 0; k < dep_count; ++k) {");
  call.body.push_back("    if (deps[k].is_valid()) deps[valid++] = deps[k];");
  call.body.push_back("}");
  call.body.push_back("args.set_dependencies(deps, valid);");
}

void CppEmitter::add_predicate(const PlanTask& t, SubmitCall& call) {
  if (!t.predicate) return;
  const PlanPredicate& p = *t.predicate;
  static const char* const kOps[] = {"EQ", "NE", "LT", "LE", "GT", "GE"};
  size_t op = static_cast<size_t>(p.op) - static_cast<size_t>(PlanOp::kEq);
  std::string pred = "task_" + std::to_string(t.index) + "_predicate";
  line("CoreTaskPredicate " + pred + "{};");
  line(pred + ".operand.tensor = &" + name(p.tensor) + ";");
  line(pred + ".operand.ndims = " + std::to_string(p.indices.size()) + ";");
  for (size_t k = 0; k < p.indices.size(); ++k) {
    line(pred + ".operand.indices[" + std::to_string(k) + "] = " + expr_.u32(p.indices[k]) + ";");
  }
  line(pred + ".op = PredicateOp::" + kOps[op] + ";");
  line(pred + ".target = " + expr_.exact(p.target) + ";");
  call.pass("const CoreTaskPredicate& predicate", pred);
  call.body.push_back("args.set_predicate(predicate);");
}

// The submit of the task's lanes, which the helper returns.
void CppEmitter::add_submit(const PlanTask& t, const std::string& where, SubmitCall& call) {
  std::string submit;
  bool aic_only = t.aic >= 0 && t.aiv0 < 0 && t.aiv1 < 0;
  bool aiv_only = t.aic < 0 && t.aiv0 >= 0 && t.aiv1 < 0;
  if (t.submit == SubmitKind::kAic && aic_only) {
    submit = "rt_submit_aic_task(" + std::to_string(t.aic) + ", args)";
  } else if (t.submit == SubmitKind::kAiv && aiv_only) {
    submit = "rt_submit_aiv_task(" + std::to_string(t.aiv0) + ", args)";
  } else if (t.submit == SubmitKind::kMixed) {
    submit = "rt_submit_task(MixedKernels{" + lane_id(t.aic) + ", " + lane_id(t.aiv0) + ", " +
             lane_id(t.aiv1) + "}, args)";
  } else if (t.submit == SubmitKind::kDummy) {
    submit = "rt_submit_dummy_task(args)";
  } else {
    throw InternalError(where + ": its submit kind does not match its lanes");
  }
  call.body.push_back("return " + submit + ";");
}

// `noinline`: each site stays one call, so the entry function grows by a
// few instructions per site and g++'s time on it stays near linear
// (docs/PERFORMANCE.md, "Generated C++").
std::string CppEmitter::submit_helper(const PlanTask& t, const SubmitCall& call) {
  std::string text = "(" + join(call.params) + ") {\n    CoreTaskArgs args;\n";
  for (const std::string& s : call.body) text += "    " + s + "\n";
  text += "}\n";
  // One helper per callee and shape: its comment names the callee.
  std::string key = t.callee + text;
  auto found = submit_helper_names_.find(key);
  if (found != submit_helper_names_.end()) return found->second;
  std::string name = "taskc_submit_" + std::to_string(submit_helper_names_.size());
  submit_helper_names_.emplace(std::move(key), name);
  submit_helpers_ += "// " + t.callee + "\n";
  submit_helpers_ += "static __attribute__((noinline)) TaskOutputTensors " + name + text + "\n";
  return name;
}

// The call; its result is kept when something names it: the task id, or
// the tensors the task allocated (then declared from it). When the task's
// results are split (emit_cpp_parts.cc), `task_<N>_outs` was declared
// before the part and is assigned here.
void CppEmitter::emit_results(const PlanTask& t, const std::string& call) {
  const PlanTaskResult& r = t.result;
  if (r.kind == PlanTaskResult::Kind::kNone && !t.allocates) {
    line(call + ";");
    return;
  }
  std::string outs = "task_" + std::to_string(t.index) + "_outs";
  line((split_ ? "" : "TaskOutputTensors ") + outs + " = " + call + ";");
  for (const PlanTensorArg& a : t.tensors) {
    if (!a.allocates) continue;
    const PlanTensor& tensor = plan_.tensor(a.tensor);
    helpers_.output_ref = true;
    declare_result(tensor.cxx_name,
                   "const ChipTensor& " + tensor.cxx_name + " = taskc_output(" + outs + ", " +
                       std::to_string(tensor.output) + ");",
                   tensor.used);
  }
  if (r.kind == PlanTaskResult::Kind::kNone) return;
  std::string target = r.index ? r.name + "[" + expr_.print(*r.index) + "]" : r.name;
  if (r.kind == PlanTaskResult::Kind::kDeclare) {
    declare_result(r.name, "PTO2TaskId " + target + " = " + outs + ".task_id();", r.used);
  } else {
    line(target + " = " + outs + ".task_id();");
  }
}

}  // namespace taskc
