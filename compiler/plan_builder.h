// The planner's state, split over plan.cc (kernels, groups, entry, the
// invariant), plan_body.cc (statements and tasks) and plan_expr.cc
// (expressions and tensor operands). Internal to the planner.
#ifndef TASKC_COMPILER_PLAN_BUILDER_H
#define TASKC_COMPILER_PLAN_BUILDER_H

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "int_ranges.h"
#include "plan.h"
#include "program.h"

namespace taskc {

class PlanBuilder {
 public:
  explicit PlanBuilder(const Program& program) : prog_(program) {}

  Plan build();

 private:
  // ---- declarations (plan.cc) ----
  void plan_kernels();
  void plan_groups();
  void plan_entry();
  PlanParam plan_param(const ParamInfo& p) const;
  // Sets every declaration's `used` from the reads counted while planning.
  void mark_usage();

  // ---- statements (plan_body.cc) ----
  PlanBlock plan_block(const Block& b, bool runtime_scope);
  void plan_stmt(const Stmt& s, std::vector<PlanNode>& out);
  void plan_let(const Stmt& s, std::vector<PlanNode>& out);
  void plan_for(const Stmt& s, std::vector<PlanNode>& out);
  void plan_if(const Stmt& s, std::vector<PlanNode>& out);
  void plan_write(const Expr& e, std::vector<PlanNode>& out);
  void plan_task_id_store(const Stmt& s, SymbolId id, std::vector<PlanNode>& out);
  // In a manual scope: a dependency on the creator of each created tensor
  // the task uses, one per allocation (language-v2.md §2).
  void add_lifetime_deps(PlanTask& t) const;
  PlanTask plan_task(const TaskCall& call);
  void plan_lanes(const CallInfo& info, PlanTask& task) const;
  void plan_option(const Arg& arg, CallKeyword keyword, PlanTask& task);
  PlanPredicate plan_predicate(const Expr& e, const PlanTask& t);
  // A value that may change while it is used (a loop bound, a keyword
  // value that is both checked and passed) is read once, into a generated
  // name (made by `name_of` only then) declared in `out`.
  PlanExpr read_once(PlanExpr value, const std::function<std::string()>& name_of,
                     std::vector<PlanNode>& out);

  // ---- expressions (plan_expr.cc) ----
  // The value of `e` in its own dtype.
  PlanExpr lower(const Expr& e);
  // The value of `e` converted to `to` (constants are folded into literals
  // of `to`).
  PlanExpr convert(const Expr& e, DType to);
  PlanExpr lower_binary(const Expr& e, const ExprInfo& info);
  PlanExpr lower_function(const Expr& e, const ExprInfo& info);
  PlanExpr lower_tensor_op(const Expr& e, const ExprInfo& info);
  PlanExpr literal(const ConstValue& c, DType to) const;
  // A condition: BOOL as is, an integer compared with 0.
  PlanExpr condition(const Expr& e);
  // A task id expression: a name, an array element or `none`.
  PlanExpr lower_task_id(const Expr& e);
  // The index into the task id array `array`, checked at run time unless
  // the checker proved it in range.
  PlanExpr id_array_index(const Symbol& array, const Expr& index);
  std::vector<PlanExpr> index_list(const Expr& list);
  // The tensor an operand names. Inline slices, reshapes and creations
  // become declarations in the current prelude, named `name_hint` when
  // given, else a fresh `task_view<n>`/`task_tensor<n>`.
  TensorId tensor_operand(const Expr& e, const std::string& name_hint = "");
  // Declares the tensor op `e` (slice, reshape or create) as a new tensor.
  TensorId declare_tensor_op(const Expr& e, const std::string& cxx_name,
                             const std::string& kir_name);
  TensorId add_tensor(PlanTensor t);
  // A SymInt over dims and constants as an INDEX expression.
  PlanExpr symbolic(const SymInt& value);
  std::string cxx_name(SymbolId id) const;

  // ---- run-time checks (plan_checks.cc) ----
  // The expression's text for messages (shortened).
  std::string kir_text(const Expr& e) const;
  // The range the checker recorded for `e`, within dtype `as`.
  IntRange range_of(const Expr& e, DType as) const;
  // `x` (the value of `source`) converted to `to`; checked when the value
  // may not fit (the message names `named`: the source or its cast).
  PlanExpr converted(PlanExpr x, DType to, const Expr& source, const Expr& named);
  // Marks the operation `op` (of `e`) checked when its exact result `raw`
  // may not fit its dtype.
  void check_overflow(PlanExpr& op, const Expr& e, const IntRange& raw);
  // A value with a check, declared once in the current prelude so that a
  // failure stops the orchestration before the value is used.
  PlanExpr settle(PlanExpr value);
  // Whether `index` lies in 0..extent-1 in every run.
  bool index_proven(const Expr& index, const ExtentValue& extent) const;
  // Checks (in the prelude) of element indexes `indices` (of `list`) into
  // `tensor` (planned as `id`) that the checker could not prove in range.
  void add_index_checks(std::vector<PlanExpr>& indices, const Expr& list, const Expr& tensor,
                        TensorId id, const char* what);
  void add_create_checks(PlanTensor& t, const Expr& shape_list);
  void add_slice_checks(PlanTensor& t, const Expr& slice);
  void add_reshape_checks(PlanTensor& t, const Expr& reshape);
  void note_read(SymbolId id) { ++reads_.at(static_cast<size_t>(id)); }
  std::string fresh(const char* prefix) { return prefix + std::to_string(next_temp_++); }

  const Program& prog_;
  Plan plan_;
  std::vector<int> func_id_of_kernel_;  // Program::kernels index -> func_id
  int next_temp_ = 0;
  int next_alloc_ = 0;
  bool in_manual_scope_ = false;

  // Where declarations made while lowering the current statement go.
  std::vector<PlanNode>* prelude_ = nullptr;
  // Per open block: names declared in it, and creations that can move to
  // its start.
  struct OpenBlock {
    std::set<std::string> names;
    std::set<TensorId> tensors;
    std::vector<TensorId> hoisted;
  };
  std::vector<OpenBlock> blocks_;

  // The task id array indexes checked for the current statement, so that
  // an index used twice in one statement is checked once.
  struct CheckedIndex {
    std::string array;
    PlanExpr index;  // as written
    PlanExpr value;  // as read once
  };
  std::vector<CheckedIndex> checked_indexes_;
  std::vector<int> reads_;               // per symbol, while planning
  std::vector<int> tensor_reads_;        // per tensor
  std::vector<TensorId> symbol_tensor_;  // per symbol: the tensor it names
};

// Whether a shape only uses values that are fixed for the whole block: no
// element reads, no `var`s, nothing declared in the block itself.
bool fixed_in_block(const PlanExpr& e, const std::set<std::string>& names,
                    const std::set<TensorId>& tensors);

}  // namespace taskc

#endif  // TASKC_COMPILER_PLAN_BUILDER_H
