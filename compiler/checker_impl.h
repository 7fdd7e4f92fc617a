// The checker's shared state, split over checker.cc (module and
// declarations), check_stmt.cc (statements and task calls) and check_expr.cc
// (expressions). Internal to the checker.
#ifndef TASKC_COMPILER_CHECKER_IMPL_H
#define TASKC_COMPILER_CHECKER_IMPL_H

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "internal_error.h"

#include "checker.h"
#include "hazards.h"

namespace taskc {

// Text computed on demand (a diagnostic's context).
using LazyText = std::function<std::string()>;

class Checker {
 public:
  Checker(Program& program, DiagnosticSink& sink)
      : prog_(program), sink_(sink) {}

  void run();

 private:
  // ---- names (checker.cc) ----
  SymbolId declare(SymbolKind kind, std::string_view name, Span span, bool emitted);
  SymbolId lookup(std::string_view name) const;  // kNoSymbol when undefined
  Symbol& sym(SymbolId id) { return prog_.symbols[static_cast<size_t>(id)]; }
  void report_undefined(std::string_view name, Span span, const char* what = "name");
  void push_scope() { scopes_.emplace_back(); }
  void pop_scope() { scopes_.pop_back(); }
  // Pops the scope of a block or a loop's variable, whose text ends at
  // `end`, remembering its names for report_undefined.
  void end_scope(Pos end, bool loop);

  // ---- declarations (checker.cc) ----
  void check_module_options();
  void declare_callables();
  void check_decl(const Decl& d);
  void check_const(const Decl& d);
  void check_kernel(const Decl& d, KernelInfo& k);
  void check_group(const Decl& d, GroupInfo& g);
  void check_group_members(const Decl& d, GroupInfo& g);
  void check_orchestration(const Decl& d);
  void bind_dims();
  void report_unused_and_limits();
  ParamInfo check_param(const Param& p);
  void check_callable_params(const std::vector<Param>& params,
                             std::vector<ParamInfo>* infos,
                             std::vector<Direction>* signature,
                             uint32_t* scalar_count);
  // Follows aliases to a Tensor or Scalar type; nullptr after an error.
  const TypeExpr* resolve_type(const TypeExpr& t);
  // `param_type`: the type of a parameter or a type alias, where extents may
  // be '?' and must be fixed by dims and consts alone.
  std::vector<ExtentValue> check_extents(const TypeExpr& t, bool param_type,
                                         std::vector<std::string>* text);
  const Expr* runtime_name(const Expr& e) const;

  // ---- statements (check_stmt.cc) ----
  void check_block(const Block& b);
  // A block that `opener` runs; `runtime_scope`: inside a PTO2_SCOPE of its
  // own, which counts toward the target's scope nesting limit.
  void check_scoped_block(const Block& b, const Stmt& opener, bool runtime_scope);
  void check_stmt(const Stmt& s);
  void check_let(const Stmt& s);
  void check_var_or_assign(const Stmt& s);
  void check_for(const Stmt& s);
  void check_call(const TaskCall& c);
  // `callee` (and other LazyText) is message text, built only when a
  // diagnostic is reported: most checks pass, and building a string per
  // argument was a large part of checking.
  void check_tensor_arg(const Arg& arg, const ParamInfo& p, size_t index,
                        const LazyText& callee, CallInfo& info);
  void check_scalar_arg(const Arg& arg, const ParamInfo& p,
                        const LazyText& callee);
  // Checks one keyword argument against its table entry; false after an error.
  bool check_call_keyword(const Arg& arg, CallKeyword keyword);
  std::vector<ParamInfo> check_barrier_args(const std::vector<const Arg*>& args);
  void keep_single_use_allocations(CallInfo& info);
  bool is_unused_creation(const Expr& e);
  bool check_predicate(const Expr& e);
  void check_predicate_order(const Arg& predicate, const CallInfo& info);
  void note_tensor_use(const Expr& e, const ValueType& t, bool reads,
                       bool writes, const LazyText& writer);
  // After a mistake in something that may write `v`: count the tensor as
  // written (an error or a non-tensor: some unknown tensor), so the mistake
  // is not also reported as an unwritten output or an uninitialized read.
  void assume_written(const ExprInfo& v);

  // ---- task ids (check_taskid.cc) ----
  bool value_is_task_id(const Expr& e);
  ExprInfo check_index(const Expr& e);
  void check_id_index(const Expr& index, int64_t size, std::string_view array);
  // `t == none`, `t != none`; nullopt when neither operand is a task id.
  std::optional<ExprInfo> check_task_id_comparison(const Expr& e, const ExprInfo& l,
                                                   const ExprInfo& r);
  // The var a statement assigns (recorded for it), or kNoSymbol after an error.
  SymbolId assignment_target(const Stmt& s);
  void check_task_id_store(const Stmt& s, const TypeExpr* declared);
  void check_dependency_count(const TaskCall& c, const CallInfo& info);
  // E0504 / aliased-arguments for arguments of one task that overlap
  // (check_aliasing.cc).
  void check_aliased_arguments(const TaskCall& c, const CallInfo& info,
                               const std::vector<ParamInfo>& params);
  // Records what a checked call touches (hazards_).
  void record_task_facts(const TaskCall& c, const CallInfo& info,
                         const std::vector<ParamInfo>& params);

  // ---- expressions (check_expr.cc) ----
  // Checks `e` once; later calls give back what was recorded.
  ExprInfo check_expr(const Expr& e);
  ExprInfo check_expr_uncached(const Expr& e);
  ExprInfo check_name(const Expr& e);
  ExprInfo check_unary(const Expr& e);
  ExprInfo check_binary(const Expr& e);
  ExprInfo check_function(const Expr& e);
  ExprInfo check_cast(const Expr& e);
  ExprInfo check_tensor_op(const Expr& e);
  ExprInfo check_slice(const Expr& e, const ExprInfo& base);
  ExprInfo check_reshape(const Expr& e, const ExprInfo& base);
  ExprInfo check_element_access(const Expr& e, const ExprInfo& base,
                                bool is_write);
  // Whether `e` has exactly `count` positional arguments and no keyword but
  // `keyword` (once, when given).
  bool expect_positional(const Expr& e, size_t count, const char* keyword = nullptr);
  void check_initial_value(const Arg& init, DType dtype);
  // An INDEX-compatible integer scalar (shapes, offsets, bounds).
  bool expect_index(const Expr& e, const char* what);
  std::vector<SymInt> check_index_list(const Expr& e, const char* what);
  // Whether a value of type `from` (with folded `constant`) may be used
  // where `to` is expected; reports E0301/E0407 at `e` when not.
  bool check_scalar_conversion(const Expr& e, const ExprInfo& from, DType to,
                               const LazyText& context);
  bool check_scalar_conversion(const Expr& e, const ExprInfo& from, DType to,
                               const std::string& context) {
    return check_scalar_conversion(e, from, to, LazyText([&] { return context; }));
  }
  std::optional<int64_t> constant_int(const Expr& e);

  // ---- integer widths (check_ints.cc) ----
  // E0421 when `value` is a constant larger than the runtime's uint32.
  bool check_extent_width(const Expr& e, const SymInt& value, const char* what);
  // E0419 for a constant index outside its axis of `tensor` (`name`).
  bool check_constant_index(const Expr& list, const std::vector<SymInt>& index,
                            const ValueType& tensor, std::string_view name);
  // E0304 when the element counts differ, exactly even past 64 bits.
  bool check_reshape_count(const Expr& e, const std::vector<SymInt>& before,
                           const std::vector<SymInt>& after);

  Program& prog_;
  DiagnosticSink& sink_;
  // Keyed by views of the source text, as the tree's names are.
  std::vector<std::unordered_map<std::string_view, SymbolId>> scopes_;
  // Names of blocks and loops that have ended (the latest by name): a use
  // after its scope is told where that scope ended.
  struct EndedName {
    SymbolId symbol = kNoSymbol;
    Pos scope_end;
    bool loop = false;
  };
  std::unordered_map<std::string_view, EndedName> ended_;
  // Undefined names that may still get a "did you mean" (report_undefined).
  int suggestions_left_ = 100;
  // Statement context.
  int manual_scope_depth_ = 0;
  // Runtime scopes open around the current statement: the executor's own and
  // the orchestration's PTO2_SCOPE() to start with.
  uint32_t runtime_scope_depth_ = 2;
  // What each task touches, for report_manual_hazards; the statement
  // context it needs.
  HazardFacts hazards_;
  std::vector<int> loops_;                       // enclosing loops
  std::vector<std::pair<int, int>> branches_;    // enclosing if branches
  int if_statements_ = 0;
  int region_ = -1;                              // the manual region, or -1
  // The facts of the last call checked (-1: none were recorded): a let,
  // var or assignment of its id records where the id goes.
  int last_task_ = -1;
  // Per created tensor: written by some task or tensor.write so far.
  std::vector<bool> created_written_;
  // Per created tensor: the let that made it (kNoSymbol: an inline one), the
  // block it was made in, and whether anything used it since.
  struct Creation {
    SymbolId let = kNoSymbol;
    int block = -1;
    bool used = false;
  };
  std::vector<Creation> creations_;
  std::vector<int> blocks_{0};  // the blocks being checked, innermost last
  int next_block_ = 1;
  std::vector<bool> entry_written_;
  // A call or tensor.write whose target tensor is unknown after an error:
  // unwritten-output and later uninitialized-read warnings are not given.
  bool unknown_writes_ = false;
  // A call of an undefined name: any kernel may have been meant, so no
  // unused-kernel warnings are given.
  bool unresolved_call_ = false;
  // Per symbol: the type a type alias stands for (others: nullptr).
  std::vector<const TypeExpr*> alias_types_;
};

std::string type_to_string(const ValueType& t);
// Whether a slice of `shape` of `base` is contiguous (ValueType::contiguity).
ValueType::Contiguity slice_contiguity(const ValueType& base, const std::vector<SymInt>& shape);
bool same_shape(const std::vector<ExtentValue>& a,
                const std::vector<ExtentValue>& b);

}  // namespace taskc

#endif  // TASKC_COMPILER_CHECKER_IMPL_H
