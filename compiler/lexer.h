// tokenize: .kir text -> tokens (+ comments, kept for the formatter).
#ifndef TASKC_COMPILER_LEXER_H
#define TASKC_COMPILER_LEXER_H

#include <deque>
#include <string>
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
  // Decoded string literals that tokens' string_value views (a deque: its
  // elements stay in place, also when the stream is moved). Move, never
  // copy, a TokenStream.
  std::deque<std::string> strings;

  TokenStream() = default;
  TokenStream(TokenStream&&) = default;
  TokenStream& operator=(TokenStream&&) = default;
  TokenStream(const TokenStream&) = delete;
  TokenStream& operator=(const TokenStream&) = delete;
};

// Longest identifier accepted; longer ones are an error (E0110).
constexpr size_t kMaxIdentifierLength = 256;

// Reports lexical errors to `sink` and skips the offending bytes, so one run
// finds every independent mistake.
TokenStream tokenize(const SourceFile& file, DiagnosticSink& sink);

bool is_reserved_word(std::string_view word);

}  // namespace taskc

#endif  // TASKC_COMPILER_LEXER_H
