#include "command.h"

#include <istream>
#include <iterator>
#include <ostream>

namespace taskc {

void DiagnosticOptions::add_to(CLI::App& app) {
  app.add_option("-W", warning_flags,
                 "-W<name> enables a warning, -Wno-<name> disables it, "
                 "-Werror makes warnings errors")
      ->allow_extra_args(false)
      ->type_name("");
  app.add_option("--max-errors", max_errors,
                 "stop reporting after N errors (0: no limit)")
      ->capture_default_str();
  app.add_option("--diagnostics-format", format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--color", color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--max-input-size", max_input_size,
                 "refuse inputs larger than this many bytes")
      ->capture_default_str();
  app.add_flag("-v", verbose, "more log output (-vv: debug)");
  app.add_flag("-q", quiet, "only errors: no warnings, no log output");
}

bool DiagnosticOptions::policy(WarningPolicy* out, const CommandEnv& env) const {
  WarningPolicy p;
  for (const std::string& flag : warning_flags) {
    if (!p.apply_flag(flag)) {
      std::string known;
      for (const std::string& name : known_warnings()) known += " " + name;
      env.err << "taskc: error: unknown warning '-W" << printable(flag)
              << "'; known warnings:" << known << "\n";
      return false;
    }
  }
  if (quiet) {
    for (const std::string& name : known_warnings()) {
      if (!p.all_errors) p.apply_flag("no-" + name);
    }
  }
  *out = p;
  return true;
}

bool DiagnosticOptions::use_color(const CommandEnv& env) const {
  if (color == "always") return true;
  if (color == "never") return false;
  bool no_color = env.no_color && env.no_color[0] != '\0';
  bool dumb = env.term && std::string(env.term) == "dumb";
  return env.stderr_is_tty && !no_color && !dumb;
}

std::unique_ptr<SourceFile> read_source(const std::string& path,
                                        const DiagnosticOptions& options,
                                        CommandEnv& env, int* exit_code) {
  std::string text;
  if (path == "-") {
    std::istreambuf_iterator<char> it(env.in), end;
    for (; it != end; ++it) {
      if (text.size() >= options.max_input_size) {
        env.err << "taskc: error: <stdin> exceeds the input limit of "
                << options.max_input_size << " bytes (see --max-input-size)\n";
        *exit_code = kExitInputErrors;
        return nullptr;
      }
      text += *it;
    }
    return std::make_unique<SourceFile>("<stdin>", std::move(text));
  }
  std::string error;
  Disk::ReadStatus status =
      env.disk.read_file(path, options.max_input_size, &text, &error);
  if (status != Disk::ReadStatus::kOk) {
    env.err << "taskc: error: " << printable(error) << "\n";
    *exit_code = status == Disk::ReadStatus::kTooLarge ? kExitInputErrors : kExitIo;
    return nullptr;
  }
  return std::make_unique<SourceFile>(path, std::move(text));
}

namespace {

// `unkept_*`: the diagnostics the sink counted but did not keep.
void render(const std::vector<Diagnostic>& diagnostics, const SourceFile& file,
            const DiagnosticOptions& options, CommandEnv& env, size_t unkept_errors = 0,
            size_t unkept_warnings = 0) {
  RenderOptions render_options{options.use_color(env), options.max_errors, unkept_errors,
                               unkept_warnings};
  env.err << (options.format == "json"
                  ? render_json(diagnostics, file, render_options)
                  : render_text(diagnostics, file, render_options));
}

}  // namespace

void print_diagnostics(const FrontendResult& result,
                       const DiagnosticOptions& options, CommandEnv& env) {
  render(result.sink.sorted(), *result.file, options, env, result.sink.unkept_errors(),
         result.sink.unkept_warnings());
}

void print_diagnostic(const Diagnostic& diagnostic, const SourceFile& file,
                      const DiagnosticOptions& options, CommandEnv& env) {
  render({diagnostic}, file, options, env);
}

int frontend_exit_code(const FrontendResult& result) {
  return result.sink.has_errors() ? kExitInputErrors : kExitOk;
}

}  // namespace taskc
