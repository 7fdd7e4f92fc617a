// The checked program: the AST plus everything the checker resolved
// (symbols, the type and dtype of every expression, each call's callee,
// arguments and keywords, kernel signatures, entry bindings). Plain data
// in vectors indexed by dense ids; the planner lowers it without applying
// any typing rule again.
#ifndef TASKC_COMPILER_PROGRAM_H
#define TASKC_COMPILER_PROGRAM_H

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ast.h"
#include "call_keywords.h"
#include "int_ranges.h"
#include "symbolic.h"
#include "target_profile.h"

namespace taskc {

struct ConstValue {
  enum class Kind { kInt, kFloat, kBool } kind = Kind::kInt;
  int64_t i = 0;
  double f = 0;
  bool b = false;
};

// One axis of a tensor type.
struct ExtentValue {
  bool any = false;  // `?`
  SymInt value;
};

enum class ValueKind { kError, kScalar, kTensor, kTaskId, kDType, kString, kList };

struct ValueType {
  ValueKind kind = ValueKind::kError;
  DType dtype = DType::kIndex;
  // An integer or float literal (or const) whose dtype adapts to where it is
  // used, as long as the value fits.
  bool adaptable = false;
  std::vector<ExtentValue> shape;  // kTensor
  // kTensor: which storage it views: an entry tensor (`root_entry` >= 0) or a
  // tensor.create (`root_created` >= 0).
  int root_entry = -1;
  int root_created = -1;
  // kTaskId: the length of a task id array (`TaskId[E]`), 0 for one id.
  int64_t id_array = 0;
  // kTensor: the part of its buffer the value covers, in the buffer's
  // coordinates (per axis of the buffer: start and extent); a reshape covers
  // what its base covers. Empty when unknown.
  std::vector<SymInt> view_offsets;
  std::vector<SymInt> view_extents;
  // kTensor: whether its elements are contiguous (row-major strides of its
  // own shape), which the runtime's reshape requires: entry tensors,
  // creations and reshapes are; a slice is when its base is and it spans
  // the base on every axis but the first. kUnknown: checked at run time.
  enum class Contiguity : uint8_t { kYes, kNo, kUnknown };
  Contiguity contiguity = Contiguity::kYes;
};

// A kernel, group or entry parameter after type-alias substitution.
struct ParamInfo {
  std::string name;
  Span span;
  bool is_tensor = false;
  Direction direction = Direction::kNone;  // tensors: kIn when not written
  DType dtype = DType::kFp32;
  std::vector<ExtentValue> shape;
  std::vector<std::string> shape_text;  // per axis: "128", "N", "?", "2*N"
  // False when the type did not resolve (already reported); arguments for
  // the parameter are then not checked against it, so there is one error.
  bool type_ok = true;
};

struct KernelInfo {
  std::string name;
  Span span;
  bool is_aic = false;
  bool dual_aiv = false;
  std::string source;
  std::vector<ParamInfo> params;
  std::vector<Direction> signature;  // tensor params' directions, in order
  uint32_t scalar_count = 0;
  uint32_t call_sites = 0;  // direct calls plus calls of groups using it
};

struct GroupInfo {
  std::string name;
  Span span;
  int aic_kernel = -1;   // index into Program::kernels; -1: no aic lane
  int aiv_kernel = -1;   // the first vector lane (AIV0)
  int aiv1_kernel = -1;  // the second vector lane, when it runs another kernel
  std::vector<ParamInfo> params;
  std::vector<Direction> signature;
  uint32_t scalar_count = 0;
  uint32_t call_sites = 0;
};

enum class SymbolKind {
  kDim, kConst, kType, kKernel, kGroup, kOrchestration,
  kEntryTensor, kEntryScalar, kLocal, kVar, kLoopVar,
};

// Index into Program::symbols; kNoSymbol when there is none.
using SymbolId = int32_t;
constexpr SymbolId kNoSymbol = -1;

struct Symbol {
  SymbolKind kind = SymbolKind::kLocal;
  std::string name;
  Span span;
  int index = -1;  // kernel/group/entry-param index
  ValueType type;  // value symbols
  std::optional<ConstValue> constant;
  SymInt symbolic = SymInt::unknown();  // INDEX-valued symbols: what extents refer to
  // Integer symbols: the values it can have (value_ranges.h); a loop
  // variable's symbolic bounds (lower <= it <= upper; unknown when none).
  IntRange range;
  SymInt lower = SymInt::unknown();
  SymInt upper = SymInt::unknown();
};

struct ExprInfo {
  ValueType type;
  SymbolId symbol = kNoSymbol;         // kName
  std::optional<ConstValue> constant;  // folded at compile time
  SymInt symbolic = SymInt::unknown();  // integer value, symbolically
  // Binary operators, min, max and select: the dtype both operands are
  // converted to before the operation (a comparison's result is BOOL).
  DType operand_dtype = DType::kIndex;
  // Integers: the values it can have in a run that reaches it
  // (value_ranges.h), within its dtype.
  IntRange range;
};

// A check the generated code does at run time because it cannot be decided
// statically: tensor argument `arg` axis `axis` must equal `extent`.
struct RuntimeShapeCheck {
  size_t arg = 0;
  size_t axis = 0;
  SymInt extent;  // in terms of dims and constants only
};

struct CallInfo {
  bool is_group = false;
  bool is_barrier = false;  // `call barrier(...)`: no callee
  int callee = -1;  // index into kernels or groups
  // The positional arguments, one per parameter in parameter order.
  std::vector<const Arg*> args;
  // Each keyword argument given, by CallKeyword.
  std::array<const Arg*, kCallKeywordCount> keywords{};
  std::vector<RuntimeShapeCheck> shape_checks;
  // The positions of the `out` arguments whose created tensor this task
  // allocates (add_output(TensorCreateInfo)), in argument order.
  std::vector<size_t> allocated_args;

  const Arg* keyword(CallKeyword k) const { return keywords[static_cast<size_t>(k)]; }
};

struct DimBinding {
  std::string name;
  Span span;
  SymbolId symbol = kNoSymbol;
  int param = -1;  // entry tensor parameter that binds it
  size_t axis = 0;
};

struct EntryShapeCheck {
  int param = -1;
  size_t axis = 0;
  SymInt extent;
};

struct Program {
  Module module;
  std::string target;
  std::string runtime;
  const TargetProfile* profile = nullptr;
  std::vector<Symbol> symbols;      // by SymbolId
  std::vector<KernelInfo> kernels;  // declaration order
  std::vector<GroupInfo> groups;
  const Decl* orchestration = nullptr;
  std::vector<ParamInfo> entry_params;
  std::vector<SymbolId> entry_symbols;  // per entry parameter
  std::vector<Direction> entry_signature;
  uint32_t entry_scalar_count = 0;
  std::vector<DimBinding> dims;
  std::vector<EntryShapeCheck> entry_checks;
  // What the checker found for each expression, indexed by Expr::id; empty
  // for an expression it did not check.
  std::vector<std::optional<ExprInfo>> expr_info;
  // The symbol each let, var, assignment and for declares or assigns, by
  // Stmt::id.
  std::vector<SymbolId> stmt_symbol;
  std::vector<CallInfo> calls;  // by TaskCall::id
  uint32_t created_tensor_count = 0;
  // Per created tensor (ValueType::root_created): the call (TaskCall::id)
  // whose task allocates it, or -1 for an alloc_tensors task.
  std::vector<int32_t> created_allocator;

  // The entry of a checked expression, or nullptr.
  const ExprInfo* find_info(const Expr& e) const {
    return e.id < expr_info.size() && expr_info[e.id] ? &*expr_info[e.id] : nullptr;
  }
  // The entry of a checked expression; throws InternalError otherwise.
  const ExprInfo& info(const Expr& e) const;
  const Symbol& symbol(SymbolId id) const { return symbols.at(static_cast<size_t>(id)); }
};

}  // namespace taskc

#endif  // TASKC_COMPILER_PROGRAM_H
