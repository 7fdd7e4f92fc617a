// The tokens of JSON text (RFC 8259) that have content: strings and numbers.
// Strict: UTF-8 must be well-formed, escapes complete, surrogates paired,
// control characters escaped, numbers in JSON's grammar and finite. Internal
// to the bounded JSON reader (bounded_json.cc).
#ifndef TASKC_RUNTIME_ABI_JSON_LEXER_H
#define TASKC_RUNTIME_ABI_JSON_LEXER_H

#include <cstdint>
#include <string>

#include "json_document.h"

namespace taskc::abi {

// On success `end` is the byte after the token and `error` is empty; on
// failure `error_at` is the offending byte (or the end of the text) and
// `error` says what is wrong.
struct LexedString {
  const char* end = nullptr;
  bool decoded = false;  // had escapes: the value was appended to `decoded`
  uint32_t start = 0;    // in the text (from its first byte) or in `decoded`
  uint32_t size = 0;
  const char* error_at = nullptr;
  std::string error;
};

// `quote` is the opening '"'; the text runs from `text` to `end`, at most
// 4 GiB. Escaped strings are decoded onto the end of `decoded`.
LexedString lex_json_string(const char* text, const char* quote,
                            const char* end, std::string& decoded);

struct LexedNumber {
  const char* end = nullptr;
  JsonKind kind = JsonKind::kInteger;  // kInteger or kFloat
  bool negative = false;
  uint64_t magnitude = 0;  // integers
  const char* error_at = nullptr;
  std::string error;
};

// `first` is '-' or a digit.
LexedNumber lex_json_number(const char* first, const char* end);

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_JSON_LEXER_H
