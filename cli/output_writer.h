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

// The file standard input reads (Linux names it so), for file identity.
constexpr const char* kStdinPath = "/dev/stdin";

struct OutputOptions {
  bool always_write = false;  // rewrite even identical files
  bool verify = false;        // write nothing; report stale outputs
  std::optional<std::string> depfile;
  // Files read (the depfile's prerequisites); no output may be one of them.
  std::vector<std::string> prerequisites;
  // Other files read, which no output may be either (kStdinPath when the
  // input is '-') but which the depfile does not name.
  std::vector<std::string> other_inputs;
};

// An output must be neither an input nor another output: writing it would
// destroy the input, or keep only one of the two outputs. Returns 0, or 2
// with "taskc: error: the output 'X' is the input file 'Y'; refusing to
// overwrite it" or "the outputs 'X' and 'Y' are the same file".
int check_distinct_outputs(Disk& disk, const std::vector<std::string>& outputs,
                           const std::vector<std::string>& inputs, std::ostream& err);

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
