// Writes a command's outputs the way build systems need: all computed in
// memory first, unchanged files left alone (their mtime too), every changed
// file staged before any is replaced, and the depfile written last.
#ifndef TASKC_CLI_OUTPUT_WRITER_H
#define TASKC_CLI_OUTPUT_WRITER_H

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "depfile.h"
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
  // Files read (the depfile's prerequisites); no output may be one of them.
  std::vector<std::string> prerequisites;
};

// Exit 3 (with "taskc: error: directory 'DIR' does not exist" or why it is
// not usable) unless `directory` is an existing directory; else 0.
int check_output_directory(Disk& disk, const std::string& directory,
                           std::ostream& err);

// Checks, before anything is computed or written, that each output path
// ('-' is skipped) can be written: its directory exists, it is not a
// directory itself, and its name fits the file system. Returns 0 or 3.
int check_output_locations(Disk& disk, const std::vector<std::string>& paths,
                           std::ostream& err);

// Returns the exit code: 0, 1 (--verify found stale outputs, listed on
// `err`), 2 (an output is an input or another output, or a path Make cannot
// express) or 3 (I/O error; nothing replaced).
int write_outputs(Disk& disk, const std::vector<PlannedOutput>& outputs,
                  const OutputOptions& options, std::ostream& err);

}  // namespace taskc

#endif  // TASKC_CLI_OUTPUT_WRITER_H
