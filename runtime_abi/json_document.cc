// Accessors of the JSON tape and what is computed from it only for problems:
// pointers, document positions, line and column; see json_document.h.
#include "json_document.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

namespace taskc::abi {

bool JsonDocument::as_int64(uint32_t n, int64_t* value) const {
  if (kind(n) != JsonKind::kInteger) return false;
  const uint64_t m = magnitude(n);
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  if (!negative(n)) {
    if (m > kMax) return false;
    *value = static_cast<int64_t>(m);
  } else {
    // The reader keeps negative magnitudes within 2^63.
    *value = m > kMax ? std::numeric_limits<int64_t>::min()
                      : -static_cast<int64_t>(m);
  }
  return true;
}

std::string_view JsonDocument::number_text(uint32_t n) const {
  return text_.substr(nodes_[n].offset, nodes_[n].a);
}

uint32_t JsonDocument::child_at(uint32_t container, uint32_t i) const {
  uint32_t child = container + 1;
  for (uint32_t k = 0; k < i; ++k) child = next(child);
  return child;
}

std::string JsonDocument::pointer(uint32_t n) const {
  // Tokens from the node up to the root, then joined in reverse.
  std::vector<uint32_t> path;
  for (uint32_t at = n; at != kNoNode && nodes_[at].parent != kNoNode;
       at = nodes_[at].parent) {
    path.push_back(at);
  }
  std::string result;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    result += '/';
    if (nodes_[nodes_[*it].parent].kind == JsonKind::kArray) {
      result += std::to_string(nodes_[*it].index);
    } else {
      result += json_pointer_token(key(*it));
    }
  }
  return result;
}

std::string JsonDocument::pointer(const JsonAt& at) const {
  std::string result = pointer(at.node);
  if (at.missing_key != nullptr) {
    result += '/';
    result += json_pointer_token(at.missing_key);
  }
  return result;
}

uint64_t JsonDocument::position(const JsonAt& at) const {
  // A value sorts at its first byte; a missing member right after the last
  // value inside its object (which is a scalar or an empty container, so no
  // other problem sorts between the two).
  if (at.missing_key == nullptr) return uint64_t{nodes_[at.node].offset} << 1;
  return (uint64_t{nodes_[end(at.node) - 1].offset} << 1) | 1;
}

std::string JsonDocument::describe(uint32_t n) const {
  switch (kind(n)) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kFalse:
      return "false";
    case JsonKind::kTrue:
      return "true";
    case JsonKind::kInteger:
      return (negative(n) ? "-" : "") + std::to_string(magnitude(n));
    case JsonKind::kFloat:
      return printable_excerpt(number_text(n));
    case JsonKind::kString:
      return "the string \"" + printable_excerpt(string(n)) + "\"";
    case JsonKind::kArray:
      return "an array";
    case JsonKind::kObject:
      return "an object";
  }
  return "a non-JSON value";
}

JsonDocument::LineColumn JsonDocument::line_column(size_t offset) const {
  offset = std::min(offset, text_.size());
  const char* begin = text_.data();
  size_t line = 1;
  const char* line_start = begin;
  for (const char* p = begin;;) {
    const void* found = std::memchr(p, '\n', static_cast<size_t>(begin + offset - p));
    if (found == nullptr) break;
    p = static_cast<const char*>(found) + 1;
    line_start = p;
    ++line;
  }
  return {line, static_cast<size_t>(begin + offset - line_start) + 1};
}

std::string json_pointer_token(std::string_view key) {
  std::string token;
  token.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

std::string printable_excerpt(std::string_view bytes, size_t max_bytes) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t kept = bytes.size() < max_bytes ? bytes.size() : max_bytes;
  out.reserve(kept + 8);
  for (size_t i = 0; i < kept; ++i) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += static_cast<char>(byte);
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  if (kept < bytes.size()) out += "...";
  return out;
}

}  // namespace taskc::abi
