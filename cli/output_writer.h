// Writes a command's outputs the way build systems need: all computed in
// memory first, unchanged files left alone (their mtime too), every changed
// file staged before any is replaced, and the depfile written last.
#ifndef TASKC_CLI_OUTPUT_WRITER_H
#define TASKC_CLI_OUTPUT_WRITER_H

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "disk.h"

namespace taskc {

struct PlannedOutput {
  std::string path;
  std::string contents;
};

struct OutputOptions {
  bool always_write = false;  // rewrite even identical files
  bool verify = false;        // write nothing; report stale outputs
  std::optional<std::string> depfile;
  std::vector<std::string> prerequisites;  // files read, for the depfile
};

// A Make rule "targets: prerequisites" with spaces, '#' and '$' escaped;
// nullopt (with `error` set) when a path cannot be written in Make syntax.
std::optional<std::string> make_depfile(const std::vector<std::string>& targets,
                                        const std::vector<std::string>& prerequisites,
                                        std::string* error);

// Returns the exit code: 0, 1 (--verify found stale outputs, listed on
// `err`), 2 (a path Make cannot express) or 3 (I/O error; nothing replaced).
int write_outputs(Disk& disk, const std::vector<PlannedOutput>& outputs,
                  const OutputOptions& options, std::ostream& err);

}  // namespace taskc

#endif  // TASKC_CLI_OUTPUT_WRITER_H
