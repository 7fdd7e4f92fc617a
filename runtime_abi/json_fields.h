// Typed access to a JSON document for validators that report every problem
// at its JSON pointer and carry on: members looked up against the keys a
// schema allows, values read as integers in a range, identifiers,
// enumerations. Each reader returns nullopt after reporting, never throws.
// A place is a node of the document; its pointer is built only for a problem.
#ifndef TASKC_RUNTIME_ABI_JSON_FIELDS_H
#define TASKC_RUNTIME_ABI_JSON_FIELDS_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_document.h"

namespace taskc::abi {

// Collects problems up to a limit and counts the rest.
class ProblemSink {
 public:
  ProblemSink(const JsonDocument& document, size_t max_listed)
      : document_(document), max_listed_(max_listed) {}

  void add(const JsonAt& at, std::string message);

  std::vector<JsonProblem>& listed() { return listed_; }
  size_t unlisted() const { return unlisted_; }
  bool empty() const { return listed_.empty() && unlisted_ == 0; }

 private:
  const JsonDocument& document_;
  size_t max_listed_;
  std::vector<JsonProblem> listed_;
  size_t unlisted_ = 0;
};

// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view text);
// Input text for a message: quoted, escaped, shortened (printable_excerpt).
std::string in_quotes(std::string_view text);

// A member looked up in an object, or an element: its node (kNoNode when
// absent) and where it is, or where it would be.
struct JsonField {
  uint32_t node = kNoNode;
  JsonAt at;
  explicit operator bool() const { return node != kNoNode; }

  static JsonField of(uint32_t node) { return JsonField{node, JsonAt{node}}; }
};

// The first place each name was seen, for "duplicate ... (first at ...)":
// a few names are compared directly, many go into an ordered map (no hash
// flooding).
class FirstSeen {
 public:
  // Records `name` at `node` and returns kNoNode, or returns the node where
  // `name` was recorded first. `name` must outlive this.
  uint32_t record(std::string_view name, uint32_t node);

 private:
  static constexpr size_t kLinear = 16;
  std::array<std::pair<std::string_view, uint32_t>, kLinear> few_;
  size_t few_count_ = 0;
  std::map<std::string_view, uint32_t> many_;
};

// The members of one object, checked against the keys its schema allows:
// constructing it reports a non-object and every unknown key.
class ObjectFields {
 public:
  static constexpr size_t kMaxKeys = 12;

  // The keys are literals (they outlive this and every JsonAt from it).
  ObjectFields(ProblemSink& problems, const JsonDocument& document,
               uint32_t object,
               std::initializer_list<std::string_view> allowed_keys);

  bool is_object() const { return is_object_; }
  // Reports the key as missing (at the key's would-be pointer) when absent.
  JsonField required(std::string_view key);
  // The member if present, without a report when absent.
  JsonField present(std::string_view key);

 private:
  struct Slot {
    std::string_view key;
    uint32_t node = kNoNode;
  };
  Slot* find(std::string_view key);
  // Searches every slot, from `first` on and around.
  Slot* find_by_text(std::string_view key, size_t first);

  ProblemSink& problems_;
  uint32_t object_;
  bool is_object_;
  std::array<Slot, kMaxKeys> slots_;
  size_t slot_count_ = 0;
};

class JsonValueReader {
 public:
  JsonValueReader(const JsonDocument& document, ProblemSink& problems)
      : doc_(document), problems_(problems) {}

  // A JSON integer (not 1.0) within [min, max].
  std::optional<int64_t> integer(const JsonField& f, int64_t min, int64_t max);
  std::optional<uint32_t> count(const JsonField& f, uint32_t max);
  std::optional<bool> boolean(const JsonField& f);
  // A non-empty string.
  std::optional<std::string_view> text(const JsonField& f);
  std::optional<std::string_view> identifier(const JsonField& f);
  // One of `allowed`, exactly; `what` names the value in the message.
  std::optional<std::string_view> one_of(
      const JsonField& f, std::initializer_list<std::string_view> allowed,
      const char* what) {
    return one_of(f, allowed.begin(), allowed.end(), what);
  }
  std::optional<std::string_view> one_of(
      const JsonField& f, const std::vector<std::string_view>& allowed,
      const char* what) {
    return one_of(f, allowed.data(), allowed.data() + allowed.size(), what);
  }
  // True for an array; reports anything else.
  bool array(const JsonField& f);

 protected:
  void error(const JsonAt& at, std::string message) {
    problems_.add(at, std::move(message));
  }

  const JsonDocument& doc_;
  ProblemSink& problems_;

 private:
  std::optional<std::string_view> one_of(const JsonField& f,
                                         const std::string_view* first,
                                         const std::string_view* last,
                                         const char* what);
};

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_JSON_FIELDS_H
