// taskc graph FILE [-o OUT.dot]: the task graph in Graphviz DOT. Standard
// output by default; a named output is written like compile's outputs
// (atomically, and left untouched when its bytes would not change).
#include <spdlog/spdlog.h>

#include <ostream>

#include "command.h"
#include "emit_dot.h"
#include "output_writer.h"
#include "plan.h"
#include "taskc_version.h"

namespace taskc {

namespace {

struct GraphOptions {
  std::string input;
  std::string output = "-";
  bool always_write = false;
  DiagnosticOptions diagnostics;
};

int run_graph(const GraphOptions& o, CommandEnv& env) {
  WarningPolicy policy;
  if (!o.diagnostics.policy(&policy, env)) return kExitUsage;
  int code = check_output_locations(env.disk, {o.output}, env.err);
  if (code != kExitOk) return code;
  auto file = read_source(o.input, o.diagnostics, env, &code);
  if (!file) return code;
  FrontendResult result = run_frontend(std::move(file), policy);
  print_diagnostics(result, o.diagnostics, env);
  if (result.sink.has_errors()) return kExitInputErrors;
  Plan plan = build_plan(*result.program);
  std::string dot = emit_task_graph_dot(plan, result.file->name(), TASKC_VERSION);
  if (o.output == "-") {
    env.out << dot;
    return kExitOk;
  }
  OutputOptions write_options;
  write_options.always_write = o.always_write;
  if (o.input != "-") write_options.prerequisites.push_back(o.input);  // not overwritten
  code = write_outputs(env.disk, {PlannedOutput{o.output, std::move(dot)}},
                       write_options, env.err);
  spdlog::info("graph of {}: {} task site(s)", o.input, plan.task_count);
  return code;
}

}  // namespace

void register_graph(CLI::App& app, CommandRunner* selected) {
  auto* cmd = app.add_subcommand(
      "graph", "write the task graph of a .kir file in Graphviz DOT");
  auto o = std::make_shared<GraphOptions>();
  cmd->add_option("input", o->input, "the .kir file ('-' reads standard input)")
      ->required();
  cmd->add_option("-o", o->output, "DOT output ('-': standard output)")
      ->capture_default_str();
  cmd->add_flag("--always-write", o->always_write,
                "rewrite the output even when its bytes would not change");
  o->diagnostics.add_to(*cmd);
  cmd->callback([=] {
    *selected = [=](CommandEnv& env) { return run_graph(*o, env); };
  });
}

}  // namespace taskc
