// The task plan: everything the emitters need, as plain data, computed once
// from the checked Program. Kernels carry their func_ids and signatures; the
// orchestration body is a tree of plan nodes in which every `call` is a task
// whose payload is already laid out (tensors in parameter order with their
// payload methods, then scalars). Emitters never look at the AST.
//
// build_plan checks THE invariant taskc exists for: every active lane of
// every task dispatches a kernel whose signature length equals the task's
// tensor count and whose directions match the payload methods.
#ifndef TASKC_COMPILER_PLAN_H
#define TASKC_COMPILER_PLAN_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ast.h"  // Direction
#include "internal_error.h"
#include "types.h"

namespace taskc {

struct Program;

// ---- scalar expressions ----

enum class PlanExprKind {
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
  kRead,    // element operands[...] (INDEX) of tensor `name`
  kDim,     // extent `axis` of tensor `name` (INDEX)
};

enum class PlanOp {
  kNeg, kNot,
  kOr, kAnd, kEq, kNe, kLt, kLe, kGt, kGe,
  kAdd, kSub, kMul, kFloorDiv, kMod, kDiv,  // kFloorDiv/kMod: floor semantics
};

struct PlanExpr {
  PlanExprKind kind = PlanExprKind::kInt;
  DType dtype = DType::kIndex;  // the value's type
  int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;
  std::string name;
  bool mutable_var = false;  // kVar: a `var` (may change between uses)
  PlanOp op = PlanOp::kAdd;
  DType operand_dtype = DType::kIndex;  // kBinary
  std::vector<PlanExpr> operands;
  uint32_t axis = 0;  // kDim

  static PlanExpr integer(int64_t v, DType dtype = DType::kIndex);
  static PlanExpr variable(std::string name, DType dtype, bool is_mutable = false);
};

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
  std::string aic;  // member kernel names
  std::string aiv;
  int aic_func_id = -1;
  int aiv_func_id = -1;
  bool dual_aiv = false;  // the aiv member is @dual_aiv
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

// ---- the orchestration body ----

enum class PayloadMethod { kInput, kOutput, kInOut, kNoDep };

struct PlanTensorArg {
  std::string tensor;  // C++ name of the ChipTensor passed
  std::string param;   // the callee's parameter name
  Direction direction = Direction::kIn;
  PayloadMethod method = PayloadMethod::kInput;
};

struct PlanScalarArg {
  std::string param;
  DType dtype = DType::kIndex;  // the parameter's dtype
  PlanExpr value;               // already of type `dtype`
};

// Task tensor argument `arg` axis `axis` must equal `extent` at run time.
struct PlanShapeCheck {
  uint32_t arg = 0;
  uint32_t axis = 0;
  PlanExpr extent;
  std::string extent_text;
};

enum class SubmitKind { kAic, kAiv, kMixed };

struct PlanNode;

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
  // computed `blocks`), emitted right before the task.
  std::vector<PlanNode> prelude;
  std::vector<PlanTensorArg> tensors;  // parameter order
  std::vector<PlanScalarArg> scalars;  // parameter order
  std::optional<PlanExpr> blocks;      // INDEX
  std::optional<PlanExpr> sync_start;  // BOOL
  bool has_deps = false;               // `deps = [...]` given
  std::vector<std::string> deps;       // C++ names of PTO2TaskId values
  std::vector<PlanShapeCheck> shape_checks;
  std::string bound_name;  // `let <bound_name> = call ...`, or empty
  bool bound_used = true;  // whether anything reads bound_name
  int bound_decl_id = -1;  // the planner's bookkeeping
};

enum class PlanNodeKind {
  kLetScalar,  // const <dtype> name = value;
  kVar,        // <dtype> name = value;
  kAssign,     // name = value;
  kLetTensor,  // const ChipTensor& name = base;
  kLetTaskId,  // PTO2TaskId name = base;  (another name for a task id)
  kView,       // ChipTensor name = base.view(shape, offsets);
  kReshape,    // ChipTensor name = base.reshape(shape, rank);
  kAlloc,      // a creation that stays where it is
  kWrite,      // set_tensor_data(name, rank, index, value)
  kFor,
  kIf,
  kScope,
  kTask,
};

struct PlanTensorCreate {
  std::string name;
  std::vector<PlanExpr> shape;  // INDEX
  DType dtype = DType::kFp32;
  bool used = true;
  int decl_id = -1;  // the planner's bookkeeping
};

// One alloc_tensors call: 1..16 creations.
struct PlanAlloc {
  int index = 0;  // alloc_<index>
  std::vector<PlanTensorCreate> tensors;
};

struct PlanBlock {
  // Whether the block is wrapped in `PTO2_SCOPE() { }`: loop bodies and if
  // branches outside a manual scope.
  bool runtime_scope = false;
  std::vector<PlanAlloc> allocs;  // batched at the block's start
  std::vector<PlanNode> nodes;
};

struct PlanBranch {
  std::vector<PlanNode> prelude;  // evaluated before `cond` (views it reads)
  PlanExpr cond;                  // BOOL
  PlanBlock body;
};

struct PlanNode {
  PlanNodeKind kind = PlanNodeKind::kLetScalar;
  std::string name;  // declared, assigned or written name; kFor: loop var
  DType dtype = DType::kIndex;  // scalar nodes; kWrite: element dtype
  PlanExpr value;               // kLetScalar, kVar, kAssign, kWrite
  std::string base;             // kLetTensor, kLetTaskId, kView, kReshape
  std::vector<PlanExpr> shape;    // kView, kReshape (INDEX)
  std::vector<PlanExpr> offsets;  // kView (INDEX)
  std::vector<PlanExpr> index;    // kWrite (INDEX), one per axis
  PlanAlloc alloc;                // kAlloc
  PlanExpr start, stop, step;     // kFor (INDEX)
  PlanBlock body;                 // kFor, kScope
  std::vector<PlanBranch> branches;  // kIf: if, elif...
  bool has_else = false;
  PlanBlock else_body;
  bool manual = false;  // kScope
  PlanTask task;        // kTask
  // Declarations: whether anything reads the name (else the emitter marks
  // it used, so that -Wunused-variable stays quiet).
  bool used = true;
  int decl_id = -1;  // the planner's bookkeeping
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
  PlanBlock body;
  int task_count = 0;
};

// The program must be complete (no errors). Throws InternalError when a
// planner invariant does not hold.
Plan build_plan(const Program& program);

// Throws InternalError unless every active lane of every task dispatches a
// kernel whose signature length equals the task's tensor count, whose
// scalar count equals the task's scalar count, and whose directions match
// the payload methods (add_no_dep matches any direction).
void check_plan_invariants(const Plan& plan);

// "IN", "OUT", "INOUT".
const char* plan_direction_name(Direction d);

}  // namespace taskc

#endif  // TASKC_COMPILER_PLAN_H
