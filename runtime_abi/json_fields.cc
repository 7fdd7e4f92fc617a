// Typed JSON access with problem reports; see json_fields.h.
#include "json_fields.h"

#include <limits>

namespace taskc::abi {

using Json = nlohmann::ordered_json;

void ProblemSink::add(const JsonLocation& at, std::string message) {
  if (listed_.size() < max_listed_) {
    listed_.push_back({at, std::move(message)});
  } else {
    ++unlisted_;
  }
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

std::string in_quotes(std::string_view text) {
  return "\"" + printable_excerpt(text) + "\"";
}

std::string describe_json_value(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return value.dump();
    case Json::value_t::string:
      return "the string " + in_quotes(value.get_ref<const std::string&>());
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "a non-JSON value";
  }
}

ObjectFields::ObjectFields(ProblemSink& problems, const Json& object,
                           const JsonLocation& at,
                           std::initializer_list<const char*> allowed_keys)
    : problems_(problems), at_(at), is_object_(object.is_object()) {
  if (!is_object_) {
    problems_.add(at, "expected an object, got " + describe_json_value(object));
    return;
  }
  slots_.reserve(allowed_keys.size());
  for (const char* key : allowed_keys) slots_.push_back(Slot{key});
  size_t index = 0;
  for (const auto& [key, value] : object.items()) {
    Slot* slot = find(key);
    if (slot == nullptr) {
      problems_.add(at.member(key, index), "unknown key " + in_quotes(key));
    } else {
      *slot = Slot{slot->key, &value, index};
    }
    ++index;
  }
}

JsonField ObjectFields::required(std::string_view key) {
  JsonField field = present(key);
  if (is_object_ && !field) problems_.add(field.at, "required key is missing");
  return field;
}

JsonField ObjectFields::present(std::string_view key) {
  Slot* slot = find(key);
  if (slot != nullptr && slot->value != nullptr) {
    return JsonField{slot->value, at_.member(slot->key, slot->index)};
  }
  return JsonField{nullptr, at_.end_of(key)};
}

ObjectFields::Slot* ObjectFields::find(std::string_view key) {
  for (Slot& slot : slots_) {
    if (key == slot.key) return &slot;
  }
  return nullptr;
}

std::optional<int64_t> JsonValueReader::integer(const JsonField& f, int64_t min,
                                                int64_t max) {
  const Json& value = *f.value;
  if (!value.is_number_integer()) {
    error(f.at, "expected an integer, got " + describe_json_value(value));
    return std::nullopt;
  }
  // nlohmann stores every non-negative integer as unsigned; only those above
  // INT64_MAX do not fit the signed type.
  bool in_range;
  int64_t result = 0;
  if (value.is_number_unsigned()) {
    auto wide = value.get<uint64_t>();
    in_range =
        wide <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    if (in_range) result = static_cast<int64_t>(wide);
  } else {
    result = value.get<int64_t>();
    in_range = true;
  }
  if (!in_range || result < min || result > max) {
    error(f.at, value.dump() + " is out of range " + std::to_string(min) +
                    ".." + std::to_string(max));
    return std::nullopt;
  }
  return result;
}

std::optional<uint32_t> JsonValueReader::count(const JsonField& f,
                                               uint32_t max) {
  auto value = integer(f, 0, max);
  if (!value) return std::nullopt;
  return static_cast<uint32_t>(*value);
}

std::optional<bool> JsonValueReader::boolean(const JsonField& f) {
  if (!f.value->is_boolean()) {
    error(f.at, "expected true or false, got " + describe_json_value(*f.value));
    return std::nullopt;
  }
  return f.value->get<bool>();
}

std::optional<std::string> JsonValueReader::text(const JsonField& f) {
  if (!f.value->is_string()) {
    error(f.at, "expected a string, got " + describe_json_value(*f.value));
    return std::nullopt;
  }
  const auto& value = f.value->get_ref<const std::string&>();
  if (value.empty()) {
    error(f.at, "must not be empty");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> JsonValueReader::identifier(const JsonField& f) {
  auto value = text(f);
  if (value && !is_identifier(*value)) {
    error(f.at,
          in_quotes(*value) + " is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> JsonValueReader::one_of(
    const JsonField& f, const std::vector<std::string_view>& allowed,
    const char* what) {
  if (!f.value->is_string()) {
    error(f.at, "expected a string, got " + describe_json_value(*f.value));
    return std::nullopt;
  }
  const auto& value = f.value->get_ref<const std::string&>();
  std::string expected;
  for (std::string_view option : allowed) {
    if (value == option) return value;
    expected += expected.empty() ? "" : ", ";
    expected += option;
  }
  error(f.at, std::string("unknown ") + what + " " + in_quotes(value) +
                  " (expected " + expected + ")");
  return std::nullopt;
}

const Json::array_t* JsonValueReader::array(const JsonField& f) {
  if (!f.value->is_array()) {
    error(f.at, "expected an array, got " + describe_json_value(*f.value));
    return nullptr;
  }
  return &f.value->get_ref<const Json::array_t&>();
}

}  // namespace taskc::abi
