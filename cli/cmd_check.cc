// taskc check FILE...: every static check, nothing written.
#include <spdlog/spdlog.h>

#include "command.h"

namespace taskc {

void register_check(CLI::App& app, CommandRunner* selected) {
  auto* cmd = app.add_subcommand("check", "check .kir files; write nothing");
  auto options = std::make_shared<DiagnosticOptions>();
  auto inputs = std::make_shared<std::vector<std::string>>();
  cmd->add_option("inputs", *inputs, ".kir files ('-' reads standard input)")
      ->required();
  options->add_to(*cmd);
  cmd->callback([=] {
    *selected = [=](CommandEnv& env) {
      WarningPolicy policy;
      if (!options->policy(&policy, env)) return int(kExitUsage);
      int worst = kExitOk;
      for (const std::string& path : *inputs) {
        int code = kExitOk;
        auto file = read_source(path, *options, env, &code);
        if (!file) {
          worst = std::max(worst, code);
          continue;
        }
        FrontendResult result = run_frontend(std::move(file), policy);
        print_diagnostics(result, *options, env);
        spdlog::info("checked {}: {} error(s)", path, result.sink.error_count());
        worst = std::max(worst, frontend_exit_code(result));
      }
      return worst;
    };
  });
}

}  // namespace taskc
