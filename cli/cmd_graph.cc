// taskc graph FILE [-o OUT.dot]: the task graph in Graphviz DOT. Standard
// output by default; a named output is written like compile's outputs
// (atomically, and left untouched when its bytes would not change).
// --collapse, --focus and --rankdir choose the view (compiler/emit_dot.h).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ostream>

#include "command.h"
#include "edit_distance.h"
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
  std::string collapse;  // "", "loops" or "scopes"
  std::string focus;     // "": the whole graph
  std::string rankdir = "TB";
  DiagnosticOptions diagnostics;

  DotOptions view() const {
    DotOptions v;
    v.collapse = collapse == "loops"    ? DotCollapse::kLoops
                 : collapse == "scopes" ? DotCollapse::kScopes
                                        : DotCollapse::kNone;
    v.focus = focus;
    v.left_to_right = rankdir == "LR";
    return v;
  }
};

// An unknown --focus name is a usage error, with the closest known name.
bool check_focus(const std::string& name, const Plan& plan, const std::string& input,
                 std::ostream& err) {
  std::vector<std::string> names = dot_focus_names(plan);
  if (std::binary_search(names.begin(), names.end(), name)) return true;
  err << "taskc: error: --focus: " << printable(input) << " has no tensor, kernel or group named '"
      << printable(name) << "'";
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string suggestion = closest_name(name, candidates);
  if (!suggestion.empty()) err << "; did you mean '" << printable(suggestion) << "'?";
  err << "\n";
  return false;
}

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
  if (!o.focus.empty() && !check_focus(o.focus, plan, result.file->name(), env.err)) {
    return kExitUsage;
  }
  std::string dot = emit_task_graph_dot(plan, result.file->name(), TASKC_VERSION, o.view());
  if (o.output == "-") {
    env.out << dot;
    return kExitOk;
  }
  OutputOptions write_options;
  write_options.always_write = o.always_write;
  if (o.input != "-") write_options.prerequisites.push_back(o.input);  // not overwritten
  if (o.input == "-") write_options.other_inputs.push_back(kStdinPath);
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
  cmd->add_option("--collapse", o->collapse,
                  "draw each outermost loop, or each outermost scope, loop or if "
                  "branch, as one node with its task count")
      ->check(CLI::IsMember({"loops", "scopes"}))
      ->option_text("loops|scopes");
  cmd->add_option("--focus", o->focus,
                  "only the tasks that touch the tensor, or call the kernel, of this "
                  ".kir name, and the tensors they touch")
      ->check([](const std::string& name) {
        return name.empty() ? std::string("the name is empty") : std::string();
      })
      ->option_text("NAME");
  cmd->add_option("--rankdir", o->rankdir,
                  "lay the graph out left to right (LR) or top to bottom (TB, the default)")
      ->check(CLI::IsMember({"LR", "TB"}))
      ->option_text("LR|TB");
  o->diagnostics.add_to(*cmd);
  cmd->callback([=] {
    *selected = [=](CommandEnv& env) { return run_graph(*o, env); };
  });
}

}  // namespace taskc
