// taskc fmt [--check] [--diff] FILE...: canonical formatting, in place.
#include <spdlog/spdlog.h>

#include "command.h"
#include "formatter.h"
#include "line_diff.h"
#include "parser.h"

namespace taskc {

namespace {

struct FmtOptions {
  std::vector<std::string> inputs;
  bool check = false;
  bool diff = false;
  DiagnosticOptions diagnostics;
};

// Formats one file; returns its exit code.
int format_file(const std::string& path, const FmtOptions& o, CommandEnv& env) {
  int code = kExitOk;
  auto file = read_source(path, o.diagnostics, env, &code);
  if (!file) return code;
  FrontendResult result{std::move(file), {}, DiagnosticSink(), nullptr, false};
  // Parsed first without keeping the tokens, so that a file of junk costs
  // little memory; only a file that parses is lexed again whole, for the
  // formatter's comments and positions.
  Module module = parse_source(*result.file, result.sink);
  if (result.sink.has_errors()) {
    print_diagnostics(result, o.diagnostics, env);
    return kExitInputErrors;
  }
  result.tokens = tokenize(*result.file, result.sink);
  const std::string formatted = format_module(module, result.tokens);
  const bool writes = !o.check && !o.diff;
  if (path == "-" && writes) {
    env.out << formatted;  // a filter: echo even unchanged text
    return kExitOk;
  }
  if (formatted == result.file->text()) return kExitOk;
  const std::string label = printable(result.file->name());
  if (o.diff) {
    env.out << unified_diff(result.file->text(), formatted, label + ".orig", label);
  }
  if (o.check) env.err << "taskc: " << label << ": not formatted\n";
  if (!writes) return kExitInputErrors;
  // In place: the file keeps its inode, mode, owner, hard links and the
  // symbolic links that lead to it (see Disk::rewrite_in_place).
  std::string error;
  if (!env.disk.rewrite_in_place(path, formatted, &error)) {
    env.err << "taskc: error: " << printable(error) << "\n";
    return kExitIo;
  }
  spdlog::info("formatted {}", path);
  return kExitOk;
}

}  // namespace

void register_fmt(CLI::App& app, CommandRunner* selected) {
  auto* cmd = app.add_subcommand(
      "fmt", "rewrite .kir files in canonical form ('-': stdin to stdout)");
  auto o = std::make_shared<FmtOptions>();
  cmd->add_option("inputs", o->inputs, ".kir files")->required();
  cmd->add_flag("--check", o->check,
                "write nothing; exit 1 listing each file that is not formatted");
  cmd->add_flag("--diff", o->diff,
                "write nothing; print a unified diff of the changes, exit 1 "
                "when there is one");
  o->diagnostics.add_to(*cmd);
  cmd->callback([=] {
    *selected = [=](CommandEnv& env) {
      int worst = kExitOk;
      for (const std::string& path : o->inputs) {
        worst = std::max(worst, format_file(path, *o, env));
      }
      return worst;
    };
  });
}

}  // namespace taskc
