// Diagnostics: what every pass reports through, and how it is shown.
//
// Passes call DiagnosticSink::error / warning with a stable code; the sink
// applies -W flags, and renders in source order so the output does not depend
// on which pass found what first. The sink keeps a bounded number of
// diagnostics, so a flood of errors costs no more memory than a few.
#ifndef TASKC_COMPILER_DIAGNOSTICS_H
#define TASKC_COMPILER_DIAGNOSTICS_H

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnostic_codes.h"
#include "source.h"

namespace taskc {

enum class Severity { kError, kWarning, kNote };

struct DiagnosticNote {
  std::optional<Span> span;  // no span: a note about the whole file
  std::string message;
};

// A proposed edit: replace `span` (empty: insert at its begin) with
// `replacement`, as in "insert ';' here".
struct FixIt {
  Span span;
  std::string replacement;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  // "E0502" for errors; the warning name ("unused-kernel") for warnings.
  std::string code;
  bool promoted_warning = false;  // a warning turned into an error by -Werror
  std::string message;
  Span span;
  std::vector<DiagnosticNote> notes;
  std::optional<FixIt> fixit;
};

// Which warnings are on and whether they are errors (-W<name>, -Wno-<name>,
// -Werror).
struct WarningPolicy {
  bool all_errors = false;                 // -Werror
  std::map<Warning, bool> enabled;         // absent: the table's default

  bool is_enabled(Warning w) const;
  // Applies one "-W..." flag body ("unused-kernel", "no-unused-kernel",
  // "error"). Returns false for an unknown warning name.
  bool apply_flag(const std::string& body);
};

// The names of the warnings taskc knows (diagnostic_codes.h), for -W
// validation and messages.
const std::vector<std::string>& known_warnings();

class DiagnosticSink {
 public:
  // The sink keeps the first kMaxKept diagnostics in source order (after
  // removing repeats) and only counts the others: more than any reader
  // looks at, and a bound on memory whatever the input.
  static constexpr size_t kMaxKept = 10000;

  explicit DiagnosticSink(WarningPolicy policy = {});

  void error(ErrorCode code, Span span, std::string message,
             std::vector<DiagnosticNote> notes = {},
             std::optional<FixIt> fixit = std::nullopt);
  void warning(Warning warning, Span span, std::string message,
               std::vector<DiagnosticNote> notes = {});

  // Every error reported, kept or not.
  size_t error_count() const { return error_count_; }
  bool has_errors() const { return error_count_ > 0; }

  // The kept diagnostics in source order (stable), duplicates removed.
  std::vector<Diagnostic> sorted() const;
  // Errors (including promoted warnings) and warnings past the kMaxKept
  // kept ones, for RenderOptions. An error reported twice at one place is
  // counted once while kept, but twice if both reports fall past the cut.
  size_t unkept_errors() const;
  size_t unkept_warnings() const;

 private:
  void add(Diagnostic d);
  // Sorts, removes repeats, and cuts the list to kMaxKept, counting what it
  // cuts. Logically const: it changes how the kept list is stored, not what
  // sorted() and the counts report.
  void compact() const;

  WarningPolicy policy_;
  size_t error_count_ = 0;
  // At most 2 * kMaxKept, compacted when full (amortized O(log kMaxKept)
  // per diagnostic).
  mutable std::vector<Diagnostic> kept_;
  mutable size_t unkept_errors_ = 0;
  mutable size_t unkept_warnings_ = 0;
  // Once a compaction has cut the list: the position of the last kept
  // diagnostic. A diagnostic after it is counted at once, never stored.
  mutable std::optional<Pos> cut_;
};

struct RenderOptions {
  bool color = false;
  size_t max_errors = 20;  // 0: all the sink kept
  // What the sink counted but did not keep (DiagnosticSink::unkept_errors()
  // and unkept_warnings()), reported in the final note.
  size_t unkept_errors = 0;
  size_t unkept_warnings = 0;
};

// "file:line:col: error: message [CODE]", the source line, a caret line
// (and under it a fix-it's replacement when it starts at the caret), then
// notes. Stops after max_errors errors with a line saying how many were left
// (with the unkept ones).
std::string render_text(const std::vector<Diagnostic>& diagnostics,
                        const SourceFile& file, const RenderOptions& options);

// One JSON object per line: severity, code, message, file, line, column,
// end_line, end_column, notes, fixits.
std::string render_json(const std::vector<Diagnostic>& diagnostics,
                        const SourceFile& file, const RenderOptions& options);

// A copy of `text` that is safe to print on one terminal line: control bytes
// and invalid UTF-8 become '?'.
std::string printable(std::string_view text);

}  // namespace taskc

#endif  // TASKC_COMPILER_DIAGNOSTICS_H
