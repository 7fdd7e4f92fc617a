// Tokens of the .kir language.
#ifndef TASKC_COMPILER_TOKEN_H
#define TASKC_COMPILER_TOKEN_H

#include <cstdint>
#include <string_view>

#include "source.h"

namespace taskc {

enum class TokenKind {
  kIdent,
  kKeyword,  // a reserved word other than a dtype name
  kDType,    // FP32, INDEX, ...
  kInt,
  kFloat,
  kString,
  kPunct,
  kEof,
};

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

  bool is(TokenKind k, std::string_view t) const {
    return kind == k && text == t;
  }
  bool is_punct(std::string_view t) const { return is(TokenKind::kPunct, t); }
  bool is_keyword(std::string_view t) const {
    return is(TokenKind::kKeyword, t);
  }
};

}  // namespace taskc

#endif  // TASKC_COMPILER_TOKEN_H
