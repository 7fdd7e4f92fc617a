// SAX handler that assembles an ordered_json document under limits. nlohmann's
// own parser is iterative, but its DOM callbacks can neither see duplicate keys
// with their location nor stop at a depth or size limit without throwing; a
// SAX handler can do both by returning false.
#include "bounded_json.h"

#include <charconv>
#include <limits>
#include <map>
#include <utility>

namespace taskc::abi {
namespace {

using Json = nlohmann::ordered_json;
using ObjectStorage = Json::object_t;
// ordered_map is a vector of pairs whose insert searches linearly for the key;
// appending through the vector base keeps hostile objects with millions of
// keys linear, with duplicates found by the frame's own key index.
using MemberVector = std::vector<ObjectStorage::value_type>;

uint32_t clamp_index(size_t index) {
  return index > std::numeric_limits<uint32_t>::max()
             ? std::numeric_limits<uint32_t>::max()
             : static_cast<uint32_t>(index);
}

class BoundedDomBuilder {
 public:
  BoundedDomBuilder(JsonReadResult& result, const JsonReadLimits& limits)
      : result_(result), limits_(limits) {}

  bool null() { return store(Json(nullptr)); }
  bool boolean(bool value) { return store(Json(value)); }
  bool number_integer(Json::number_integer_t value) {
    return store(Json(value));
  }
  bool number_unsigned(Json::number_unsigned_t value) {
    return store(Json(value));
  }
  bool number_float(Json::number_float_t value, const Json::string_t&) {
    return store(Json(value));
  }
  bool string(Json::string_t& value) { return store(Json(std::move(value))); }
  bool binary(Json::binary_t&) {
    // Only the binary formats (CBOR, ...) produce this; JSON text never does.
    fail("binary values are not JSON");
    return false;
  }

  bool start_object(size_t) {
    if (!open(Json::object())) return false;
    // Members are pair<const string, json>, whose move may throw, so a
    // growing member vector copies every member so far, subtrees and all;
    // room for the keys of any manifest object avoids that.
    static_cast<MemberVector&>(
        frames_.back().container->get_ref<ObjectStorage&>()).reserve(12);
    return true;
  }
  bool start_array(size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(Json::string_t& key) {
    Frame& frame = frames_.back();
    auto& members =
        static_cast<MemberVector&>(frame.container->get_ref<ObjectStorage&>());
    const size_t seen = find_member(frame, members, key);
    frame.child_open = true;
    if (seen == members.size()) {
      frame.child_order = clamp_index(members.size());
      if (!frame.key_index.empty()) frame.key_index.emplace(key, members.size());
      members.emplace_back(std::move(key), nullptr);
      frame.pending_slot = &members.back().second;
    } else {
      // The later value replaces the earlier one, as in nlohmann::json, so the
      // rest of the document can still be checked; the duplicate is an error.
      frame.child_order = clamp_index(seen);
      frame.pending_slot = &members[seen].second;
      report(current_location(),
             "duplicate key \"" + printable_excerpt(members[seen].first) + "\"");
    }
    return true;
  }

  bool parse_error(size_t, const std::string&, const Json::exception& error) {
    fail(describe_parse_error(error.what()));
    return false;
  }

 private:
  struct Frame {
    Json* container;
    uint32_t child_order = 0;      // index of the child being read
    bool child_open = false;       // a child value has started but not finished
    Json* pending_slot = nullptr;  // object member awaiting its value
    // Objects with many keys only (see find_member); ordered: no hash
    // flooding.
    std::map<std::string, size_t> key_index;
  };

  // Objects up to this many members are searched directly: manifest
  // objects have a handful of keys, and a map costs an allocation per key.
  static constexpr size_t kLinearKeys = 16;

  // Index of the member named `key`, or members.size().
  static size_t find_member(Frame& frame, const MemberVector& members,
                            const std::string& key) {
    if (members.size() < kLinearKeys) {
      for (size_t i = 0; i < members.size(); ++i) {
        if (members[i].first == key) return i;
      }
      return members.size();
    }
    if (frame.key_index.empty()) {  // crossing the limit: index what is there
      for (size_t i = 0; i < members.size(); ++i) {
        frame.key_index.emplace(members[i].first, i);
      }
    }
    auto found = frame.key_index.find(key);
    return found == frame.key_index.end() ? members.size() : found->second;
  }

  // The pointer token of the child being read in `frame`.
  static std::string child_token(const Frame& frame) {
    if (frame.container->is_array()) return std::to_string(frame.child_order);
    const auto& members = static_cast<const MemberVector&>(
        frame.container->get_ref<const ObjectStorage&>());
    return frame.child_order < members.size()
               ? json_pointer_token(members[frame.child_order].first)
               : std::string();
  }

  // Where the next value goes; nullptr when it cannot go anywhere.
  Json* next_slot() {
    if (frames_.empty()) {
      if (have_root_) return nullptr;  // the parser rejects a second root
      have_root_ = true;
      return &result_.document;
    }
    Frame& frame = frames_.back();
    if (frame.container->is_array()) {
      auto& elements = frame.container->get_ref<Json::array_t&>();
      frame.child_order = clamp_index(elements.size());
      frame.child_open = true;
      elements.emplace_back();
      return &elements.back();
    }
    Json* slot = frame.pending_slot;
    frame.pending_slot = nullptr;
    return slot;
  }

  bool count_value() {
    if (++value_count_ <= limits_.max_values) return true;
    fail("more than " + std::to_string(limits_.max_values) +
         " JSON values; a manifest is far smaller");
    return false;
  }

  void finish_child() {
    if (!frames_.empty()) frames_.back().child_open = false;
  }

  bool store(Json value) {
    if (!count_value()) return false;
    Json* slot = next_slot();
    if (slot == nullptr) {
      fail("value without a place in the document");
      return false;
    }
    *slot = std::move(value);
    finish_child();
    return true;
  }

  bool open(Json empty_container) {
    if (!count_value()) return false;
    if (frames_.size() >= limits_.max_depth) {
      fail("nesting deeper than " + std::to_string(limits_.max_depth) +
           " levels");
      return false;
    }
    Json* slot = next_slot();
    if (slot == nullptr) {
      fail("value without a place in the document");
      return false;
    }
    *slot = std::move(empty_container);
    frames_.push_back(Frame{slot, 0, false, nullptr, {}});
    return true;
  }

  bool close() {
    if (frames_.empty()) {
      fail("unbalanced end of a container");
      return false;
    }
    frames_.pop_back();
    finish_child();
    return true;
  }

  JsonLocation current_location() const {
    JsonLocation location;
    for (const Frame& frame : frames_) {
      if (!frame.child_open) break;
      location.pointer += '/';
      location.pointer += child_token(frame);
      location.order.push_back(frame.child_order);
    }
    return location;
  }

  void report(JsonLocation location, std::string message) {
    if (result_.problems.size() < limits_.max_problems) {
      result_.problems.push_back({std::move(location), std::move(message)});
    } else {
      ++result_.unlisted_problems;
    }
  }

  // A fatal problem is always listed: it is the reason the text is unusable.
  void fail(std::string message) {
    result_.complete = false;
    result_.problems.push_back({current_location(), std::move(message)});
  }

  // nlohmann's messages start with "[json.exception.parse_error.101] " and
  // may quote raw input bytes; keep the human part, made printable.
  static std::string describe_parse_error(std::string_view what) {
    if (!what.empty() && what.front() == '[') {
      size_t end = what.find("] ");
      if (end != std::string_view::npos) what.remove_prefix(end + 2);
    }
    return printable_excerpt(what, 512);
  }

  JsonReadResult& result_;
  const JsonReadLimits& limits_;
  std::vector<Frame> frames_;
  size_t value_count_ = 0;
  bool have_root_ = false;
};

}  // namespace

namespace {

// One more step below `parent`, built with one allocation per member (the
// reader makes a location for every value it reads).
JsonLocation child_location(const JsonLocation& parent, std::string_view token,
                            uint32_t order) {
  JsonLocation child;
  child.pointer.reserve(parent.pointer.size() + 1 + token.size());
  child.pointer.append(parent.pointer).append(1, '/').append(token);
  child.order.reserve(parent.order.size() + 1);
  child.order.assign(parent.order.begin(), parent.order.end());
  child.order.push_back(order);
  return child;
}

bool needs_escape(std::string_view key) {
  return key.find_first_of("~/") != std::string_view::npos;
}

}  // namespace

JsonLocation JsonLocation::member(std::string_view key, size_t index) const {
  return child_location(*this,
                        needs_escape(key) ? json_pointer_token(key) : key,
                        clamp_index(index));
}

JsonLocation JsonLocation::element(size_t index) const {
  char digits[24];
  const char* end = std::to_chars(digits, digits + sizeof digits, index).ptr;
  return child_location(*this, std::string_view(digits, static_cast<size_t>(end - digits)),
                        clamp_index(index));
}

JsonLocation JsonLocation::end_of(std::string_view missing_key) const {
  return child_location(
      *this, needs_escape(missing_key) ? json_pointer_token(missing_key) : missing_key,
      std::numeric_limits<uint32_t>::max());
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

JsonReadResult read_json_bounded(std::string_view text,
                                 const JsonReadLimits& limits) {
  JsonReadResult result;
  try {
    BoundedDomBuilder builder(result, limits);
    result.complete = Json::sax_parse(text.begin(), text.end(), &builder,
                                      Json::input_format_t::json,
                                      /*strict=*/true,
                                      /*ignore_comments=*/false);
    if (!result.complete && result.problems.empty()) {
      result.problems.push_back({{}, "the JSON text could not be read"});
    }
  } catch (const std::bad_alloc&) {
    result.complete = false;
    result.problems.push_back(
        {{}, "out of memory while reading the JSON text"});
  } catch (const std::exception& error) {
    result.complete = false;
    result.problems.push_back(
        {{},
         "cannot read the JSON text: " + printable_excerpt(error.what(), 512)});
  }
  if (!result.complete) result.document = nullptr;
  return result;
}

}  // namespace taskc::abi
