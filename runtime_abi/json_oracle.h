// A second opinion on the bounded JSON reader, for tests and the manifest
// fuzzer: nlohmann::json reads the same text, and the two must agree on
// whether it is JSON and, when it is, on every value. Header-only, not
// installed.
//
// Where the two differ by design, the text is not compared: nlohmann stops at
// a NUL byte (the bug this reader fixes) and has no depth or size limits.
#ifndef TASKC_RUNTIME_ABI_JSON_ORACLE_H
#define TASKC_RUNTIME_ABI_JSON_ORACLE_H

#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bounded_json.h"

namespace taskc::abi::oracle {

// The tape's value at `n` as nlohmann::json (last duplicate key wins, as in
// nlohmann). Numbers: integers exactly, others as the double of their text.
inline nlohmann::json to_nlohmann(const JsonDocument& doc, uint32_t n) {
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
      nlohmann::json array = nlohmann::json::array();
      for (uint32_t child : doc.children(n)) {
        array.push_back(to_nlohmann(doc, child));
      }
      return array;
    }
    case JsonKind::kObject: {
      nlohmann::json object = nlohmann::json::object();
      for (uint32_t child : doc.children(n)) {
        object[std::string(doc.key(child))] = to_nlohmann(doc, child);
      }
      return object;
    }
  }
  return nullptr;
}

// Whether nlohmann's verdict can be compared for `text` (see above).
inline bool comparable(std::string_view text, const JsonReadResult& read) {
  if (text.find('\0') != std::string_view::npos) return false;
  for (const JsonProblem& problem : read.problems) {
    if (problem.message.rfind("nesting deeper", 0) == 0 ||
        problem.message.rfind("more than ", 0) == 0) {
      return false;
    }
  }
  return true;
}

// Empty when the reader and nlohmann agree on `text`, else what differs.
inline std::string disagreement(std::string_view text,
                                const JsonReadResult& read) {
  if (!comparable(text, read)) return {};
  nlohmann::json expected;
  bool accepted = true;
  try {
    expected = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception&) {
    accepted = false;
  }
  if (accepted != read.complete) {
    return std::string("nlohmann ") + (accepted ? "accepts" : "refuses") +
           " the text, the reader " + (read.complete ? "accepts" : "refuses") +
           " it" +
           (read.problems.empty() ? "" : ": " + read.problems.back().message);
  }
  if (!accepted) return {};
  nlohmann::json got = to_nlohmann(read.document, read.document.root());
  if (got != expected) {
    return "values differ: reader " + got.dump() + ", nlohmann " +
           expected.dump();
  }
  return {};
}

}  // namespace taskc::abi::oracle

#endif  // TASKC_RUNTIME_ABI_JSON_ORACLE_H
