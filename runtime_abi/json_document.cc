// Accessors of the JSON tape and what is computed from it only for problems:
// pointers, document positions, line and column; see json_document.h.
#include "json_document.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace taskc::abi {

static_assert(static_cast<int>(JsonKind::kArray) == 6 &&
                  static_cast<int>(JsonKind::kObject) == 7,
              "is_container() relies on the two container kinds coming last");

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

uint32_t JsonDocument::child_at(uint32_t container, uint32_t i) const {
  uint32_t child = container + 1;
  for (uint32_t k = 0; k < i; ++k) child = next(child);
  return child;
}

void JsonDocument::locate() const {
  const size_t n = nodes_.size();
  parent_.assign(n, kNoNode);
  index_.assign(n, 0);
  // Each container hands its parent and running child count to its
  // children in one pass: the open containers are a stack of subtree ends.
  std::vector<uint32_t> open;  // containers whose subtree is being walked
  std::vector<uint32_t> seen;  // children met so far in each
  for (uint32_t node = 0; node < n; ++node) {
    while (!open.empty() && node >= end(open.back())) {
      open.pop_back();
      seen.pop_back();
    }
    if (!open.empty()) {
      parent_[node] = open.back();
      index_[node] = seen.back()++;
    }
    if (is_container(node)) {
      open.push_back(node);
      seen.push_back(0);
    }
  }
}

std::string JsonDocument::pointer(uint32_t n) const {
  if (parent_.size() != nodes_.size()) locate();
  // Tokens from the node up to the root, then joined in reverse.
  std::vector<uint32_t> path;
  for (uint32_t at = n; at < parent_.size() && parent_[at] != kNoNode;
       at = parent_[at]) {
    path.push_back(at);
  }
  std::string result;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    result += '/';
    if (kind(parent_[*it]) == JsonKind::kArray) {
      result += std::to_string(index_[*it]);
    } else {
      result += json_pointer_token(key(*it));
    }
  }
  return result;
}

std::string JsonDocument::pointer(const JsonAt& at) const {
  std::string result = pointer(at.node);
  if (!at.missing_key.empty()) {
    result += '/';
    result += json_pointer_token(at.missing_key);
  }
  return result;
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
    const void* found =
        std::memchr(p, '\n', static_cast<size_t>(begin + offset - p));
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
