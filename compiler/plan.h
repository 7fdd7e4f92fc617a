// The task plan: everything the emitters need, as plain data, computed once
// from the checked Program. Kernels carry their func_ids and signatures;
// tensors live in one table that everything refers to by TensorId; the
// orchestration body is a tree of nodes, one payload type per kind, in
// which every `call` is a task whose payload is already laid out (tensors
// in parameter order with their payload methods, then scalars). Emitters
// never look at the AST.
//
// build_plan checks THE invariant taskc exists for: every active lane of
// every task dispatches a kernel whose signature length equals the task's
// tensor count and whose directions match the payload methods.
#ifndef TASKC_COMPILER_PLAN_H
#define TASKC_COMPILER_PLAN_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "call_keywords.h"
#include "direction.h"
#include "internal_error.h"
#include "types.h"

namespace taskc {

struct Program;

// Index into Plan::tensors.
using TensorId = int32_t;
constexpr TensorId kNoTensor = -1;

// A value kept out of line: a node is as small as its small kinds (a
// tensor declaration, an allocation) rather than as large as a task, and
// a tensor's rare initial value costs a pointer. Reads as the value itself
// (std::visit with `const T&` handlers, `*`, `->`); copies deeply. Empty
// only when default-constructed (an absent optional value) or moved from.
template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit on purpose
  Boxed(const Boxed& o) : value_(o.value_ ? std::make_unique<T>(*o.value_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& o) { return *this = Boxed(o); }
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  operator const T&() const { return *value_; }  // NOLINT: implicit on purpose
  operator T&() { return *value_; }              // NOLINT
  const T& get() const { return *value_; }
  T& get() { return *value_; }
  explicit operator bool() const { return value_ != nullptr; }
  const T& operator*() const { return *value_; }
  T& operator*() { return *value_; }
  const T* operator->() const { return value_.get(); }
  T* operator->() { return value_.get(); }

 private:
  std::unique_ptr<T> value_;
};

// ---- scalar expressions ----

enum class PlanExprKind : uint8_t {
  kInt,     // int_value, of type `dtype`
  kFloat,   // float_value (FP32)
  kBool,    // bool_value
  kVar,     // name: a C++ variable of type `dtype`
  kUnary,   // op (kNeg, kNot) operands[0]
  kBinary,  // operands[0] op operands[1]; both operands have `operand_dtype`
  kMin,     // min(operands[0], operands[1]), both of type `dtype`
  kMax,
  kSelect,  // operands[0] ? operands[1] : operands[2]
  kCast,    // operands[0] converted to `dtype`
  kRead,    // element operands[...] (INDEX) of `tensor`
  kDim,     // extent `axis` of `tensor` (INDEX)
  kRuntimeCount,  // an INDEX count the runtime reports: `name` is the function
  // Task ids (no dtype):
  kTaskId,     // the id in variable `name`, or element operands[0] of array `name`
  kNoTask,     // `none`: PTO2TaskId::invalid()
  kCreatorId,  // the id of the task that allocated `tensor` (alloc_tensors or its user)
  kIsValid,    // BOOL: operands[0] (a task id) is not `none`
  kElementCount,  // UINT64: the product of operands (INDEX extents), saturated
};

enum class PlanOp : uint8_t {
  kNeg, kNot,
  kOr, kAnd, kEq, kNe, kLt, kLe, kGt, kGe,
  kAdd, kSub, kMul, kFloorDiv, kMod, kDiv,  // kFloorDiv/kMod: floor semantics
};

// Fields ordered by size (120 bytes): a program has tens of them per call.
struct PlanExpr {
  int64_t int_value = 0;
  double float_value = 0;
  std::string name;
  std::vector<PlanExpr> operands;
  // Not empty: the value may not fit where it goes (an arithmetic result
  // its dtype, a kCast value the target dtype, a kRead index its axis),
  // so the generated code checks it and, when it does not, reports this
  // text ("line 7: a * b overflows INT64") as a fatal error.
  std::string check;
  TensorId tensor = kNoTensor;  // kRead, kDim
  uint32_t axis = 0;            // kDim
  PlanExprKind kind = PlanExprKind::kInt;
  DType dtype = DType::kIndex;  // the value's type
  PlanOp op = PlanOp::kAdd;
  DType operand_dtype = DType::kIndex;  // kBinary
  bool bool_value = false;
  bool mutable_var = false;  // kVar: a `var` (may change between uses)

  static PlanExpr integer(int64_t v, DType dtype = DType::kIndex);
  static PlanExpr variable(std::string name, DType dtype, bool is_mutable = false);
  static PlanExpr binary(PlanOp op, PlanExpr a, PlanExpr b, DType operand_dtype,
                         DType result);
  static PlanExpr task_id(std::string name, std::optional<PlanExpr> index = std::nullopt);
  static PlanExpr of_kind(PlanExprKind kind);

  // Structural equality: the same expression, evaluated the same way.
  bool operator==(const PlanExpr& o) const;
  bool operator!=(const PlanExpr& o) const { return !(*this == o); }
};

// Whether `e` or an operand checks a value at run time (PlanExpr::check).
bool has_check(const PlanExpr& e);

// ---- kernels, groups, entry ----

struct PlanExtent {
  bool any = false;                 // `?`
  std::optional<int64_t> constant;  // a static extent
  std::string text;                 // dim name or canonical text ("2*N")
};

struct PlanParam {
  std::string name;
  bool is_tensor = false;
  Direction direction = Direction::kNone;  // tensors only
  DType dtype = DType::kFp32;
  std::vector<PlanExtent> shape;  // tensors only
};

struct PlanKernel {
  int func_id = -1;  // dense 0..K-1 in declaration order
  std::string name;
  bool is_aic = false;
  bool dual_aiv = false;
  std::string source;  // as written in @source (or the default)
  std::vector<Direction> signature;  // tensor params' directions
  uint32_t scalar_count = 0;
  std::vector<PlanParam> params;
  uint32_t call_sites = 0;
};

struct PlanGroup {
  std::string name;
  std::string aic;   // member kernel names; aic empty: no cube lane
  std::string aiv;   // the first vector lane
  std::string aiv1;  // the second vector lane's own kernel, or empty
  bool dual_aiv = false;  // the aiv member is @dual_aiv (both vector lanes)
  uint32_t call_sites = 0;
};

struct PlanLimits {
  uint32_t core_max_tensor_args = 0;
  uint32_t core_max_scalar_args = 0;
  uint32_t chip_max_tensor_args = 0;
  uint32_t chip_max_scalar_args = 0;
  uint32_t max_tensor_rank = 0;
  uint32_t max_dispatched_kernels = 0;
};

struct PlanEntryParam {
  PlanParam param;
  std::string cxx_name;   // "ext_<name>" for tensors, the name for scalars
  int tensor_index = -1;  // orch_args.tensor(i)
  int scalar_index = -1;  // orch_args.scalar(j)
  TensorId tensor = kNoTensor;  // tensors
  bool used = true;       // scalars: read somewhere in the body
};

// `int64_t <name> = orch_args.tensor(tensor_index).ref().shapes[axis];`
struct PlanDim {
  std::string name;
  int param = -1;  // index into Plan::entry_params
  int tensor_index = -1;
  uint32_t axis = 0;
  bool used = true;  // read by the body or by a runtime check
};

// Entry tensor `param` axis `axis` must equal `extent` at run time.
struct PlanEntryCheck {
  int param = -1;
  uint32_t axis = 0;
  PlanExpr extent;
  std::string extent_text;
};

// `if (fails) { rt_report_fatal(PTO2_ERROR_INVALID_ARGS, "<orchestration>:
// <format>", args...); return; }`. `format` holds only what the planner
// wrote (identifiers, numbers and printf conversions for `args`).
struct PlanCheck {
  PlanExpr fails;  // BOOL
  std::string format;
  std::vector<PlanExpr> args;  // each printed as long long
};

// ---- tensors ----

enum class PlanTensorKind : uint8_t {
  kEntry,    // an entry tensor: ext_<name>
  kCreated,  // tensor.create, declared by an alloc_tensors
  kView,     // base.view(shape, offsets)
  kReshape,  // base.reshape(shape)
  kAlias,    // `let t = u;`: another name for base
};

// Fields ordered by size (240 bytes).
struct PlanTensor {
  std::string cxx_name;
  // The .kir name; empty for an inline operand (`call k(tensor.slice(...))`),
  // which the planner named.
  std::string kir_name;
  std::vector<PlanExpr> shape;    // kCreated, kView, kReshape (INDEX)
  std::vector<PlanExpr> offsets;  // kView (INDEX)
  // kView: per axis, whether the checker proved it spans its base.
  std::vector<bool> spans;
  // kCreated: made by the alloc_tensors call alloc_<alloc>, or by task
  // <creator_task> as its output number <output> (add_output of its
  // TensorCreateInfo, named `<create_info>`).
  std::string create_info;
  // kCreated: the value every element starts with (of the element's C
  // type; FP32 for FP16 and BF16, stored as their bits); empty: none.
  Boxed<PlanExpr> init;
  // Run-time checks of the shape, offsets and contiguity the checker could
  // not prove (language-v2.md §4), made right before the tensor is.
  std::vector<PlanCheck> checks;
  TensorId base = kNoTensor;      // kView, kReshape, kAlias
  int entry_param = -1;           // kEntry: index into Plan::entry_params
  int alloc = -1;
  int creator_task = -1;
  int output = -1;
  PlanTensorKind kind = PlanTensorKind::kCreated;
  DType dtype = DType::kFp32;
  // Declarations: whether anything reads the name (else the emitter marks
  // it used, so that -Wunused-variable stays quiet).
  bool used = true;
};

// ---- the orchestration body ----

struct PlanNode;

// A block's nodes; hoisted allocations come first.
struct PlanBlock {
  // Whether the block is wrapped in `PTO2_SCOPE() { }`: loop bodies and if
  // branches outside a manual scope.
  bool runtime_scope = false;
  std::vector<PlanNode> nodes;
};

// `const <dtype> name = value;` (a let) or `<dtype> name = value;` (a var).
struct PlanScalarDecl {
  std::string name;
  DType dtype = DType::kIndex;
  PlanExpr value;
  bool is_mutable = false;
  bool generated = false;  // a planner temporary (a loop bound read once)
  bool used = true;
  int32_t symbol = -1;  // the .kir symbol it declares, if any
};

// `name = value;` or `name[index] = value;` (a scalar or a task id).
struct PlanAssign {
  std::string name;
  std::optional<PlanExpr> index;
  PlanExpr value;
};

// `PTO2TaskId name = init;`, or an array of `array_size` ids that all start
// invalid.
struct PlanIdDecl {
  std::string name;
  int64_t array_size = 0;  // 0: one id
  PlanExpr init;           // one id: its first value
  bool used = true;
  int32_t symbol = -1;
};

// The declaration of a view, reshape or alias in the tensor table.
struct PlanTensorDecl {
  TensorId tensor = kNoTensor;
};

// The TensorCreateInfo of a tensor a task allocates, declared where the
// tensor is created.
struct PlanCreateInfo {
  TensorId tensor = kNoTensor;
};

// One alloc_tensors call: 1..16 created tensors.
struct PlanAlloc {
  int index = 0;  // alloc_<index>
  std::vector<TensorId> tensors;
};

// set_tensor_data(tensor, rank, index, value)
struct PlanWrite {
  TensorId tensor = kNoTensor;
  std::vector<PlanExpr> index;  // INDEX, one per axis
  DType dtype = DType::kFp32;   // the element's
  PlanExpr value;
};

struct PlanFor {
  std::string var;
  PlanExpr start, stop, step;  // INDEX; stop and step are fixed during the loop
  // `i += step` may pass INT64 (a stop near its end): the loop variable
  // advances by an overflow-safe step that ends the loop instead.
  bool safe_step = false;
  PlanBlock body;
};

struct PlanBranch {
  std::vector<PlanNode> prelude;  // evaluated before `cond` (views it reads)
  PlanExpr cond;                  // BOOL
  PlanBlock body;
};

struct PlanIf {
  std::vector<PlanBranch> branches;  // if, elif...
  bool has_else = false;
  PlanBlock else_body;
};

struct PlanScope {
  bool manual = false;
  PlanBlock body;
};

struct PlanTensorArg {
  TensorId tensor = kNoTensor;
  std::string param;  // the callee's parameter name ("" for a barrier's)
  std::string text;   // the argument as the .kir spells it (formatted)
  Direction direction = Direction::kIn;
  PayloadMethod method = PayloadMethod::kInput;
  bool allocates = false;  // add_output of the tensor's TensorCreateInfo
  bool dump = false;       // marked for the partial tensor dump
};

struct PlanScalarArg {
  std::string param;
  DType dtype = DType::kIndex;  // the parameter's dtype
  PlanExpr value;               // already of type `dtype`
  bool dump = false;            // marked for the partial tensor dump
};

// dispatch_if: the task runs its kernels only when element `indices` of
// `tensor` (a signed integer) compares with `target` as `op` says.
struct PlanPredicate {
  TensorId tensor = kNoTensor;
  std::vector<PlanExpr> indices;  // INDEX, checked in range
  PlanOp op = PlanOp::kEq;        // a comparison
  PlanExpr target;                // INT64
};

// A keyword of the call with a scalar value (call_keywords.h).
struct PlanOption {
  CallKeyword keyword = CallKeyword::kBlocks;
  PlanExpr value;  // INDEX or BOOL, per the keyword's table entry
  bool in_range = false;  // the checker proved the value within the keyword's range
};

// Task tensor argument `arg` axis `axis` must equal `extent` at run time.
struct PlanShapeCheck {
  uint32_t arg = 0;
  uint32_t axis = 0;
  PlanExpr extent;
  std::string extent_text;
};

enum class SubmitKind { kAic, kAiv, kMixed, kDummy };

// Where a task's id goes: `let t = call`, `var t = call` (kDeclare), or
// `t = call`, `ids[i] = call` (kAssign).
struct PlanTaskResult {
  enum class Kind { kNone, kDeclare, kAssign } kind = Kind::kNone;
  std::string name;
  std::optional<PlanExpr> index;  // kAssign to an array element
  bool is_var = false;            // kDeclare: a `var` (a `let` otherwise)
  bool used = true;               // kDeclare: whether anything reads it
  int32_t symbol = -1;
};

struct PlanTask {
  int index = 0;      // N: counts tasks in the file, from 0
  uint32_t line = 0;  // of the `call`
  std::string callee;
  bool is_group = false;
  // func_ids per lane, -1 when idle.
  int aic = -1;
  int aiv0 = -1;
  int aiv1 = -1;
  SubmitKind submit = SubmitKind::kMixed;
  // Declarations the arguments need (inline slices, reshapes, creations, a
  // computed keyword value), emitted right before the task.
  std::vector<PlanNode> prelude;
  std::vector<PlanTensorArg> tensors;  // parameter order
  std::vector<PlanScalarArg> scalars;  // parameter order
  std::vector<PlanOption> options;     // the scalar keywords given, table order
  // Task id expressions: the `deps` given, then (in a manual scope) the
  // creators of the created tensors the task uses, one per allocation.
  std::vector<PlanExpr> deps;
  std::vector<PlanShapeCheck> shape_checks;
  std::optional<PlanPredicate> predicate;
  PlanTaskResult result;
  bool in_manual_scope = false;
  bool allocates = false;  // some tensor argument is allocated by the task

  const PlanOption* option(CallKeyword k) const {
    for (const PlanOption& o : options) {
      if (o.keyword == k) return &o;
    }
    return nullptr;
  }
};

// A call site as the manifest's `sites` table lists it (by PlanTask::index).
struct PlanSite {
  uint32_t line = 0;
  std::string callee;
  std::vector<std::string> tensors;  // PlanTensorArg::text, payload order
};

struct PlanNode {
  // The payloads larger than PlanAlloc are boxed (PlanNode is 40 bytes).
  using Payload = std::variant<Boxed<PlanScalarDecl>, Boxed<PlanAssign>, Boxed<PlanIdDecl>,
                               Boxed<PlanCheck>, PlanTensorDecl, PlanCreateInfo, PlanAlloc,
                               Boxed<PlanWrite>, Boxed<PlanFor>, Boxed<PlanIf>,
                               Boxed<PlanScope>, Boxed<PlanTask>>;
  Payload payload;

  template <typename T>
  const T* get() const {
    if constexpr (is_boxed<T>()) {
      const Boxed<T>* box = std::get_if<Boxed<T>>(&payload);
      return box ? &box->get() : nullptr;
    } else {
      return std::get_if<T>(&payload);
    }
  }
  template <typename T>
  T* get() {
    return const_cast<T*>(static_cast<const PlanNode*>(this)->get<T>());
  }
  template <typename T>
  bool holds() const { return get<T>() != nullptr; }

 private:
  template <typename T>
  static constexpr bool is_boxed() {
    return !std::is_same_v<T, PlanTensorDecl> && !std::is_same_v<T, PlanCreateInfo> &&
           !std::is_same_v<T, PlanAlloc>;
  }
};

struct Plan {
  std::string module;
  std::string orchestration;  // its name
  std::string target;
  std::string runtime;
  PlanLimits limits;
  std::vector<PlanKernel> kernels;  // dispatched only, indexed by func_id
  std::vector<PlanGroup> groups;    // called groups, declaration order
  std::vector<PlanEntryParam> entry_params;
  std::vector<Direction> entry_signature;
  uint32_t entry_scalar_count = 0;
  uint32_t expected_arg_count = 0;  // entry tensors + entry scalars
  std::vector<PlanDim> dims;
  std::vector<PlanEntryCheck> entry_checks;
  std::vector<PlanTensor> tensors;  // by TensorId
  PlanBlock body;
  int task_count = 0;
  std::vector<PlanSite> sites;  // one per task, by PlanTask::index

  const PlanTensor& tensor(TensorId id) const { return tensors.at(static_cast<size_t>(id)); }
  // The tensor.create or entry tensor that `id` views.
  TensorId root(TensorId id) const {
    while (tensor(id).base != kNoTensor) id = tensor(id).base;
    return id;
  }
};

// Lambdas as one visitor for std::visit.
template <typename... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

// Calls f on each node list directly inside `n`, in file order: a task's
// prelude; each branch's prelude and body; a loop's, scope's or else's body.
template <typename Node, typename F>
void for_each_child_list(Node& n, F&& f) {
  if (auto* task = n.template get<PlanTask>()) {
    f(task->prelude);
  } else if (auto* loop = n.template get<PlanFor>()) {
    f(loop->body.nodes);
  } else if (auto* branches = n.template get<PlanIf>()) {
    for (auto& b : branches->branches) {
      f(b.prelude);
      f(b.body.nodes);
    }
    f(branches->else_body.nodes);
  } else if (auto* scope = n.template get<PlanScope>()) {
    f(scope->body.nodes);
  }
}

// Calls f on every node of `nodes` and of everything nested in them, in
// file order (a node before what it contains).
template <typename Nodes, typename F>
void for_each_node(Nodes& nodes, F&& f) {
  for (auto& n : nodes) {
    f(n);
    for_each_child_list(n, [&](auto& list) { for_each_node(list, f); });
  }
}

// The program must be complete (no errors). Throws InternalError when a
// planner invariant does not hold.
Plan build_plan(const Program& program);

// Throws InternalError unless every active lane of every task dispatches a
// kernel whose signature length equals the task's tensor count, whose
// scalar count equals the task's scalar count, and whose directions match
// the payload methods (add_no_dep matches any direction).
void check_plan_invariants(const Plan& plan);

}  // namespace taskc

#endif  // TASKC_COMPILER_PLAN_H
