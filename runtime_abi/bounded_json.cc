// The reader behind read_json_bounded: one pass over the text with an
// explicit stack of open containers (no recursion, so depth costs nothing but
// the limit), appending a node per value. Strings and numbers are lexed by
// json_lexer.cc. Duplicate keys are found when their object closes.
#include "bounded_json.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <utility>

#include "json_lexer.h"

namespace taskc::abi {

class JsonTapeBuilder {
 public:
  JsonTapeBuilder(std::string_view text, const JsonReadLimits& limits,
                  JsonReadResult& result)
      : begin_(text.data()),
        end_(text.data() + text.size()),
        p_(begin_),
        limits_(limits),
        result_(result),
        doc_(result.document),
        nodes_(result.document.nodes_) {}

  bool read() {
    constexpr size_t kMaxText = std::numeric_limits<uint32_t>::max() - 1;
    if (static_cast<size_t>(end_ - begin_) > kMaxText) {
      return fatal(begin_, "the JSON text is " + std::to_string(end_ - begin_) +
                               " bytes; at most " + std::to_string(kMaxText) +
                               " can be read");
    }
    max_values_ = std::min<size_t>(limits_.max_values, kNoNode - 1);
    // A guess that avoids most regrowth for pretty-printed text.
    nodes_.reserve(std::min<size_t>(static_cast<size_t>(end_ - begin_) / 16 + 16,
                                    max_values_));
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
    skip_whitespace();
    if (!begin_value()) return false;
    while (!frames_.empty()) {
      skip_whitespace();
      const Frame& frame = frames_.back();
      const char closer = frame.object ? '}' : ']';
      if (p_ == end_) {
        return syntax_error(p_, "unexpected end of input; expected " +
                                    expectation(frame));
      }
      if (*p_ == closer) {
        close_container();
        continue;
      }
      if (frame.count > 0) {
        if (*p_ != ',') {
          return syntax_error(p_, unexpected(p_) + "; expected " +
                                      expectation(frame));
        }
        ++p_;
        skip_whitespace();
      }
      if (frame.object && !read_key()) return false;
      if (!begin_value()) return false;
    }
    skip_whitespace();
    if (p_ != end_) {
      return syntax_error(
          p_, unexpected(p_) + " after the JSON value; only whitespace may follow it");
    }
    return true;
  }

 private:
  struct Frame {
    uint32_t node;
    uint32_t count;  // children so far
    bool object;
  };

  // Objects up to this many members are checked for duplicate keys pairwise.
  static constexpr uint32_t kPairwiseKeys = 16;

  // What may come next in an open container.
  static std::string expectation(const Frame& frame) {
    if (frame.count > 0) return frame.object ? "',' or '}'" : "',' or ']'";
    return frame.object ? "a string key or '}'" : "a JSON value or ']'";
  }

  static bool is_whitespace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  void skip_whitespace() {
    while (p_ < end_ && is_whitespace(*p_)) ++p_;
  }

  uint32_t offset(const char* at) const {
    return static_cast<uint32_t>(at - begin_);
  }

  uint32_t add_node(JsonKind kind) {
    JsonNode node;
    node.kind = kind;
    node.offset = offset(p_);
    if (!frames_.empty()) {
      Frame& frame = frames_.back();
      node.parent = frame.node;
      node.index = frame.count++;
      if (frame.object) {
        node.key_start = key_start_;
        node.key_size = key_size_;
        if (key_decoded_) node.flags |= JsonNode::kKeyDecoded;
        key_pending_ = false;
      }
    }
    nodes_.push_back(node);
    return static_cast<uint32_t>(nodes_.size() - 1);
  }

  // The member key and its ':' (the opening quote is at p_ when valid).
  bool read_key() {
    if (p_ == end_ || *p_ != '"') {
      return syntax_error(p_, unexpected(p_) + "; expected a string key");
    }
    LexedString key = lex_json_string(begin_, p_, end_, doc_.decoded_);
    if (key.end == nullptr) return syntax_error(key.error_at, key.error);
    key_start_ = key.start;
    key_size_ = key.size;
    key_decoded_ = key.decoded;
    key_pending_ = true;
    p_ = key.end;
    skip_whitespace();
    if (p_ == end_ || *p_ != ':') {
      return syntax_error(p_, unexpected(p_) + "; expected ':'");
    }
    ++p_;
    skip_whitespace();
    return true;
  }

  // Reads a scalar, or opens a container; p_ is past whitespace.
  bool begin_value() {
    if (p_ == end_) {
      return syntax_error(p_, "unexpected end of input; expected a JSON value");
    }
    if (++values_ > max_values_) {
      return fatal(p_, "more than " + std::to_string(max_values_) +
                           " JSON values; a manifest is far smaller");
    }
    const char c = *p_;
    if (c == '{' || c == '[') {
      if (frames_.size() >= limits_.max_depth) {
        return fatal(p_, "nesting deeper than " +
                             std::to_string(limits_.max_depth) + " levels");
      }
      const uint32_t n = add_node(c == '{' ? JsonKind::kObject : JsonKind::kArray);
      frames_.push_back(Frame{n, 0, c == '{'});
      ++p_;
      return true;
    }
    current_ = add_node(JsonKind::kNull);
    if (c == '"') {
      LexedString s = lex_json_string(begin_, p_, end_, doc_.decoded_);
      if (s.end == nullptr) return syntax_error(s.error_at, s.error);
      JsonNode& node = nodes_[current_];
      node.kind = JsonKind::kString;
      node.a = s.start;
      node.b = s.size;
      if (s.decoded) node.flags |= JsonNode::kStringDecoded;
      p_ = s.end;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      LexedNumber number = lex_json_number(p_, end_);
      if (number.end == nullptr) {
        return syntax_error(number.error_at, number.error);
      }
      JsonNode& node = nodes_[current_];
      node.kind = number.kind;
      if (number.kind == JsonKind::kInteger) {
        node.a = static_cast<uint32_t>(number.magnitude);
        node.b = static_cast<uint32_t>(number.magnitude >> 32);
        if (number.negative) node.flags |= JsonNode::kNegative;
      } else {
        node.a = offset(number.end) - offset(p_);
      }
      p_ = number.end;
    } else if (!literal("true", JsonKind::kTrue) &&
               !literal("false", JsonKind::kFalse) &&
               !literal("null", JsonKind::kNull)) {
      return syntax_error(p_, c == 't' || c == 'f' || c == 'n'
                                  ? "invalid literal; expected true, false or null"
                                  : unexpected(p_) + "; expected a JSON value");
    }
    current_ = kNoNode;
    return true;
  }

  bool literal(std::string_view word, JsonKind kind) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    nodes_[current_].kind = kind;
    p_ += word.size();
    return true;
  }

  void close_container() {
    const Frame frame = frames_.back();
    frames_.pop_back();
    JsonNode& node = nodes_[frame.node];
    node.a = static_cast<uint32_t>(nodes_.size());
    node.b = frame.count;
    ++p_;
    if (frame.object && frame.count > 1) mark_duplicate_keys(frame.node, frame.count);
  }

  // Each member whose key appears again later is shadowed (the last value
  // counts, as in nlohmann::json and Python, so the rest of the document can
  // still be checked), and each repetition is a problem at its pointer.
  void mark_duplicate_keys(uint32_t object, uint32_t count) {
    members_.clear();
    for (uint32_t i = 0, m = object + 1; i < count; ++i, m = doc_.next(m)) {
      members_.emplace_back(doc_.key(m), m);
    }
    if (count <= kPairwiseKeys) {
      for (uint32_t later = 1; later < count; ++later) {
        for (uint32_t earlier = 0; earlier < later; ++earlier) {
          if (!shadowed(members_[earlier].second) &&
              members_[earlier].first == members_[later].first) {
            duplicate(members_[earlier].second, members_[later].second);
            break;
          }
        }
      }
      return;
    }
    // Many keys: sorted, so hostile objects cost n log n (no hash flooding).
    std::sort(members_.begin(), members_.end());
    for (size_t i = 1; i < members_.size(); ++i) {
      if (members_[i].first == members_[i - 1].first) {
        duplicate(members_[i - 1].second, members_[i].second);
      }
    }
  }

  bool shadowed(uint32_t member) const {
    return nodes_[member].flags & JsonNode::kShadowed;
  }

  // Sorted where the key first appears, which a hostile object of unknown
  // keys cannot push past the problem limit.
  void duplicate(uint32_t earlier, uint32_t later) {
    nodes_[earlier].flags |= JsonNode::kShadowed;
    if (result_.problems.size() < limits_.max_problems) {
      result_.problems.push_back(
          {doc_.pointer(later), uint64_t{nodes_[earlier].offset} << 1,
           "duplicate key \"" + printable_excerpt(doc_.key(later)) + "\""});
    } else {
      ++result_.unlisted_problems;
    }
  }

  std::string unexpected(const char* at) const {
    if (at == end_) return "unexpected end of input";
    const auto c = static_cast<unsigned char>(*at);
    if (c > 0x20 && c < 0x7f) return std::string("unexpected '") + *at + "'";
    return "unexpected byte " + printable_excerpt(std::string_view(at, 1));
  }

  bool syntax_error(const char* at, const std::string& message) {
    const JsonDocument::LineColumn where = doc_.line_column(offset(at));
    return fatal(at, "parse error at line " + std::to_string(where.line) +
                         ", column " + std::to_string(where.column) + ": " +
                         message);
  }

  // The problem that stops the reading, at the value being read (or, before
  // it has started, its container and key). Always listed.
  bool fatal(const char* at, std::string message) {
    std::string pointer;
    if (current_ != kNoNode) {
      pointer = doc_.pointer(current_);
    } else if (!frames_.empty()) {
      pointer = doc_.pointer(frames_.back().node);
      if (key_pending_) {
        pointer += '/';
        pointer += json_pointer_token(key_decoded_
                                          ? std::string_view(doc_.decoded_).substr(key_start_, key_size_)
                                          : std::string_view(begin_ + key_start_, key_size_));
      }
    }
    result_.problems.push_back(
        {std::move(pointer), uint64_t{offset(at)} << 1, std::move(message)});
    return false;
  }

  const char* const begin_;
  const char* const end_;
  const char* p_;
  const JsonReadLimits& limits_;
  JsonReadResult& result_;
  JsonDocument& doc_;
  std::vector<JsonNode>& nodes_;
  std::vector<Frame> frames_;
  size_t values_ = 0;
  size_t max_values_ = 0;
  uint32_t current_ = kNoNode;  // the scalar being read
  // The key of the member whose value comes next.
  bool key_pending_ = false;
  bool key_decoded_ = false;
  uint32_t key_start_ = 0;
  uint32_t key_size_ = 0;
  std::vector<std::pair<std::string_view, uint32_t>> members_;  // scratch
};

JsonReadResult read_json_bounded(std::string_view text,
                                 const JsonReadLimits& limits) {
  JsonReadResult result;
  result.document = JsonDocument(text);
  try {
    result.complete = JsonTapeBuilder(text, limits, result).read();
  } catch (const std::bad_alloc&) {
    result.complete = false;
    result.problems.push_back(
        {"", 0, "out of memory while reading the JSON text"});
  }
  return result;
}

}  // namespace taskc::abi
