// Typed JSON access with problem reports; see json_fields.h.
#include "json_fields.h"

#include <cstring>
#include <limits>

namespace taskc::abi {

void ProblemSink::add(const JsonAt& at, std::string message) {
  if (listed_.size() < max_listed_) {
    listed_.push_back(
        {document_.pointer(at), document_.position(at), std::move(message)});
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

uint32_t FirstSeen::record(std::string_view name, uint32_t node) {
  if (many_.empty()) {
    for (size_t i = 0; i < few_count_; ++i) {
      if (same_text(few_[i].first, name)) return few_[i].second;
    }
    if (few_count_ < kLinear) {
      few_[few_count_++] = {name, node};
      return kNoNode;
    }
    many_.insert(few_.begin(), few_.end());  // from now on, the map only
  }
  auto [found, inserted] = many_.emplace(name, node);
  return inserted ? kNoNode : found->second;
}

ObjectFields::ObjectFields(ProblemSink& problems, const JsonDocument& document,
                           uint32_t object,
                           std::initializer_list<std::string_view> allowed_keys)
    : problems_(problems),
      object_(object),
      is_object_(document.kind(object) == JsonKind::kObject) {
  if (!is_object_) {
    problems_.add(JsonAt{object},
                  "expected an object, got " + document.describe(object));
    return;
  }
  for (std::string_view key : allowed_keys) {
    if (slot_count_ == kMaxKeys) break;  // a schema bug; kept out of bounds
    slots_[slot_count_++] = Slot{key, kNoNode};
  }
  // Members usually come in the order of the allowed keys (taskc writes
  // them so): each search starts after the last key found.
  size_t next = 0;
  for (uint32_t member : document.children(object)) {
    std::string_view key = document.key(member);
    Slot* slot = find_by_text(key, next);
    if (slot != nullptr) next = static_cast<size_t>(slot - slots_.data()) + 1;
    if (slot == nullptr) {
      problems_.add(JsonAt{member}, "unknown key " + in_quotes(key));
    } else {
      slot->node = member;
    }
  }
}

JsonField ObjectFields::required(std::string_view key) {
  JsonField field = present(key);
  if (is_object_ && !field) problems_.add(field.at, "required key is missing");
  return field;
}

JsonField ObjectFields::present(std::string_view key) {
  Slot* slot = find(key);
  if (slot != nullptr && slot->node != kNoNode) return JsonField::of(slot->node);
  return JsonField{kNoNode, JsonAt{object_, key}};
}

ObjectFields::Slot* ObjectFields::find(std::string_view key) {
  // required() and present() name a key by the same literal as the allowed
  // list, which the compiler stores once.
  for (size_t i = 0; i < slot_count_; ++i) {
    if (key.data() == slots_[i].key.data() && key.size() == slots_[i].key.size()) {
      return &slots_[i];
    }
  }
  return find_by_text(key, 0);
}

ObjectFields::Slot* ObjectFields::find_by_text(std::string_view key,
                                               size_t first) {
  size_t i = first < slot_count_ ? first : 0;
  for (size_t k = 0; k < slot_count_; ++k) {
    if (same_text(key, slots_[i].key)) return &slots_[i];
    i = i + 1 == slot_count_ ? 0 : i + 1;
  }
  return nullptr;
}

std::optional<int64_t> JsonValueReader::integer(const JsonField& f, int64_t min,
                                                int64_t max) {
  if (doc_.kind(f.node) != JsonKind::kInteger) {
    error(f.at, "expected an integer, got " + doc_.describe(f.node));
    return std::nullopt;
  }
  int64_t value = 0;
  if (!doc_.as_int64(f.node, &value) || value < min || value > max) {
    error(f.at, doc_.describe(f.node) + " is out of range " +
                    std::to_string(min) + ".." + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<uint32_t> JsonValueReader::count(const JsonField& f,
                                               uint32_t max) {
  auto value = integer(f, 0, max);
  if (!value) return std::nullopt;
  return static_cast<uint32_t>(*value);
}

std::optional<bool> JsonValueReader::boolean(const JsonField& f) {
  JsonKind kind = doc_.kind(f.node);
  if (kind != JsonKind::kTrue && kind != JsonKind::kFalse) {
    error(f.at, "expected true or false, got " + doc_.describe(f.node));
    return std::nullopt;
  }
  return kind == JsonKind::kTrue;
}

std::optional<std::string_view> JsonValueReader::text(const JsonField& f) {
  if (doc_.kind(f.node) != JsonKind::kString) {
    error(f.at, "expected a string, got " + doc_.describe(f.node));
    return std::nullopt;
  }
  std::string_view value = doc_.string(f.node);
  if (value.empty()) {
    error(f.at, "must not be empty");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string_view> JsonValueReader::identifier(
    const JsonField& f) {
  auto value = text(f);
  if (value && !is_identifier(*value)) {
    error(f.at,
          in_quotes(*value) + " is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string_view> JsonValueReader::one_of(
    const JsonField& f, const std::string_view* first,
    const std::string_view* last, const char* what) {
  if (doc_.kind(f.node) != JsonKind::kString) {
    error(f.at, "expected a string, got " + doc_.describe(f.node));
    return std::nullopt;
  }
  std::string_view value = doc_.string(f.node);
  for (const std::string_view* option = first; option != last; ++option) {
    if (same_text(value, *option)) return value;
  }
  std::string expected;
  for (const std::string_view* option = first; option != last; ++option) {
    expected += expected.empty() ? "" : ", ";
    expected += *option;
  }
  error(f.at, std::string("unknown ") + what + " " + in_quotes(value) +
                  " (expected " + expected + ")");
  return std::nullopt;
}

bool JsonValueReader::array(const JsonField& f) {
  if (doc_.kind(f.node) != JsonKind::kArray) {
    error(f.at, "expected an array, got " + doc_.describe(f.node));
    return false;
  }
  return true;
}

}  // namespace taskc::abi
