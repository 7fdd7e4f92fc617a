#include "token_window.h"

#include "internal_error.h"

namespace taskc {

namespace {

// Released tokens are freed once this many have gathered.
constexpr size_t kReleaseBatch = 1024;

}  // namespace

const Token& TokenWindow::read_to(size_t index) {
  if (index < base_) {
    throw InternalError("the parser went back to token " + std::to_string(index) +
                        " after releasing the tokens before " + std::to_string(base_));
  }
  while (!ended_ && index - base_ >= slots_.size()) {
    Slot& slot = slots_.emplace_back();
    ended_ = !reader_->next(slot.token, slot.string_value);
    if (slot.token.is(TokenKind::kString)) slot.token.string_value = slot.string_value;
  }
  return index - base_ < slots_.size() ? slots_[index - base_].token : slots_.back().token;
}

void TokenWindow::release_before(size_t index) {
  if (stream_ != nullptr || index < base_ + kReleaseBatch) return;
  // The kEof token, once read, stays: at() answers every later index with it.
  const size_t count = std::min(index - base_, slots_.size() - (ended_ ? 1 : 0));
  slots_.erase(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(count));
  base_ += count;
}

void TokenWindow::drain() {
  if (stream_ != nullptr) return;
  Token token;
  std::string string_value;
  while (!ended_) ended_ = !reader_->next(token, string_value);
}

}  // namespace taskc
