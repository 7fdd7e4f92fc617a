// A JSON tape (json_document.h) as an nlohmann JSON tree, for readers that
// want a tree after the bounded reader checked the text. Header-only.
#ifndef TASKC_RUNTIME_ABI_JSON_NLOHMANN_H
#define TASKC_RUNTIME_ABI_JSON_NLOHMANN_H

#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "json_document.h"

namespace taskc::abi {

// The tape's value at `n` as an nlohmann JSON tree (nlohmann::json or
// nlohmann::ordered_json; the last of duplicate keys wins, as in nlohmann).
// Recursive: for documents read with a bounded depth. Numbers: integers exactly, others as the double of their text.
template <typename Json = nlohmann::json>
Json to_nlohmann(const JsonDocument& doc, uint32_t n) {
  switch (doc.kind(n)) {
    case JsonKind::kNull:
      return nullptr;
    case JsonKind::kFalse:
      return false;
    case JsonKind::kTrue:
      return true;
    case JsonKind::kInteger: {
      int64_t value = 0;
      if (doc.negative(n) && doc.as_int64(n, &value)) return value;
      return doc.magnitude(n);
    }
    case JsonKind::kFloat: {
      std::string_view text = doc.number_text(n);
      double value = 0;
      std::from_chars(text.data(), text.data() + text.size(), value);
      return value;
    }
    case JsonKind::kString:
      return std::string(doc.string(n));
    case JsonKind::kArray: {
      Json array = Json::array();
      for (uint32_t child : doc.children(n)) {
        array.push_back(to_nlohmann<Json>(doc, child));
      }
      return array;
    }
    case JsonKind::kObject: {
      Json object = Json::object();
      for (uint32_t child : doc.children(n)) {
        object[std::string(doc.key(child))] = to_nlohmann<Json>(doc, child);
      }
      return object;
    }
  }
  return nullptr;
}

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_JSON_NLOHMANN_H
