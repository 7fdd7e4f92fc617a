// tokenize: .kir text -> tokens (+ comments, kept for the formatter).
#ifndef TASKC_COMPILER_LEXER_H
#define TASKC_COMPILER_LEXER_H

#include <vector>

#include "diagnostics.h"
#include "source.h"
#include "token.h"

namespace taskc {

struct Comment {
  Span span;
  std::string_view text;  // from '#' to the end of the line, CR excluded
  bool owns_line = false;  // nothing but white space before it on its line
};

struct TokenStream {
  std::vector<Token> tokens;  // always ends with one kEof token
  std::vector<Comment> comments;
};

// Longest identifier accepted; longer ones are an error (E0110).
constexpr size_t kMaxIdentifierLength = 256;

// Reports lexical errors to `sink` and skips the offending bytes, so one run
// finds every independent mistake.
TokenStream tokenize(const SourceFile& file, DiagnosticSink& sink);

bool is_reserved_word(std::string_view word);

}  // namespace taskc

#endif  // TASKC_COMPILER_LEXER_H
