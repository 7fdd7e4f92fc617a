#include "emit_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "utf8.h"

namespace taskc {

namespace {

const char kHex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, const char* prefix, unsigned char c) {
  out += prefix;
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

void append_hex(std::string& out, uint32_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += kHex[(value >> shift) & 0xF];
  }
}

uint32_t decode_utf8(std::string_view text, size_t i, size_t len) {
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(text[i + k])); };
  if (len == 1) return byte(0);
  if (len == 2) return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
  if (len == 3) return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
  return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) |
         (byte(3) & 0x3F);
}

}  // namespace

std::string comment_text(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    char previous = i > 0 ? text[i - 1] : '\0';
    // A backslash, even doubled, that ends a C++ comment line splices the
    // next line of generated code into the comment; `\x5c` never does.
    if (c == '\\' || c < 0x20 || c >= 0x7f) {
      append_hex_byte(out, "\\x", c);
    } else if ((c == '/' && previous == '*') || (c == '?' && previous == '?')) {
      append_hex_byte(out, "\\x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

std::string c_literal_body(std::string_view text, bool format) {
  std::string out;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '%' && format) {
      out += "%%";
    } else if (c == '?') {
      out += "\\?";  // no trigraphs
    } else if (c < 0x20 || c >= 0x7f) {
      // Octal takes at most three digits, so a following digit is safe.
      out += '\\';
      out += static_cast<char>('0' + (c >> 6));
      out += static_cast<char>('0' + ((c >> 3) & 7));
      out += static_cast<char>('0' + (c & 7));
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::string c_format_literal_body(std::string_view text) { return c_literal_body(text, true); }

std::string c_string_literal_body(std::string_view text) { return c_literal_body(text, false); }

std::string python_string_literal(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      out += "\\udc";  // surrogateescape of an undecodable byte
      append_hex(out, c, 2);
      ++i;
      continue;
    }
    if (len > 1) {
      uint32_t cp = decode_utf8(text, i, len);
      if (cp <= 0xFFFF) {
        out += "\\u";
        append_hex(out, cp, 4);
      } else {
        out += "\\U";
        append_hex(out, cp, 8);
      }
      i += len;
      continue;
    }
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          append_hex_byte(out, "\\x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

std::string fp32_text(double value) {
  float f = static_cast<float>(value);
  if (std::isnan(f)) return "nan";
  if (std::isinf(f)) return f > 0 ? "inf" : "-inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, f);
  std::string s(buffer, result.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

}  // namespace taskc
