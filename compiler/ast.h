// The syntax tree of one .kir module: plain data written by the parser and
// read by the checker and the formatter. Nodes live in the module's arena
// (ast_arena.h) and point to their children; names are views of the source
// text, which must outlive the module.
#ifndef TASKC_COMPILER_AST_H
#define TASKC_COMPILER_AST_H

#include <cstdint>
#include <string_view>
#include <vector>

#include "ast_arena.h"
#include "builtins.h"
#include "direction.h"
#include "source.h"
#include "types.h"

namespace taskc {

struct Expr;
using ExprPtr = Expr*;

// An argument in a call or annotation: positional (`keyword` empty) or
// `keyword = value`. Prefixes of a positional one: `nodep` (a tensor passed
// without dependency tracking), `in`/`out`/`inout` (a barrier's tensor
// directions), `dump` (marked for the partial tensor dump).
struct Arg {
  std::string_view keyword;
  bool nodep = false;
  Direction direction = Direction::kNone;
  bool dump = false;
  ExprPtr value = nullptr;
  Span span;
};

enum class ExprKind : uint8_t {
  kInt,       // int_value (magnitude; negative literals are kNeg of kInt)
  kFloat,     // float_value
  kString,    // text: decoded bytes
  kBool,      // bool_value
  kDType,     // dtype
  kName,      // text
  kList,      // items
  kNeg,       // -lhs
  kNot,       // not lhs
  kBinary,    // lhs op rhs
  kCall,      // text(args): a builtin (min, max, select, cast) or unknown
  kTensorOp,  // tensor.text(args): a tensor_op or unknown
  kNone,      // `none`: the invalid task id
  kIndex,     // lhs[rhs]: an element of a task id array (lhs a kName)
};

enum class BinaryOp : uint8_t {
  kOr, kAnd, kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kFloorDiv, kMod,
  kDiv,
};
const char* binary_op_spelling(BinaryOp op);

struct Expr {
  ExprKind kind = ExprKind::kInt;
  BinaryOp op = BinaryOp::kAdd;
  Builtin builtin = Builtin::kUnknown;      // kCall
  TensorOp tensor_op = TensorOp::kUnknown;  // kTensorOp
  DType dtype = DType::kIndex;
  bool bool_value = false;
  // Dense, from 0, in creation order (see Module::expr_count): passes keep
  // per-expression data in vectors indexed by it. 2^32 nodes would need
  // far more memory than a process gets, so 32 bits do.
  uint32_t id = 0;
  Span span;
  union {
    uint64_t int_value = 0;  // kInt
    double float_value;      // kFloat
  };
  // kName, kCall, kTensorOp: the name; kString: the decoded bytes; kInt:
  // the literal as written ("0xFF", "1_000"), so the formatter can keep the
  // user's spelling (int_value holds what it means).
  std::string_view text;
  ExprPtr lhs = nullptr;
  ExprPtr rhs = nullptr;
  ArenaSpan<ExprPtr> items;  // kList
  ArenaSpan<Arg> args;       // kCall, kTensorOp
};

struct Annotation {
  std::string_view name;
  ArenaSpan<Arg> args;
  bool has_parens = false;
  Span span;
};

// One axis of a tensor type: `?` or an expression.
struct Extent {
  bool any = false;
  ExprPtr expr = nullptr;
  Span span;
};

enum class TypeKind : uint8_t { kTensor, kScalar, kAlias, kTaskId };

struct TypeExpr {
  TypeKind kind = TypeKind::kScalar;
  ArenaSpan<Extent> shape;     // kTensor
  DType dtype = DType::kFp32;
  std::string_view alias;      // kAlias
  ExprPtr array_size = nullptr;  // kTaskId: `TaskId[E]` (null: one task id)
  Span span;
};

struct Param {
  Direction direction = Direction::kNone;  // kNone: not written
  std::string_view name;
  TypeExpr type;
  Span span;       // the whole parameter
  Span name_span;
};

struct Block;
struct Stmt;
using StmtPtr = Stmt*;

struct Block {
  ArenaSpan<StmtPtr> stmts;
  Span span;  // from '{' to '}'
};

// `call NAME(args)`: one task; `call barrier(args)`: a task that runs no
// kernel (`kernel` is then "barrier" and `barrier` is set).
struct TaskCall {
  uint32_t id = 0;  // dense, from 0 (see Module::call_count)
  bool barrier = false;
  std::string_view kernel;
  Span kernel_span;
  ArenaSpan<Arg> args;
  Span span;
};

enum class StmtKind : uint8_t {
  kLet,     // let name [: type] = value | call
  kVar,     // var name [: type] = value | call
  kAssign,  // name [ [index] ] = value | call
  kCall,    // call k(...);
  kOp,      // tensor.write(...);  (value is the kTensorOp expression)
  kFor,     // for name in range(range_args) body
  kIf,      // if conds[0] blocks[0] elif ... else else_block
  kScope,   // scope [manual] body
};

struct Stmt {
  StmtKind kind = StmtKind::kLet;
  bool manual = false;
  uint32_t id = 0;  // dense, from 0 (see Module::stmt_count)
  ArenaSpan<Annotation> annotations;
  Span span;
  std::string_view name;
  Span name_span;
  TypeExpr* type = nullptr;     // optional declared type
  ExprPtr value = nullptr;
  ExprPtr index = nullptr;      // kAssign to an array element: name[index]
  TaskCall* call = nullptr;     // kCall, or a let, var or assignment of a task id
  ArenaSpan<ExprPtr> range_args;
  ArenaSpan<ExprPtr> conds;
  ArenaSpan<Block> blocks;      // kIf branches (same count as conds)
  Block* else_block = nullptr;
  Block body;                   // kFor, kScope
};

enum class DeclKind { kDim, kConst, kType, kKernel, kGroup, kOrchestration };

struct GroupMember {
  bool is_aic = false;
  std::string_view name;
  Span span;
};

struct Decl {
  DeclKind kind = DeclKind::kDim;
  ArenaSpan<Annotation> annotations;
  Span span;
  // kDim: one Decl per declaration statement, names in `names`.
  std::vector<std::string_view> names;
  std::vector<Span> name_spans;
  std::string_view name;  // every other kind
  Span name_span;
  TypeExpr* type = nullptr;        // kConst (optional), kType
  ExprPtr value = nullptr;         // kConst
  bool is_aic = false;             // kKernel
  std::vector<Param> params;       // kKernel, kGroup, kOrchestration
  std::vector<GroupMember> members;  // kGroup
  Block body;                      // kOrchestration
};

struct ModuleKwarg {
  std::string_view name;
  ExprPtr value = nullptr;
  Span span;
};

struct Module {
  // Holds every node (and the decoded string literals) of the tree.
  Arena arena;
  std::string_view name;
  Span name_span;
  std::vector<ModuleKwarg> kwargs;
  std::vector<Decl> decls;
  Span span;
  // How many Expr, Stmt and TaskCall nodes the tree holds, so that passes
  // keeping a side table per node (indexed by its id) can size it once.
  size_t expr_count = 0;
  size_t stmt_count = 0;
  size_t call_count = 0;
};

}  // namespace taskc

#endif  // TASKC_COMPILER_AST_H
