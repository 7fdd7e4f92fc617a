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
#include "json_nlohmann.h"

namespace taskc::abi::oracle {

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
