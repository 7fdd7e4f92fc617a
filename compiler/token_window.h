// The parser's tokens, by index from the start of the file: either all of a
// TokenStream (fmt, tests), or read from the source as the parser advances,
// keeping only those near its position. Read that way, memory does not grow
// with the length of the file: a flood of junk (60 MB of ';') costs what a
// few hundred tokens cost, not 64 bytes a token.
#ifndef TASKC_COMPILER_TOKEN_WINDOW_H
#define TASKC_COMPILER_TOKEN_WINDOW_H

#include <algorithm>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include "lexer.h"

namespace taskc {

class TokenWindow {
 public:
  explicit TokenWindow(const TokenStream& stream) : stream_(&stream) {}
  TokenWindow(const SourceFile& file, DiagnosticSink& sink)
      : reader_(std::make_unique<TokenReader>(file, sink)) {}

  // Token `index`; past the end, the kEof token. A reference stays valid
  // until release_before() passes it.
  const Token& at(size_t index) {
    if (stream_ != nullptr) {
      return stream_->tokens[std::min(index, stream_->tokens.size() - 1)];
    }
    if (index >= base_ && index - base_ < slots_.size()) return slots_[index - base_].token;
    return read_to(index);
  }

  // The tokens before `index` are no longer needed. Read from the source,
  // they are freed (in batches, so that the cost per token stays constant).
  void release_before(size_t index);

  // How many tokens are in memory now.
  size_t held() const { return stream_ != nullptr ? stream_->tokens.size() : slots_.size(); }

  // Reads the rest of the file, keeping nothing, so that its lexical errors
  // are reported also when the parser stopped early.
  void drain();

 private:
  // A token read from the source, with the decoded bytes of a string
  // literal that its string_value views (a deque never moves its elements).
  struct Slot {
    Token token;
    std::string string_value;
  };

  const Token& read_to(size_t index);

  const TokenStream* stream_ = nullptr;
  std::unique_ptr<TokenReader> reader_;
  std::deque<Slot> slots_;
  size_t base_ = 0;     // the index of slots_.front()
  bool ended_ = false;  // slots_.back() is the kEof token
};

}  // namespace taskc

#endif  // TASKC_COMPILER_TOKEN_WINDOW_H
