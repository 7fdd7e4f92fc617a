// Typed access to a parsed JSON document for validators that report every
// problem at its JSON pointer and carry on: members looked up against the
// keys a schema allows, values read as integers in a range, identifiers,
// enumerations. Each reader returns nullopt after reporting, never throws.
#ifndef TASKC_RUNTIME_ABI_JSON_FIELDS_H
#define TASKC_RUNTIME_ABI_JSON_FIELDS_H

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bounded_json.h"

namespace taskc::abi {

// Collects problems up to a limit and counts the rest.
class ProblemSink {
 public:
  explicit ProblemSink(size_t max_listed) : max_listed_(max_listed) {}

  void add(const JsonLocation& at, std::string message);

  std::vector<JsonProblem>& listed() { return listed_; }
  size_t unlisted() const { return unlisted_; }
  bool empty() const { return listed_.empty() && unlisted_ == 0; }

 private:
  size_t max_listed_;
  std::vector<JsonProblem> listed_;
  size_t unlisted_ = 0;
};

// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view text);
// Input text for a message: quoted, escaped, shortened (printable_excerpt).
std::string in_quotes(std::string_view text);
// A short description for "expected X, got Y": the value itself for scalars,
// "an array" / "an object" for containers.
std::string describe_json_value(const nlohmann::ordered_json& value);

// A member looked up in an object: its value (nullptr when absent) and where
// it is, or where it would be.
struct JsonField {
  const nlohmann::ordered_json* value = nullptr;
  JsonLocation at;
  explicit operator bool() const { return value != nullptr; }
};

// The members of one object, checked against the keys its schema allows:
// constructing it reports a non-object and every unknown key.
class ObjectFields {
 public:
  ObjectFields(ProblemSink& problems, const nlohmann::ordered_json& object,
               const JsonLocation& at,
               std::initializer_list<const char*> allowed_keys);

  bool is_object() const { return is_object_; }
  // Reports the key as missing (at the key's would-be pointer) when absent.
  JsonField required(std::string_view key);
  // The member if present, without a report when absent.
  JsonField present(std::string_view key);

 private:
  // An allowed key and, when present, its value and member index (its
  // location is built only when the field is asked for).
  struct Slot {
    std::string_view key;
    const nlohmann::ordered_json* value = nullptr;
    size_t index = 0;
  };
  Slot* find(std::string_view key);

  ProblemSink& problems_;
  JsonLocation at_;
  bool is_object_;
  std::vector<Slot> slots_;
};

class JsonValueReader {
 public:
  explicit JsonValueReader(ProblemSink& problems) : problems_(problems) {}

  // A JSON integer (not 1.0) within [min, max].
  std::optional<int64_t> integer(const JsonField& f, int64_t min, int64_t max);
  std::optional<uint32_t> count(const JsonField& f, uint32_t max);
  std::optional<bool> boolean(const JsonField& f);
  // A non-empty string.
  std::optional<std::string> text(const JsonField& f);
  std::optional<std::string> identifier(const JsonField& f);
  // One of `allowed`, exactly; `what` names the value in the message.
  std::optional<std::string> one_of(
      const JsonField& f, const std::vector<std::string_view>& allowed,
      const char* what);
  const nlohmann::ordered_json::array_t* array(const JsonField& f);

 protected:
  void error(const JsonLocation& at, std::string message) {
    problems_.add(at, std::move(message));
  }

  ProblemSink& problems_;
};

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_JSON_FIELDS_H
