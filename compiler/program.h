// The checked program: the AST plus everything the checker resolved
// (symbols, the type and dtype of every expression, each call's callee,
// arguments and keywords, kernel signatures, entry bindings). Plain data
// in vectors indexed by dense ids; the planner lowers it without applying
// any typing rule again.
#ifndef TASKC_COMPILER_PROGRAM_H
#define TASKC_COMPILER_PROGRAM_H

#include <array>
#include <cstdint>
#include <deque>
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

enum class ValueKind : uint8_t { kError, kScalar, kTensor, kTaskId, kDType, kString, kList };

// The tensor part of a value's type: its shape and the part of its buffer it
// covers, in the buffer's coordinates (per axis of the buffer: start and
// extent; empty when unknown; a reshape covers what its base covers).
// Immutable once made (Program::add_layout) and shared by every value of
// that type: each use of a tensor name refers to its symbol's layout instead
// of copying three vectors.
struct TensorLayout {
  std::vector<ExtentValue> shape;
  std::vector<SymInt> view_offsets;
  std::vector<SymInt> view_extents;
};

struct ValueType {
  ValueKind kind = ValueKind::kError;
  DType dtype = DType::kIndex;
  // An integer or float literal (or const) whose dtype adapts to where it is
  // used, as long as the value fits.
  bool adaptable = false;
  // kTensor: whether its elements are contiguous (row-major strides of its
  // own shape), which the runtime's reshape requires: entry tensors,
  // creations and reshapes are; a slice is when its base is and it spans
  // the base on every axis but the first. kUnknown: checked at run time.
  enum class Contiguity : uint8_t { kYes, kNo, kUnknown };
  Contiguity contiguity = Contiguity::kYes;
  // kTensor: which storage it views: an entry tensor (`root_entry` >= 0) or a
  // tensor.create (`root_created` >= 0).
  int32_t root_entry = -1;
  int32_t root_created = -1;
  // kTaskId: the length of a task id array (`TaskId[E]`), 0 for one id.
  int64_t id_array = 0;
  // kTensor: shape and view, owned by the Program; nullptr: none (rank 0).
  const TensorLayout* layout = nullptr;

  const std::vector<ExtentValue>& shape() const { return layout ? layout->shape : kNoShape; }
  const std::vector<SymInt>& view_offsets() const {
    return layout ? layout->view_offsets : kNoView;
  }
  const std::vector<SymInt>& view_extents() const {
    return layout ? layout->view_extents : kNoView;
  }

 private:
  static inline const std::vector<ExtentValue> kNoShape;
  static inline const std::vector<SymInt> kNoView;
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
  // Integer symbols: the values it can have (value_ranges.h).
  IntRange range;
  // A loop variable's symbolic bounds: a 1-based index into
  // Program::symbol_bounds; 0: none (most symbols are not loop variables).
  uint32_t bounds = 0;
};

// lower <= a loop variable <= upper (unknown when there is no such bound).
struct SymbolBounds {
  SymInt lower = SymInt::unknown();
  SymInt upper = SymInt::unknown();
};

// What the checker found for an expression; Program stores it compactly
// (ExprRecord) and gives it back whole.
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

// An ExprInfo as stored, 24 bytes: what every expression has inline, and a
// 1-based index into a side table of Program for each part most do not have
// (0: the default). Storing a 240-byte ExprInfo per expression was over a
// quarter of the peak memory; most expressions are scalars, lists or names.
struct ExprRecord {
  enum Flags : uint8_t {
    kChecked = 1,
    kAdaptable = 2,
    // The part equals what the int constant implies: SymInt::constant(i),
    // IntRange::exactly(i); nothing is stored for it.
    kSymbolicIsConstant = 4,
    kRangeIsConstant = 8,
    kContiguityShift = 4,  // two bits: ValueType::Contiguity
  };
  ValueKind kind = ValueKind::kError;
  DType dtype = DType::kIndex;
  DType operand_dtype = DType::kIndex;
  uint8_t flags = 0;
  SymbolId symbol = kNoSymbol;
  uint32_t tensor = 0;    // Program::expr_tensors: roots, id array, layout
  uint32_t constant = 0;  // Program::expr_constants
  uint32_t symbolic = 0;  // Program::expr_symbolics; 0: unknown
  uint32_t range = 0;     // Program::expr_ranges; 0: IntRange{}
};

// The ValueType fields of tensors and task id arrays (ExprRecord::tensor).
struct ExprTensorPart {
  int32_t root_entry = -1;
  int32_t root_created = -1;
  int64_t id_array = 0;
  const TensorLayout* layout = nullptr;
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
  // Values point into `layouts`: a copy would point into the original's,
  // so a Program is moved (the deque's elements stay where they are), never
  // copied.
  Program() = default;
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  Program(Program&&) = default;
  Program& operator=(Program&&) = default;

  Module module;
  std::string target;
  std::string runtime;
  const TargetProfile* profile = nullptr;
  std::vector<Symbol> symbols;      // by SymbolId
  std::vector<SymbolBounds> symbol_bounds;  // Symbol::bounds
  std::vector<KernelInfo> kernels;  // declaration order
  std::vector<GroupInfo> groups;
  const Decl* orchestration = nullptr;
  std::vector<ParamInfo> entry_params;
  std::vector<SymbolId> entry_symbols;  // per entry parameter
  std::vector<Direction> entry_signature;
  uint32_t entry_scalar_count = 0;
  std::vector<DimBinding> dims;
  std::vector<EntryShapeCheck> entry_checks;
  // What the checker found for each expression, by Expr::id (set_info;
  // unchecked: no kChecked flag), and the side tables its records index.
  std::vector<ExprRecord> expr_records;
  std::vector<ExprTensorPart> expr_tensors;
  std::vector<ConstValue> expr_constants;
  std::vector<SymInt> expr_symbolics;
  std::vector<IntRange> expr_ranges;
  // Every tensor layout of the program (ValueType::layout); a deque, so that
  // they stay where they are as more are added.
  std::deque<TensorLayout> layouts;
  // The symbol each let, var, assignment and for declares or assigns, by
  // Stmt::id.
  std::vector<SymbolId> stmt_symbol;
  std::vector<CallInfo> calls;  // by TaskCall::id
  uint32_t created_tensor_count = 0;
  // Per created tensor (ValueType::root_created): the call (TaskCall::id)
  // whose task allocates it, or -1 for an alloc_tensors task.
  std::vector<int32_t> created_allocator;

  bool checked(const Expr& e) const {
    return e.id < expr_records.size() && (expr_records[e.id].flags & ExprRecord::kChecked);
  }
  // What was found for a checked expression, or nullopt (program.cc).
  std::optional<ExprInfo> find_info(const Expr& e) const;
  // The same for an expression that must have been checked; throws
  // InternalError otherwise.
  ExprInfo info(const Expr& e) const;
  // The parts alone, without building the whole ExprInfo (hot paths).
  ValueKind kind_of(const Expr& e) const { return record(e).kind; }
  DType dtype_of(const Expr& e) const { return record(e).dtype; }
  IntRange range_of(const Expr& e) const;  // IntRange{} when unchecked
  // Records `info` for `e`, replacing what was there.
  void set_info(const Expr& e, const ExprInfo& info);
  // Forgets what was found for `e` (it reads as unchecked again).
  void forget_info(const Expr& e);
  // Keeps `layout` for the rest of the program.
  const TensorLayout* add_layout(TensorLayout layout) {
    layouts.push_back(std::move(layout));
    return &layouts.back();
  }
  const Symbol& symbol(SymbolId id) const { return symbols.at(static_cast<size_t>(id)); }

 private:
  const ExprRecord& record(const Expr& e) const;
};

}  // namespace taskc

#endif  // TASKC_COMPILER_PROGRAM_H
