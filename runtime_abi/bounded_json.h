// A JSON reader for untrusted text. It builds the same document as
// nlohmann::ordered_json::parse but never throws, bounds nesting depth and
// value count, and reports duplicate object keys instead of silently keeping
// one of them. Each problem carries the JSON pointer it is about.
#ifndef TASKC_RUNTIME_ABI_BOUNDED_JSON_H
#define TASKC_RUNTIME_ABI_BOUNDED_JSON_H

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace taskc::abi {

// Where a value sits in a document: its RFC 6901 pointer ("" is the document
// itself) and, for sorting problems into document order, the index of each
// step within its parent (object members count in order of appearance).
struct JsonLocation {
  std::string pointer;
  std::vector<uint32_t> order;

  JsonLocation member(std::string_view key, size_t index) const;
  JsonLocation element(size_t index) const;
  // Sorts after every member of this location: where a missing key is reported.
  JsonLocation end_of(std::string_view missing_key) const;
};

// "~" and "/" escaped as RFC 6901 requires.
std::string json_pointer_token(std::string_view key);

struct JsonProblem {
  JsonLocation location;
  std::string message;
};

struct JsonReadLimits {
  // Manifests nest 6 levels deep; anything far deeper is hostile or broken.
  size_t max_depth = 64;
  // A manifest at every format limit (1024 kernels x 48 params) has well under
  // one million values; the cap keeps memory bounded for hostile input.
  size_t max_values = 4'000'000;
  // Problems past this many are counted in unlisted_problems, not stored.
  size_t max_problems = 1000;
};

struct JsonReadResult {
  nlohmann::ordered_json document;
  // False when the text was not read to its end (syntax error or a limit);
  // `document` is then partial and must not be interpreted.
  bool complete = false;
  std::vector<JsonProblem> problems;
  size_t unlisted_problems = 0;
};

JsonReadResult read_json_bounded(
    std::string_view text, const JsonReadLimits& limits = JsonReadLimits{});

// Printable ASCII for arbitrary bytes: control characters, non-ASCII and
// invalid UTF-8 become \xHH, so a message quoting input can be logged or
// embedded in JSON without a further error. At most `max_bytes` input bytes are
// kept; a longer input ends in "...".
std::string printable_excerpt(std::string_view bytes, size_t max_bytes = 64);

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_BOUNDED_JSON_H
