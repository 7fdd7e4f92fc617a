// The reader behind read_json_bounded: one pass over the text with an
// explicit stack of open containers (no recursion, so depth costs nothing but
// the limit), appending a node per value. Strings and numbers are lexed by
// json_lexer.cc. Duplicate keys are found when their object closes.
#include "bounded_json.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
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
      return fatal("the JSON text is " + std::to_string(end_ - begin_) +
                   " bytes; at most " + std::to_string(kMaxText) +
                   " can be read");
    }
    max_values_ = std::min<size_t>(limits_.max_values, kNoNode - 1);
    // A guess that avoids most regrowth for pretty-printed text.
    nodes_.reserve(std::min<size_t>(
        static_cast<size_t>(end_ - begin_) / 16 + 16, max_values_));
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
    skip_whitespace();
    if (!begin_value()) return false;
    while (!frames_.empty()) {
      skip_whitespace();
      const Frame& frame = frames_.back();
      const char closer = frame.object ? '}' : ']';
      if (p_ == end_) {
        return syntax_error(
            p_, "unexpected end of input; expected " + expectation(frame));
      }
      if (*p_ == closer) {
        close_container();
        continue;
      }
      if (frame.count > 0) {
        if (*p_ != ',') {
          return syntax_error(
              p_, unexpected(p_) + "; expected " + expectation(frame));
        }
        ++p_;
        skip_whitespace();
      }
      if (frame.object && !read_key()) return false;
      if (!begin_value()) return false;
    }
    skip_whitespace();
    if (p_ != end_) {
      return syntax_error(p_, unexpected(p_) +
                                  " after the JSON value; only whitespace "
                                  "may follow it");
    }
    return true;
  }

  // After a failure: gives each open container its end, so that the partial
  // document is still a well-formed tape.
  void close_open_containers() {
    for (const Frame& frame : frames_) {
      nodes_[frame.node].a = static_cast<uint32_t>(nodes_.size());
      nodes_[frame.node].b = frame.count;
    }
  }

 private:
  struct Frame {
    uint32_t node;
    uint32_t count;  // children so far
    bool object;
    // Objects: a bit per key hash seen; a key whose bit was already set may
    // repeat one, so only then is the object searched for duplicates.
    bool maybe_duplicate = false;
    uint64_t key_bits = 0;
  };

  // Objects up to this many members are checked for duplicate keys pairwise.
  static constexpr uint32_t kPairwiseKeys = 16;

  // What may come next in an open container.
  static std::string expectation(const Frame& frame) {
    if (frame.count > 0) return frame.object ? "',' or '}'" : "',' or ']'";
    return frame.object ? "a string key or '}'" : "a JSON value or ']'";
  }

  // Pretty-printed manifests are half indentation: a line break, then a run
  // of spaces, measured 8 bytes at a time. Whitespace is at most ' '.
  void skip_whitespace() {
    while (p_ < end_ && static_cast<unsigned char>(*p_) <= ' ') {
      const char c = *p_;
      if (c == ' ') {
        skip_spaces();
      } else if (c == '\n' || c == '\r' || c == '\t') {
        ++p_;
      } else {
        return;
      }
    }
  }

  void skip_spaces() {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    constexpr uint64_t kEightSpaces = 0x2020202020202020ull;
    while (end_ - p_ >= 8) {
      uint64_t word;
      std::memcpy(&word, p_, sizeof word);
      const uint64_t other = word ^ kEightSpaces;
      if (other != 0) {
        p_ += __builtin_ctzll(other) >> 3;  // the first byte not a space
        return;
      }
      p_ += 8;
    }
#endif
    while (p_ < end_ && *p_ == ' ') ++p_;
  }

  uint32_t offset(const char* at) const {
    return static_cast<uint32_t>(at - begin_);
  }

  uint32_t add_node(JsonKind kind) {
    JsonNode node{static_cast<uint32_t>(kind), 0, 0, 0, 0, 0};
    if (!frames_.empty()) {
      Frame& frame = frames_.back();
      ++frame.count;
      if (frame.object) {
        if (key_decoded_) node.flags |= JsonNode::kKeyDecoded;
        if (key_size_ <= JsonNode::kMaxKeySize) {
          node.key_start = key_start_;
          node.key_size = key_size_;
        } else {
          node.flags |= JsonNode::kLongKey;
          node.key_start = static_cast<uint32_t>(doc_.long_keys_.size());
          doc_.long_keys_.emplace_back(key_start_, key_size_);
        }
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
    LexedString key = lex_json_string(begin_, p_, end_, doc_.decoded_, error_);
    if (key.end == nullptr) return syntax_error(key.error_at, error_);
    key_start_ = key.start;
    key_size_ = key.size;
    key_decoded_ = key.decoded;
    key_pending_ = true;
    p_ = key.end;
    note_key_hash(frames_.back(), pending_key());
    skip_whitespace();
    if (p_ == end_ || *p_ != ':') {
      return syntax_error(p_, unexpected(p_) + "; expected ':'");
    }
    ++p_;
    skip_whitespace();
    return true;
  }

  std::string_view pending_key() const {
    return key_decoded_
               ? std::string_view(doc_.decoded_).substr(key_start_, key_size_)
               : std::string_view(begin_ + key_start_, key_size_);
  }

  // Size, first and last byte: keys of one object mostly differ in them.
  static uint32_t key_tag(std::string_view key) {
    if (key.empty()) return 0;
    return (static_cast<uint32_t>(key.size()) << 16) ^
           (uint32_t{static_cast<unsigned char>(key.front())} << 8) ^
           static_cast<unsigned char>(key.back());
  }

  // Two equal keys have the same hash, so an object whose keys all hash
  // apart has no duplicate.
  static void note_key_hash(Frame& frame, std::string_view key) {
    uint32_t hash = 0;
    if (!key.empty()) {
      hash = static_cast<uint32_t>(key.size()) * 7 +
             static_cast<unsigned char>(key.front()) * 3 +
             static_cast<unsigned char>(key.back());
    }
    const uint64_t bit = uint64_t{1} << (hash & 63);
    if (frame.key_bits & bit) frame.maybe_duplicate = true;
    frame.key_bits |= bit;
  }

  // Reads a scalar, or opens a container; p_ is past whitespace.
  bool begin_value() {
    if (p_ == end_) {
      return syntax_error(p_, "unexpected end of input; expected a JSON value");
    }
    if (++values_ > max_values_) {
      return fatal("more than " + std::to_string(max_values_) +
                   " JSON values; a manifest is far smaller");
    }
    const char c = *p_;
    if (c == '{' || c == '[') {
      if (frames_.size() >= limits_.max_depth) {
        return fatal("nesting deeper than " +
                     std::to_string(limits_.max_depth) + " levels");
      }
      const uint32_t n =
          add_node(c == '{' ? JsonKind::kObject : JsonKind::kArray);
      frames_.push_back(Frame{n, 0, c == '{', false, 0});
      ++p_;
      return true;
    }
    current_ = add_node(JsonKind::kNull);
    if (c == '"') {
      LexedString s = lex_json_string(begin_, p_, end_, doc_.decoded_, error_);
      if (s.end == nullptr) return syntax_error(s.error_at, error_);
      JsonNode& node = nodes_[current_];
      node.kind = static_cast<uint32_t>(JsonKind::kString);
      node.a = s.start;
      node.b = s.size;
      if (s.decoded) node.flags |= JsonNode::kStringDecoded;
      p_ = s.end;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      LexedNumber number = lex_json_number(p_, end_, error_);
      if (number.end == nullptr) {
        return syntax_error(number.error_at, error_);
      }
      JsonNode& node = nodes_[current_];
      node.kind = static_cast<uint32_t>(number.kind);
      if (number.kind == JsonKind::kInteger) {
        node.a = static_cast<uint32_t>(number.magnitude);
        node.b = static_cast<uint32_t>(number.magnitude >> 32);
        if (number.negative) node.flags |= JsonNode::kNegative;
      } else {
        node.a = offset(p_);
        node.b = offset(number.end) - offset(p_);
      }
      p_ = number.end;
    } else if (!literal("true", JsonKind::kTrue) &&
               !literal("false", JsonKind::kFalse) &&
               !literal("null", JsonKind::kNull)) {
      return syntax_error(p_,
                          c == 't' || c == 'f' || c == 'n'
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
    nodes_[current_].kind = static_cast<uint32_t>(kind);
    p_ += word.size();
    return true;
  }

  void close_container() {
    const Frame& frame = frames_.back();
    JsonNode& node = nodes_[frame.node];
    node.a = static_cast<uint32_t>(nodes_.size());
    node.b = frame.count;
    ++p_;
    if (frame.object &&
        (frame.maybe_duplicate || frame.count > kPairwiseKeys)) {
      mark_duplicate_keys(frame.node, frame.count);
    }
    frames_.pop_back();
  }

  // Each member whose key appears again later is shadowed (the last value
  // counts, as in nlohmann::json and Python, so the rest of the document can
  // still be checked), and each repetition is a problem at its pointer. The
  // object is the innermost open container.
  void mark_duplicate_keys(uint32_t object, uint32_t count) {
    if (count <= kPairwiseKeys) {
      // Tags first, the keys only when the tags are equal.
      std::array<std::string_view, kPairwiseKeys> keys;
      std::array<uint32_t, kPairwiseKeys> tags;
      std::array<uint32_t, kPairwiseKeys> members;
      uint32_t member = object + 1;
      for (uint32_t later = 0; later < count; ++later) {
        const std::string_view key = doc_.key(member);
        const uint32_t tag = key_tag(key);
        keys[later] = key;
        tags[later] = tag;
        members[later] = member;
        for (uint32_t earlier = 0; earlier < later; ++earlier) {
          if (tags[earlier] == tag && keys[earlier] == key &&
              !shadowed(members[earlier])) {
            duplicate(members[earlier], member);
            break;
          }
        }
        member = doc_.next(member);
      }
      return;
    }
    // Many keys: sorted, so hostile objects cost n log n (no hash flooding).
    members_.clear();
    for (uint32_t i = 0, m = object + 1; i < count; ++i, m = doc_.next(m)) {
      members_.emplace_back(doc_.key(m), m);
    }
    std::sort(members_.begin(), members_.end());
    for (size_t i = 1; i < members_.size(); ++i) {
      if (members_[i].first == members_[i - 1].first) {
        duplicate(members_[i - 1].second, members_[i].second);
      }
    }
  }

  bool shadowed(uint32_t member) const {
    return doc_.has(member, JsonNode::kShadowed);
  }

  // Sorted where the key first appears, which a hostile object of unknown
  // keys cannot push past the problem limit.
  void duplicate(uint32_t earlier, uint32_t later) {
    nodes_[earlier].flags |= JsonNode::kShadowed;
    if (result_.problems.size() < limits_.max_problems) {
      result_.problems.push_back(
          {open_pointer() + '/' + json_pointer_token(doc_.key(later)),
           JsonDocument::position(earlier),
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
    return fatal("parse error at line " + std::to_string(where.line) +
                 ", column " + std::to_string(where.column) + ": " + message);
  }

  // The pointer of the innermost open container, from the stack: each open
  // container is the last child of the one below it.
  std::string open_pointer() const {
    std::string pointer;
    for (size_t i = 1; i < frames_.size(); ++i) {
      pointer += '/';
      pointer += frames_[i - 1].object
                     ? json_pointer_token(doc_.key(frames_[i].node))
                     : std::to_string(frames_[i - 1].count - 1);
    }
    return pointer;
  }

  // The problem that stops the reading, at the value being read (or, before
  // it has started, its container and key). Always listed; sorted after
  // every node read.
  bool fatal(std::string message) {
    std::string pointer;
    if (!frames_.empty()) {
      pointer = open_pointer();
      const Frame& top = frames_.back();
      if (current_ != kNoNode) {
        pointer += '/';
        pointer += top.object ? json_pointer_token(doc_.key(current_))
                              : std::to_string(top.count - 1);
      } else if (key_pending_) {
        pointer += '/';
        pointer += json_pointer_token(pending_key());
      }
    }
    result_.problems.push_back({std::move(pointer),
                                JsonDocument::position(doc_.size()),
                                std::move(message)});
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
  std::string error_;  // a lexer's message
};

JsonReadResult read_json_bounded(std::string_view text,
                                 const JsonReadLimits& limits) {
  JsonReadResult result;
  result.document = JsonDocument(text);
  try {
    JsonTapeBuilder builder(text, limits, result);
    result.complete = builder.read();
    if (!result.complete) builder.close_open_containers();
  } catch (const std::bad_alloc&) {
    result.complete = false;
    result.problems.push_back(
        {"", 0, "out of memory while reading the JSON text"});
    result.document = JsonDocument(text);  // whatever was read is dropped
  } catch (const std::exception& error) {
    result.complete = false;
    result.problems.push_back(
        {"", 0,
         "cannot read the JSON text: " + printable_excerpt(error.what(), 512)});
    result.document = JsonDocument(text);
  }
  return result;
}

}  // namespace taskc::abi
