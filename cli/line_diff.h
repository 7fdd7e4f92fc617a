// Line diffs for `taskc fmt --diff`: Myers' O(ND) algorithm in linear space
// (the "middle snake" bisection), and the unified format of diff -u.
//
// The work is bounded: past `work_limit` steps the rest of the input is
// diffed as "delete the old lines, insert the new ones", which is still a
// correct diff, only not a minimal one; hostile inputs cannot make it slow.
#ifndef TASKC_CLI_LINE_DIFF_H
#define TASKC_CLI_LINE_DIFF_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace taskc {

enum class LineOp : uint8_t { kKeep, kDelete, kInsert };

// The lines of `text`, each with its '\n' (the last may lack one).
std::vector<std::string_view> split_lines(std::string_view text);

// An edit script turning `old_lines` into `new_lines`: kKeep consumes one
// line of each, kDelete one old line, kInsert one new line. Minimal (fewest
// deletions + insertions) unless the work limit was reached.
std::vector<LineOp> diff_lines(const std::vector<std::string_view>& old_lines,
                               const std::vector<std::string_view>& new_lines,
                               uint64_t work_limit = uint64_t{200} << 20);

// `diff -u` output ("--- old_label", "+++ new_label", then "@@ -l,s +l,s @@"
// hunks with `context` lines around each change); empty when the texts are
// equal. A last line without '\n' is marked "\ No newline at end of file".
std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         const std::string& old_label,
                         const std::string& new_label, size_t context = 3);

}  // namespace taskc

#endif  // TASKC_CLI_LINE_DIFF_H
