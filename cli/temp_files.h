// The temporary files that outputs are staged in: how they are named, and
// which ones a killed run left behind and may be removed.
//
// A temporary file of output NAME is ".NAME'.taskc-tmp-PID-XXXXXX" in NAME's
// directory: NAME' is NAME, shortened (at a UTF-8 character boundary) when
// the whole would exceed the directory's name limit, so that a temporary
// name always fits where NAME fits; PID is the process that made it. Before
// staging NAME, taskc removes those temporary files of NAME that are stale:
//   * regular files (not links) owned by the effective user,
//   * last modified more than kStaleMinutes ago,
//   * whose PID is not a running process on this machine (names without a
//     PID, ".NAME.taskc-tmp-XXXXXX", were written by earlier taskc builds).
#ifndef TASKC_CLI_TEMP_FILES_H
#define TASKC_CLI_TEMP_FILES_H

#include <cstddef>
#include <ctime>
#include <map>
#include <string>
#include <vector>

namespace taskc {

constexpr int kStaleMinutes = 10;
constexpr const char* kTempMarker = ".taskc-tmp-";

// The mkstemp() template (ending in "XXXXXX") of a temporary file for
// output `base`, at most `name_max` bytes long.
std::string temp_name_template(const std::string& base, size_t name_max,
                               long pid);

// Whether directory entry `entry` is a temporary file of output `base` in
// either form; `pid` gets its PID, or 0 for the old form without one.
bool is_temp_name_of(const std::string& entry, const std::string& base,
                     size_t name_max, long* pid);

// Removes stale temporary files (rules above, with `now` as the current
// time). Each directory is listed once per process, so that writing many
// outputs into one directory stays linear; files that appear later are
// this process's own.
class StaleTemporaries {
 public:
  // Removes those of output `base` in `directory`; returns how many.
  // Failures are ignored: a leftover is harmless.
  int remove(const std::string& directory, const std::string& base, size_t name_max,
             std::time_t now);

 private:
  // Per directory, the names that contain kTempMarker.
  std::map<std::string, std::vector<std::string>> listings_;
};

}  // namespace taskc

#endif  // TASKC_CLI_TEMP_FILES_H
