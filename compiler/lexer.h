// tokenize: .kir text -> tokens (+ comments, kept for the formatter).
#ifndef TASKC_COMPILER_LEXER_H
#define TASKC_COMPILER_LEXER_H

#include <deque>
#include <memory>
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

class Lexer;

// The tokens of a file one at a time, for a parser that keeps only those
// near its position (parse_source); comments are not kept.
class TokenReader {
 public:
  TokenReader(const SourceFile& file, DiagnosticSink& sink);
  ~TokenReader();
  TokenReader(const TokenReader&) = delete;
  TokenReader& operator=(const TokenReader&) = delete;

  // The next token; false at the end, with `token` the kEof token (again on
  // every later call). A string literal's decoded bytes go to
  // `string_value`: token.string_value is empty, for the caller to point at
  // where it keeps them.
  bool next(Token& token, std::string& string_value);

 private:
  std::unique_ptr<Lexer> lexer_;
};

}  // namespace taskc

#endif  // TASKC_COMPILER_LEXER_H
