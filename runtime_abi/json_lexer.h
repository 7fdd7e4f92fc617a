// The tokens of JSON text (RFC 8259) that have content: strings and numbers.
// Strict: UTF-8 must be well-formed, escapes complete, surrogates paired,
// control characters escaped, numbers in JSON's grammar and finite. Internal
// to the bounded JSON reader (bounded_json.cc).
#ifndef TASKC_RUNTIME_ABI_JSON_LEXER_H
#define TASKC_RUNTIME_ABI_JSON_LEXER_H

#include <cstdint>
#include <cstring>
#include <string>

#include "json_document.h"

namespace taskc::abi {

// On success `end` is the byte after the token; on failure it is nullptr,
// `error_at` is the offending byte (or the end of the text) and the `error`
// argument says what is wrong (only then is a message built).
struct LexedString {
  const char* end = nullptr;
  bool decoded = false;  // had escapes: the value was appended to `decoded`
  uint32_t start = 0;    // in the text (from its first byte) or in `decoded`
  uint32_t size = 0;
  const char* error_at = nullptr;
};

namespace lexer_detail {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;

// The high bit of each byte of `word` that is '"', '\\', below 0x20 or at or
// above 0x80. Borrows run from low bytes to high ones, so the lowest set bit
// is exact (higher ones may be false), which is all skip_plain needs.
inline uint64_t needs_a_look(uint64_t word) {
  const uint64_t quote = word ^ (kOnes * '"');
  const uint64_t backslash = word ^ (kOnes * '\\');
  const uint64_t is_quote = (quote - kOnes) & ~quote;
  const uint64_t is_backslash = (backslash - kOnes) & ~backslash;
  const uint64_t is_control = (word - kOnes * 0x20) & ~word;
  return ((is_quote | is_backslash | is_control) | word) & kHighs;
}

inline bool is_plain(unsigned char c) {
  return c != '"' && c != '\\' && c >= 0x20 && c < 0x80;
}

// The first byte at or after p that is not plain ASCII string content,
// looked for 8 bytes at a time.
inline const char* skip_plain(const char* p, const char* end) {
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    const uint64_t look = needs_a_look(word);
    if (look != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      return p + (__builtin_ctzll(look) >> 3);  // the first byte in memory
#else
      break;
#endif
    }
    p += 8;
  }
  while (p < end && is_plain(static_cast<unsigned char>(*p))) ++p;
  return p;
}

}  // namespace lexer_detail

// The string from `p`, the first byte after `quote` that is not plain ASCII.
LexedString lex_json_string_rest(const char* text, const char* quote,
                                 const char* p, const char* end,
                                 std::string& decoded, std::string& error);

// `quote` is the opening '"'; the text runs from `text` to `end`, at most
// 4 GiB. Escaped strings are decoded onto the end of `decoded`. Inline: most
// strings of a manifest are short ASCII without escapes.
inline LexedString lex_json_string(const char* text, const char* quote,
                                   const char* end, std::string& decoded,
                                   std::string& error) {
  const char* first = quote + 1;
  const char* p = lexer_detail::skip_plain(first, end);
  if (p < end && *p == '"') {
    LexedString result;
    result.end = p + 1;
    result.start = static_cast<uint32_t>(first - text);
    result.size = static_cast<uint32_t>(p - first);
    return result;
  }
  return lex_json_string_rest(text, quote, p, end, decoded, error);
}

struct LexedNumber {
  const char* end = nullptr;
  JsonKind kind = JsonKind::kInteger;  // kInteger or kFloat
  bool negative = false;
  uint64_t magnitude = 0;  // integers
  const char* error_at = nullptr;
};

// `first` is '-' or a digit.
LexedNumber lex_json_number(const char* first, const char* end,
                            std::string& error);

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_JSON_LEXER_H
