// A JSON reader for untrusted text: strict RFC 8259 (a UTF-8 byte order mark
// at the start is skipped; nothing but whitespace may follow the value), never
// throws, bounds nesting depth and value count, and reports duplicate object
// keys instead of silently keeping one of them. It reads into a JsonDocument
// tape in one pass; problems carry the JSON pointer where reading stopped and
// syntax errors a line and column, all computed only when they happen.
#ifndef TASKC_RUNTIME_ABI_BOUNDED_JSON_H
#define TASKC_RUNTIME_ABI_BOUNDED_JSON_H

#include <cstddef>
#include <string_view>
#include <vector>

#include "json_document.h"

namespace taskc::abi {

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
  // Points into the text that was read, which must outlive it.
  JsonDocument document;
  // False when the text was not read to its end (syntax error or a limit);
  // `document` is then partial and must not be interpreted.
  bool complete = false;
  std::vector<JsonProblem> problems;
  size_t unlisted_problems = 0;
};

JsonReadResult read_json_bounded(
    std::string_view text, const JsonReadLimits& limits = JsonReadLimits{});

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_BOUNDED_JSON_H
