// The C++ of one task: its payload (tensors, scalars, dump marks), launch
// options, dependencies, dispatch predicate and submit, and what its result
// names (a task id, the tensors it allocated).
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

void CppEmitter::emit_option(const std::string& args, const PlanOption& o) {
  switch (o.keyword) {
    case CallKeyword::kBlocks:
      // The launch width is an int16_t; the a5 runtime calls it core_num.
      line(args + ".launch_spec." + (plan_.target == "a5" ? "set_core_num" : "set_block_num") +
           "(" + narrow(o.value, "int16_t") + ");");
      return;
    case CallKeyword::kSyncStart:
      line(args + ".launch_spec.set_require_sync_start(" + expr_.print(o.value) + ");");
      return;
    case CallKeyword::kEarlyResolve:
      line(args + ".set_allow_early_resolve(" + expr_.print(o.value) + ");");
      return;
    case CallKeyword::kTimingSlot:
      line(args + ".set_task_timing_slot(" + narrow(o.value, "int32_t") + ");");
      return;
    case CallKeyword::kDump:
      // Marks every argument added so far: after the payload.
      if (o.value.kind == PlanExprKind::kBool) {
        if (o.value.bool_value) line(args + ".dump();");
      } else {
        open("if (" + expr_.print(o.value) + ") {");
        line(args + ".dump();");
        close();
      }
      return;
    case CallKeyword::kDeps:
    case CallKeyword::kDispatchIf:
      break;
  }
  throw InternalError(std::string("keyword '") + call_keyword_info(o.keyword).name +
                      "' has no scalar value");
}

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
  std::string args = "params_t" + n;
  line("CoreTaskArgs " + args + ";");
  emit_payload(t, args);
  for (const PlanOption& o : t.options) emit_option(args, o);
  emit_dependencies(t, args);
  emit_predicate(t, args);
  emit_submit(t, args, where);
}

// Tensors in parameter order, then scalars, then the partial-dump marks: a
// marked tensor by the variable it was added as (a task-allocated one by
// its create-info), a marked scalar by a variable of its own C type that
// add_scalar took (so the runtime records its dtype).
void CppEmitter::emit_payload(const PlanTask& t, const std::string& args) {
  std::vector<std::string> marks;
  for (const PlanTensorArg& a : t.tensors) {
    const PlanTensor& tensor = plan_.tensor(a.tensor);
    const std::string& operand = a.allocates ? tensor.create_info : tensor.cxx_name;
    line(args + "." + payload_method_name(a.method) + "(" + operand + ");");
    if (a.dump) marks.push_back(operand);
  }
  for (size_t i = 0; i < t.scalars.size(); ++i) {
    const PlanScalarArg& s = t.scalars[i];
    if (s.dump) {
      std::string var = "task_" + std::to_string(t.index) + "_s" + std::to_string(i);
      line("const " + std::string(cxx_type(s.dtype)) + " " + var + " = " +
           expr_.exact(s.value) + ";");
      line(args + ".add_scalar(" + var + ");");
      marks.push_back(var);
    } else if (dtype_info(s.dtype).is_float) {
      line(args + ".add_scalar(to_u64(" + expr_.exact(s.value) + "));");
    } else {
      // The payload cast already converts: no static_cast to the same type.
      bool cast = s.value.kind == PlanExprKind::kCast &&
                  std::string(cxx_type(s.value.dtype)) == cxx_type(s.dtype);
      line(args + ".add_scalar((uint64_t)(" + cxx_type(s.dtype) + ")(" +
           expr_.print(cast ? s.value.operands.at(0) : s.value) + "));");
    }
  }
  if (!marks.empty()) line(args + ".dump(" + join(marks) + ");");
}

void CppEmitter::emit_dependencies(const PlanTask& t, const std::string& args) {
  if (t.deps.empty()) return;
  // Only valid task ids are passed on.
  std::string n = std::to_string(t.index);
  std::string deps = "task_" + n + "_deps";
  std::string count = "task_" + n + "_dep_count";
  std::string dep = "task_" + n + "_dep";
  std::vector<std::string> ids;
  for (const PlanExpr& d : t.deps) ids.push_back(expr_.print(d));
  line("PTO2TaskId " + deps + "[] = {" + join(ids) + "};");
  line("uint32_t " + count + " = 0;");
  open("for (PTO2TaskId " + dep + " : " + deps + ") {");
  open("if (" + dep + ".is_valid()) {");
  line(deps + "[" + count + "++] = " + dep + ";");
  close();
  close();
  line(args + ".set_dependencies(" + deps + ", " + count + ");");
}

void CppEmitter::emit_predicate(const PlanTask& t, const std::string& args) {
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
  line(args + ".set_predicate(" + pred + ");");
}

// The submit; its result is kept when something names it: the task id, or
// the tensors the task allocated (then declared from it).
void CppEmitter::emit_submit(const PlanTask& t, const std::string& args,
                             const std::string& where) {
  std::string submit;
  bool aic_only = t.aic >= 0 && t.aiv0 < 0 && t.aiv1 < 0;
  bool aiv_only = t.aic < 0 && t.aiv0 >= 0 && t.aiv1 < 0;
  if (t.submit == SubmitKind::kAic && aic_only) {
    submit = "rt_submit_aic_task(" + std::to_string(t.aic) + ", " + args + ")";
  } else if (t.submit == SubmitKind::kAiv && aiv_only) {
    submit = "rt_submit_aiv_task(" + std::to_string(t.aiv0) + ", " + args + ")";
  } else if (t.submit == SubmitKind::kMixed) {
    submit = "rt_submit_task(MixedKernels{" + lane_id(t.aic) + ", " + lane_id(t.aiv0) + ", " +
             lane_id(t.aiv1) + "}, " + args + ")";
  } else if (t.submit == SubmitKind::kDummy) {
    submit = "rt_submit_dummy_task(" + args + ")";
  } else {
    throw InternalError(where + ": its submit kind does not match its lanes");
  }
  const PlanTaskResult& r = t.result;
  if (r.kind == PlanTaskResult::Kind::kNone && !t.allocates) {
    line(submit + ";");
    return;
  }
  std::string outs = "task_" + std::to_string(t.index) + "_outs";
  line("TaskOutputTensors " + outs + " = " + submit + ";");
  for (const PlanTensorArg& a : t.tensors) {
    if (!a.allocates) continue;
    const PlanTensor& tensor = plan_.tensor(a.tensor);
    line("const ChipTensor& " + tensor.cxx_name + " = " + outs + ".get_ref(" +
         std::to_string(tensor.output) + ");");
    unused(tensor.cxx_name, tensor.used);
  }
  if (r.kind == PlanTaskResult::Kind::kNone) return;
  std::string target = r.index ? r.name + "[" + expr_.print(*r.index) + "]" : r.name;
  bool declares = r.kind == PlanTaskResult::Kind::kDeclare;
  line((declares ? "PTO2TaskId " : "") + target + " = " + outs + ".task_id();");
  if (declares) unused(r.name, r.used);
}

}  // namespace taskc
