// Tokens of the .kir language. Every keyword and punctuator is a kind of its
// own, so the parser matches kinds and never compares spellings: a misspelt
// keyword in the parser does not compile.
#ifndef TASKC_COMPILER_TOKEN_H
#define TASKC_COMPILER_TOKEN_H

#include <cstdint>
#include <string_view>

#include "source.h"

namespace taskc {

// X(kind, spelling): the reserved words other than dtype names.
#define TASKC_KEYWORDS(X)                                                    \
  X(kKwModule, "module") X(kKwDim, "dim") X(kKwConst, "const")               \
  X(kKwType, "type") X(kKwKernel, "kernel") X(kKwGroup, "group")             \
  X(kKwOrchestration, "orchestration") X(kKwAic, "aic") X(kKwAiv, "aiv")     \
  X(kKwIn, "in") X(kKwOut, "out") X(kKwInout, "inout") X(kKwLet, "let")      \
  X(kKwVar, "var") X(kKwCall, "call") X(kKwFor, "for") X(kKwRange, "range")  \
  X(kKwIf, "if") X(kKwElif, "elif") X(kKwElse, "else") X(kKwScope, "scope")  \
  X(kKwManual, "manual") X(kKwNodep, "nodep") X(kKwAnd, "and")               \
  X(kKwOr, "or") X(kKwNot, "not") X(kKwTrue, "true") X(kKwFalse, "false")    \
  X(kKwTensor, "tensor") X(kKwTensorType, "Tensor") X(kKwScalarType, "Scalar") \
  X(kKwTaskIdType, "TaskId") X(kKwNone, "none") X(kKwBarrier, "barrier")

// X(kind, spelling): punctuators, the two-byte ones first.
#define TASKC_PUNCTUATORS(X)                                                 \
  X(kEqEq, "==") X(kNotEq, "!=") X(kLessEq, "<=") X(kGreaterEq, ">=")        \
  X(kSlashSlash, "//") X(kLParen, "(") X(kRParen, ")") X(kLBracket, "[")     \
  X(kRBracket, "]") X(kLBrace, "{") X(kRBrace, "}") X(kComma, ",")           \
  X(kSemicolon, ";") X(kColon, ":") X(kAssign, "=") X(kLess, "<")            \
  X(kGreater, ">") X(kPlus, "+") X(kMinus, "-") X(kStar, "*") X(kSlash, "/") \
  X(kPercent, "%") X(kDot, ".") X(kAt, "@") X(kQuestion, "?")

enum class TokenKind : uint8_t {
  kIdent,
  kDType,  // FP32, INDEX, ...
  kInt,
  kFloat,
  kString,
  kEof,
#define TASKC_TOKEN_KIND(kind, spelling) kind,
  TASKC_KEYWORDS(TASKC_TOKEN_KIND)
  TASKC_PUNCTUATORS(TASKC_TOKEN_KIND)
#undef TASKC_TOKEN_KIND
};

bool is_keyword(TokenKind k);
bool is_punctuator(TokenKind k);
// The spelling of a keyword or punctuator; a description ("identifier",
// "end of file") for the other kinds.
std::string_view token_spelling(TokenKind k);

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view text;  // the exact source bytes (views the SourceFile)
  Span span;
  union {
    // kInt: the magnitude. It may be 2^63, which only a unary minus makes
    // valid.
    uint64_t int_value = 0;
    double float_value;  // kFloat
  };
  // kString: the decoded bytes, owned by the TokenStream (strings are rare;
  // keeping them out of Token keeps every token small).
  std::string_view string_value;

  bool is(TokenKind k) const { return kind == k; }
};

}  // namespace taskc

#endif  // TASKC_COMPILER_TOKEN_H
