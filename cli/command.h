// What every taskc subcommand shares: input reading, diagnostic options and
// the exit codes of cli.md.
#ifndef TASKC_CLI_COMMAND_H
#define TASKC_CLI_COMMAND_H

#include <CLI/CLI.hpp>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "frontend.h"

namespace taskc {

enum ExitCode : int {
  kExitOk = 0,
  kExitInputErrors = 1,  // errors in the input, promoted warnings, stale outputs
  kExitUsage = 2,
  kExitIo = 3,
  kExitInternal = 4,
};

// Where a command runs: its disk and its standard streams (tests swap them).
struct CommandEnv {
  Disk& disk;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool stderr_is_tty = false;
  const char* no_color = nullptr;  // $NO_COLOR
  const char* term = nullptr;      // $TERM
};

struct DiagnosticOptions {
  std::vector<std::string> warning_flags;  // bodies of -W<...>, in order
  size_t max_errors = 20;
  std::string format = "text";
  std::string color = "auto";
  int verbose = 0;
  bool quiet = false;
  size_t max_input_size = 64u << 20;  // bytes

  void add_to(CLI::App& app);
  // Turns the -W flags into a policy; false (with a message on env.err)
  // for an unknown warning name.
  bool policy(WarningPolicy* out, const CommandEnv& env) const;
  bool use_color(const CommandEnv& env) const;
};

// A subcommand: set up by register_*, run after parsing succeeded.
using CommandRunner = std::function<int(CommandEnv&)>;

void register_check(CLI::App& app, CommandRunner* selected);
void register_fmt(CLI::App& app, CommandRunner* selected);
void register_compile(CLI::App& app, CommandRunner* selected);
void register_manifest(CLI::App& app, CommandRunner* selected);
void register_graph(CLI::App& app, CommandRunner* selected);
void register_run(CLI::App& app, CommandRunner* selected);
void register_dump(CLI::App& app, CommandRunner* selected);

// Reads `path` ("-" is standard input, named "<stdin>"). On failure prints
// "taskc: error: ..." and returns nullptr; `exit_code` gets 3 (I/O) or 1.
std::unique_ptr<SourceFile> read_source(const std::string& path,
                                        const DiagnosticOptions& options,
                                        CommandEnv& env, int* exit_code);

// Prints the result's diagnostics per the options (text or JSON lines).
void print_diagnostics(const FrontendResult& result,
                       const DiagnosticOptions& options, CommandEnv& env);

// Prints one diagnostic about `file` (made outside the front end) per the
// options.
void print_diagnostic(const Diagnostic& diagnostic, const SourceFile& file,
                      const DiagnosticOptions& options, CommandEnv& env);

// The exit code for a front-end result: 1 when it has errors.
int frontend_exit_code(const FrontendResult& result);

// Runs the taskc command line; the binary's main() is a thin wrapper.
int run_taskc(int argc, const char* const* argv, CommandEnv& env);

}  // namespace taskc

#endif  // TASKC_CLI_COMMAND_H
