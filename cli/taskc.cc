#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <new>
#include <ostream>

#include "command.h"
#include "edit_distance.h"
#include "taskc_version.h"

namespace taskc {

namespace {

// Log lines: "taskc: info: ...", never timestamps; off under -q.
void setup_logging(std::ostream& err, int verbose, bool quiet) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err, true);
  auto logger = std::make_shared<spdlog::logger>("taskc", sink);
  logger->set_pattern("taskc: %l: %v");
  logger->set_level(quiet          ? spdlog::level::off
                    : verbose >= 2 ? spdlog::level::debug
                    : verbose == 1 ? spdlog::level::info
                                   : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

// -v / -q may come before or after the subcommand; take the maximum.
void scan_verbosity(int argc, const char* const* argv, int* verbose, bool* quiet) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-q") *quiet = true;
    if (arg == "-v") *verbose = std::max(*verbose, 1);
    if (arg == "-vv") *verbose = 2;
  }
}

// "unknown command 'bogus'; did you mean 'check'?" when the first word is
// no command (CLI11 says only that a subcommand is required), else "".
std::string unknown_command(CLI::App& app, int argc, const char* const* argv) {
  if (!app.get_subcommands().empty() || argc < 2 || argv[1][0] == '-') return "";
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string suggestion = closest_name(argv[1], candidates);
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  return "unknown command '" + std::string(argv[1]) + "'" +
         (suggestion.empty() ? "; the commands are " + list
                             : "; did you mean '" + suggestion + "'?");
}

// A command-line mistake, in the form of every other taskc error, with the
// help to read: "taskc: error: inputs is required (see 'taskc fmt --help')".
void print_usage_error(CLI::App& app, const CLI::ParseError& e, int argc,
                       const char* const* argv, std::ostream& err) {
  std::string command = "taskc";
  const CLI::App* level = &app;
  while (!level->get_subcommands().empty()) {
    level = level->get_subcommands().front();
    command += " " + level->get_name();
  }
  std::string message = unknown_command(app, argc, argv);
  if (message.empty()) message = e.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  err << "taskc: error: " << printable(message) << " (see '" << command
      << " --help')\n";
}

}  // namespace

int run_taskc(int argc, const char* const* argv, CommandEnv& env) {
  CLI::App app("taskc: the .kir ahead-of-time compiler", "taskc");
  app.set_version_flag("--version",
                       std::string("taskc ") + TASKC_VERSION +
                           "\nmanifest schema version 1\nruntime "
                           "tensormap_and_ringbuffer");
  app.require_subcommand(1);
  CommandRunner selected;
  register_check(app, &selected);
  register_fmt(app, &selected);
  register_compile(app, &selected);
  register_manifest(app, &selected);
  register_graph(app, &selected);
  register_run(app, &selected);
  register_dump(app, &selected);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0.
    if (e.get_exit_code() == 0) {
      app.exit(e, env.out, env.err);
      return kExitOk;
    }
    print_usage_error(app, e, argc, argv, env.err);
    return kExitUsage;
  }
  int verbose = 0;
  bool quiet = false;
  scan_verbosity(argc, argv, &verbose, &quiet);
  setup_logging(env.err, verbose, quiet);
  try {
    return selected(env);
  } catch (const std::bad_alloc&) {
    // Memory grows linearly with the program (docs/PERFORMANCE.md); one that
    // needs more than the process may have is refused like a too-large
    // input. Outputs are written only after everything is computed, so
    // none is half-written.
    env.err << "taskc: error: out of memory: the input needs more memory than this "
               "process may use\n";
    return kExitInputErrors;
  } catch (const std::exception& e) {
    env.err << "taskc: internal error: " << e.what()
            << "\ntaskc: please report this bug with the input and "
               "'taskc " TASKC_VERSION "'\n";
    return kExitInternal;
  }
}

}  // namespace taskc
