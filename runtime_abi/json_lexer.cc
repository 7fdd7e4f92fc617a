// Strings and numbers of JSON text; see json_lexer.h. Manifests are mostly
// short ASCII strings without escapes, so strings are scanned 8 bytes at a
// time for the bytes that need a closer look and point into the text.
#include "json_lexer.h"

#include <charconv>
#include <cstring>
#include <limits>
#include <system_error>
#include <utility>

namespace taskc::abi {
namespace {

// Length of the well-formed UTF-8 sequence starting at p (a byte >= 0x80),
// or 0 (Unicode Table 3-7: no overlong forms, surrogates or values above
// U+10FFFF). `bad` is set to the first byte that breaks it.
size_t utf8_length(const unsigned char* p, const unsigned char* end,
                   const unsigned char** bad) {
  const unsigned char lead = p[0];
  size_t length;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    *bad = p;
    return 0;
  }
  for (size_t i = 1; i < length; ++i) {
    if (p + i >= end) {
      *bad = end;
      return 0;
    }
    const unsigned char c = p[i];
    if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xbf)) {
      *bad = p + i;
      return 0;
    }
  }
  return length;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at p, or -1.
long hex4(const char* p, const char* end) {
  if (end - p < 4) return -1;
  long value = 0;
  for (int i = 0; i < 4; ++i) {
    int digit = hex_value(p[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

std::string byte_text(unsigned char c) {
  return printable_excerpt(
      std::string_view(reinterpret_cast<const char*>(&c), 1));
}

LexedString string_error(const char* at, const std::string& message,
                         std::string& error) {
  LexedString result;
  result.error_at = at;
  error = "invalid string: " + message;
  return result;
}

// Decodes the escape whose backslash is at p onto `out`; returns the byte
// after it, or nullptr with `failure` and `error` set.
const char* decode_escape(const char* p, const char* end, std::string& out,
                          LexedString& failure, std::string& error) {
  if (end - p < 2) {
    failure =
        string_error(end, "unexpected end of input after a backslash", error);
    return nullptr;
  }
  // The one-letter escapes, and what each stands for.
  static const char kLetters[] = "\"\\/bfnrt";
  static const char kMeanings[] = "\"\\/\b\f\n\r\t";
  const char* letter = p[1] == '\0' ? nullptr : std::strchr(kLetters, p[1]);
  if (letter != nullptr) {
    out += kMeanings[letter - kLetters];
    return p + 2;
  }
  if (p[1] != 'u') {
    failure = string_error(
        p + 1,
        "invalid escape \\" + byte_text(static_cast<unsigned char>(p[1])),
        error);
    return nullptr;
  }
  long unit = hex4(p + 2, end);
  if (unit < 0) {
    failure = string_error(p, "\\u must be followed by four hex digits", error);
    return nullptr;
  }
  if (unit >= 0xdc00 && unit <= 0xdfff) {
    failure = string_error(
        p, "surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF", error);
    return nullptr;
  }
  if (unit < 0xd800 || unit > 0xdbff) {
    append_utf8(out, static_cast<unsigned long>(unit));
    return p + 6;
  }
  long low =
      (end - p >= 12 && p[6] == '\\' && p[7] == 'u') ? hex4(p + 8, end) : -1;
  if (low < 0xdc00 || low > 0xdfff) {
    failure = string_error(
        p, "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF",
        error);
    return nullptr;
  }
  append_utf8(out, 0x10000 +
                       ((static_cast<unsigned long>(unit) - 0xd800) << 10) +
                       (static_cast<unsigned long>(low) - 0xdc00));
  return p + 12;
}

// Decimal digits from p.
const char* skip_digits(const char* p, const char* end) {
  while (p < end && *p >= '0' && *p <= '9') ++p;
  return p;
}

bool is_digit(const char* p, const char* end) {
  return p < end && *p >= '0' && *p <= '9';
}

// The power of ten of the first nonzero digit of a JSON number (in its
// grammar, not 0), saturated: its sign tells overflow from underflow.
int64_t decimal_exponent(const char* first, const char* end) {
  const char* p = first + (*first == '-' ? 1 : 0);
  const char* integer_end = skip_digits(p, end);
  int64_t power;
  if (*p != '0') {
    power = static_cast<int64_t>(integer_end - p) - 1;
  } else {
    const char* q = integer_end;
    if (q < end && *q == '.') ++q;
    const char* nonzero = q;
    while (nonzero < end && *nonzero == '0') ++nonzero;
    power = -static_cast<int64_t>(nonzero - q) - 1;
  }
  const char* e = integer_end;
  while (e < end && *e != 'e' && *e != 'E') ++e;
  if (e == end) return power;
  ++e;
  bool negative = *e == '-';
  if (*e == '+' || *e == '-') ++e;
  int64_t exponent = 0;
  for (; e < end && exponent < 1'000'000'000; ++e) {
    exponent = exponent * 10 + (*e - '0');
  }
  // |power| is below the text size, so the sum cannot overflow.
  return power + (negative ? -exponent : exponent);
}

}  // namespace

LexedString lex_json_string_rest(const char* text, const char* quote,
                                 const char* p, const char* end,
                                 std::string& decoded, std::string& error) {
  const char* first = quote + 1;
  LexedString result;
  // `run` starts the bytes not yet copied to `decoded` (once there is an
  // escape, the whole value is built there).
  const size_t decoded_start = decoded.size();
  const char* run = first;
  bool escaped = false;
  for (;;) {
    p = lexer_detail::skip_plain(p, end);
    if (p == end) {
      return string_error(
          end, "unexpected end of input; the string has no closing quote",
          error);
    }
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') break;
    if (c == '\\') {
      decoded.append(run, p);
      escaped = true;
      p = decode_escape(p, end, decoded, result, error);
      if (p == nullptr) return result;
      run = p;
    } else if (c < 0x20) {
      static const char kHex[] = "0123456789ABCDEF";
      return string_error(p,
                          std::string("control character U+00") + kHex[c >> 4] +
                              kHex[c & 0xf] + " must be escaped",
                          error);
    } else {
      const unsigned char* bad = nullptr;
      size_t length =
          utf8_length(reinterpret_cast<const unsigned char*>(p),
                      reinterpret_cast<const unsigned char*>(end), &bad);
      if (length == 0) {
        const char* at = reinterpret_cast<const char*>(bad);
        return string_error(at,
                            at == end
                                ? "unexpected end of input in a UTF-8 sequence"
                                : "ill-formed UTF-8 byte " + byte_text(*bad),
                            error);
      }
      p += length;
    }
  }
  result.end = p + 1;
  if (!escaped) {
    result.start = static_cast<uint32_t>(first - text);
    result.size = static_cast<uint32_t>(p - first);
  } else {
    decoded.append(run, p);
    result.decoded = true;
    result.start = static_cast<uint32_t>(decoded_start);
    result.size = static_cast<uint32_t>(decoded.size() - decoded_start);
  }
  return result;
}

LexedNumber lex_json_number(const char* first, const char* end,
                            std::string& error) {
  LexedNumber result;
  auto fail = [&](const char* at, std::string message) {
    result.end = nullptr;
    result.error_at = at;
    error = std::move(message);
    return result;
  };
  const char* p = first;
  if (*p == '-') {
    result.negative = true;
    ++p;
  }
  bool too_wide = false;  // more than 64 bits
  if (!is_digit(p, end)) {
    return fail(p, p == end ? "unexpected end of input in a number"
                            : "invalid number: expected a digit after '-'");
  }
  if (*p == '0') {
    ++p;
    if (is_digit(p, end)) {
      return fail(p, "invalid number: leading zeros are not allowed");
    }
  } else {
    uint64_t value = 0;
    for (; is_digit(p, end); ++p) {
      const auto digit = static_cast<uint64_t>(*p - '0');
      if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
        too_wide = true;
      } else {
        value = value * 10 + digit;
      }
    }
    result.magnitude = value;
  }
  bool integral = true;
  if (p < end && *p == '.') {
    ++p;
    if (!is_digit(p, end)) {
      return fail(p,
                  "invalid number: expected a digit after the decimal point");
    }
    p = skip_digits(p, end);
    integral = false;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (!is_digit(p, end)) {
      return fail(p, "invalid number: expected a digit in the exponent");
    }
    p = skip_digits(p, end);
    integral = false;
  }
  result.end = p;
  constexpr uint64_t kMostNegative = uint64_t{1} << 63;
  if (integral && !too_wide &&
      (!result.negative || result.magnitude <= kMostNegative)) {
    return result;
  }
  // Stored as its text (a manifest has no use for fractions), but it must be
  // a finite double like any JSON number this reader accepts.
  result.kind = JsonKind::kFloat;
  result.magnitude = 0;
  double value = 0;
  std::from_chars_result parsed = std::from_chars(first, p, value);
  // from_chars reports underflow (1e-400, which reads as 0) like overflow.
  if (parsed.ec == std::errc::result_out_of_range &&
      decimal_exponent(first, p) > 0) {
    return fail(first, "number overflow parsing '" +
                           printable_excerpt(std::string_view(
                               first, static_cast<size_t>(p - first))) +
                           "'");
  }
  return result;
}

}  // namespace taskc::abi
