// taskc fmt [--check] FILE...: canonical formatting, in place.
#include <spdlog/spdlog.h>

#include "command.h"
#include "formatter.h"
#include "parser.h"

namespace taskc {

void register_fmt(CLI::App& app, CommandRunner* selected) {
  auto* cmd = app.add_subcommand(
      "fmt", "rewrite .kir files in canonical form ('-': stdin to stdout)");
  auto options = std::make_shared<DiagnosticOptions>();
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto check_only = std::make_shared<bool>(false);
  cmd->add_option("inputs", *inputs, ".kir files")->required();
  cmd->add_flag("--check", *check_only,
                "write nothing; exit 1 listing each file that is not formatted");
  options->add_to(*cmd);
  cmd->callback([=] {
    *selected = [=](CommandEnv& env) {
      int worst = kExitOk;
      for (const std::string& path : *inputs) {
        int code = kExitOk;
        auto file = read_source(path, *options, env, &code);
        if (!file) {
          worst = std::max(worst, code);
          continue;
        }
        FrontendResult result{std::move(file), {}, DiagnosticSink(), nullptr, false};
        result.tokens = tokenize(*result.file, result.sink);
        Module module = parse(result.tokens, result.sink);
        if (result.sink.has_errors()) {
          print_diagnostics(result, *options, env);
          worst = std::max(worst, int(kExitInputErrors));
          continue;
        }
        std::string formatted = format_module(module, result.tokens);
        if (path == "-" && !*check_only) {
          env.out << formatted;  // a filter: echo even unchanged text
          continue;
        }
        if (formatted == result.file->text()) continue;
        if (*check_only) {
          env.err << "taskc: " << printable(path) << ": not formatted\n";
          worst = std::max(worst, int(kExitInputErrors));
        } else {
          // In place: the file keeps its inode, mode, owner, hard links and
          // the symbolic links that lead to it (Disk::rewrite_in_place).
          std::string error;
          if (!env.disk.rewrite_in_place(path, formatted, &error)) {
            env.err << "taskc: error: " << printable(error) << "\n";
            worst = std::max(worst, int(kExitIo));
            continue;
          }
          spdlog::info("formatted {}", path);
        }
      }
      return worst;
    };
  });
}

}  // namespace taskc
