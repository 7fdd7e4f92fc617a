// A parsed JSON text as one flat array of 16-byte nodes in document order (a
// tape): each value is a node; an object member carries its key; a container
// knows where its subtree ends, so siblings are one step apart. Strings and
// keys without escapes point into the text. A node's index is its place in
// document order. Nothing is kept for locations while reading: a node's parent
// and index (for its JSON pointer) are found by one walk over the tape when
// the first pointer is asked for, that is, when a problem is reported.
#ifndef TASKC_RUNTIME_ABI_JSON_DOCUMENT_H
#define TASKC_RUNTIME_ABI_JSON_DOCUMENT_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace taskc::abi {

inline constexpr uint32_t kNoNode = 0xffffffffu;

enum class JsonKind : uint8_t {
  kNull,
  kFalse,
  kTrue,
  kInteger,  // fits 64 bits: -2^63 .. 2^64-1
  kFloat,    // a fraction, an exponent, or an integer too wide for 64 bits
  kString,
  kArray,
  kObject,
};

struct JsonNode {
  // Bits of `flags`:
  // integer: the value is -magnitude;
  static constexpr uint32_t kNegative = 1;
  // string, member key: in the decoded store, not the text;
  static constexpr uint32_t kStringDecoded = 2;
  static constexpr uint32_t kKeyDecoded = 4;
  // member: replaced by a later one with the same key;
  static constexpr uint32_t kShadowed = 8;
  // member: key_start indexes long_keys_ (keys over kMaxKeySize bytes).
  static constexpr uint32_t kLongKey = 16;
  static constexpr uint32_t kMaxKeySize = (1u << 24) - 1;

  uint32_t kind : 3;  // JsonKind
  uint32_t flags : 5;
  uint32_t key_size : 24;  // object member: its key, in the text (or the
  uint32_t key_start;      // decoded store when kKeyDecoded)
  // integer: magnitude, low and high half; float: offset and length of its
  // text; string: start and size; array, object: end (one past the last node
  // of the subtree) and number of children.
  uint32_t a;
  uint32_t b;
};
static_assert(sizeof(JsonNode) == 16, "the tape is 16 bytes a value");

// A place a problem can be about: a value, or the member `missing_key` that
// object `node` lacks (reported after every member of the object).
struct JsonAt {
  JsonAt() = default;
  explicit JsonAt(uint32_t value) : node(value) {}
  JsonAt(uint32_t object, std::string_view missing)
      : node(object), missing_key(missing) {}

  uint32_t node = 0;
  std::string_view missing_key;  // empty: the value at `node` itself
};

struct JsonProblem {
  std::string pointer;    // RFC 6901; "" is the document itself
  uint64_t position = 0;  // sorts problems into document order (see position)
  std::string message;
};

// The children of a container in order; for objects, without the members a
// later duplicate key replaced.
class JsonChildren;

class JsonDocument {
 public:
  // The text must outlive the document: strings point into it.
  explicit JsonDocument(std::string_view text = {}) : text_(text) {}

  std::string_view text() const { return text_; }
  bool empty() const { return nodes_.empty(); }
  uint32_t size() const { return static_cast<uint32_t>(nodes_.size()); }
  uint32_t root() const { return 0; }
  JsonKind kind(uint32_t n) const {
    return static_cast<JsonKind>(nodes_[n].kind);
  }
  bool has(uint32_t n, uint32_t flag) const { return nodes_[n].flags & flag; }

  std::string_view string(uint32_t n) const {
    const JsonNode& v = nodes_[n];
    return slice(v.flags & JsonNode::kStringDecoded, v.a, v.b);
  }
  std::string_view key(uint32_t n) const {
    const JsonNode& v = nodes_[n];
    if (v.flags & JsonNode::kLongKey) {
      const auto& [start, size] = long_keys_[v.key_start];
      return slice(v.flags & JsonNode::kKeyDecoded, start, size);
    }
    return slice(v.flags & JsonNode::kKeyDecoded, v.key_start, v.key_size);
  }
  uint64_t magnitude(uint32_t n) const {
    return (uint64_t{nodes_[n].b} << 32) | nodes_[n].a;
  }
  bool negative(uint32_t n) const { return has(n, JsonNode::kNegative); }
  // The integer when it fits int64_t.
  bool as_int64(uint32_t n, int64_t* value) const;
  // The bytes of a float as written.
  std::string_view number_text(uint32_t n) const {
    return text_.substr(nodes_[n].a, nodes_[n].b);
  }

  bool is_container(uint32_t n) const {
    // kArray and kObject are the two kinds at and above kArray.
    return nodes_[n].kind >= static_cast<uint32_t>(JsonKind::kArray);
  }
  uint32_t count(uint32_t n) const { return is_container(n) ? nodes_[n].b : 0; }
  uint32_t end(uint32_t n) const {
    return is_container(n) ? nodes_[n].a : n + 1;
  }
  // The next sibling of n, or where it would be.
  uint32_t next(uint32_t n) const { return end(n); }
  JsonChildren children(uint32_t container) const;
  // The i-th child of a container (counting shadowed members): linear, for
  // messages.
  uint32_t child_at(uint32_t container, uint32_t i) const;

  // The first call walks the tape once to find every node's parent (kept in
  // mutable members: a document is not shared between threads).
  std::string pointer(uint32_t n) const;
  std::string pointer(const JsonAt& at) const;
  // Document order: a value sorts at its node, a missing member right after
  // the last node inside its object.
  static uint64_t position(uint32_t node) { return uint64_t{node} << 1; }
  uint64_t position(const JsonAt& at) const {
    return at.missing_key.empty() ? position(at.node)
                                  : position(end(at.node) - 1) | 1;
  }

  // "null", "true", the number as written, "the string \"...\"", "an array",
  // "an object": for "expected X, got Y".
  std::string describe(uint32_t n) const;

  // 1-based line and column (in bytes) of a byte offset of the text.
  struct LineColumn {
    size_t line;
    size_t column;
  };
  LineColumn line_column(size_t offset) const;

 private:
  friend class JsonTapeBuilder;

  std::string_view slice(bool decoded, uint32_t start, uint32_t size) const {
    return decoded ? std::string_view(decoded_).substr(start, size)
                   : text_.substr(start, size);
  }

  void locate() const;

  std::string_view text_;
  std::vector<JsonNode> nodes_;
  std::string decoded_;  // strings and keys that had escapes
  std::vector<std::pair<uint32_t, uint32_t>> long_keys_;  // start, size
  // Built by locate(), for pointers: each node's parent and index there.
  mutable std::vector<uint32_t> parent_;
  mutable std::vector<uint32_t> index_;
};

class JsonChildren {
 public:
  class iterator {
   public:
    iterator(const JsonDocument* doc, uint32_t node, uint32_t left)
        : doc_(doc), node_(node), left_(left) {
      skip_shadowed();
    }
    uint32_t operator*() const { return node_; }
    iterator& operator++() {
      node_ = doc_->next(node_);
      --left_;
      skip_shadowed();
      return *this;
    }
    bool operator!=(const iterator& other) const {
      return left_ != other.left_;
    }

   private:
    void skip_shadowed() {
      while (left_ > 0 && doc_->has(node_, JsonNode::kShadowed)) {
        node_ = doc_->next(node_);
        --left_;
      }
    }
    const JsonDocument* doc_;
    uint32_t node_;
    uint32_t left_;
  };

  JsonChildren(const JsonDocument* doc, uint32_t container)
      : doc_(doc), container_(container) {}
  iterator begin() const {
    return iterator(doc_, container_ + 1, doc_->count(container_));
  }
  iterator end() const { return iterator(doc_, kNoNode, 0); }

 private:
  const JsonDocument* doc_;
  uint32_t container_;
};

inline JsonChildren JsonDocument::children(uint32_t container) const {
  return JsonChildren(this, container);
}

// Whether n >= sizeof(Word) bytes at x and y are equal, as two possibly
// overlapping words: the first and the last.
template <typename Word>
bool same_ends(const char* x, const char* y, size_t n) {
  Word x0, y0, x1, y1;
  std::memcpy(&x0, x, sizeof x0);
  std::memcpy(&y0, y, sizeof y0);
  std::memcpy(&x1, x + n - sizeof x1, sizeof x1);
  std::memcpy(&y1, y + n - sizeof y1, sizeof y1);
  return x0 == y0 && x1 == y1;
}

// Equality for the short keys and names of a manifest: up to 16 bytes are
// compared as words, not by a call to memcmp.
inline bool same_text(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n > 16) return std::memcmp(x, y, n) == 0;
  if (n >= 8) return same_ends<uint64_t>(x, y, n);
  if (n >= 4) return same_ends<uint32_t>(x, y, n);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

// "~" and "/" escaped as RFC 6901 requires.
std::string json_pointer_token(std::string_view key);

// Printable ASCII for arbitrary bytes: control characters, non-ASCII and
// invalid UTF-8 become \xHH, so a message quoting input can be logged or
// embedded in JSON without a further error. At most `max_bytes` input bytes are
// kept; a longer input ends in "...".
std::string printable_excerpt(std::string_view bytes, size_t max_bytes = 64);

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_JSON_DOCUMENT_H
