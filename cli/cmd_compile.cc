// taskc compile: the build step. Checks the input, builds the task plan and
// writes the requested outputs (see output_writer.h for how).
#include <spdlog/spdlog.h>

#include <ostream>

#include "command.h"
#include "emit_cpp.h"
#include "emit_kernel_config.h"
#include "emit_manifest.h"
#include "output_writer.h"
#include "plan.h"
#include "taskc_version.h"
#include "utf8.h"

namespace taskc {

namespace {

struct CompileOptions {
  std::string input;
  std::string cpp_path, manifest_path, kernel_config_path, out_dir, depfile;
  std::vector<std::string> emit;
  bool verify = false;
  bool always_write = false;
  DiagnosticOptions diagnostics;
};

enum OutputKind { kCpp, kManifest, kKernelConfig, kOutputKinds };
const char* const kEmitNames[kOutputKinds] = {"cpp", "manifest", "kernel-config"};

// Which outputs to write and where. An explicit path names an output; without
// --emit only the named ones are written (or cpp + manifest when none is).
bool resolve_paths(const CompileOptions& o, const std::string& module,
                   std::string paths[kOutputKinds], std::ostream& err) {
  const std::string* explicit_paths[kOutputKinds] = {
      &o.cpp_path, &o.manifest_path, &o.kernel_config_path};
  const std::string defaults[kOutputKinds] = {
      module + ".orch.cpp", module + ".manifest.json", "kernel_config.py"};
  bool wanted[kOutputKinds] = {false, false, false};
  bool any_explicit = false;
  for (int k = 0; k < kOutputKinds; ++k) {
    wanted[k] = !explicit_paths[k]->empty();
    any_explicit = any_explicit || wanted[k];
  }
  if (!o.emit.empty()) {
    for (const std::string& name : o.emit) {
      for (int k = 0; k < kOutputKinds; ++k) wanted[k] = wanted[k] || name == kEmitNames[k];
    }
  } else if (!any_explicit || !o.out_dir.empty()) {
    wanted[kCpp] = wanted[kManifest] = true;
  }
  int to_stdout = 0;
  for (int k = 0; k < kOutputKinds; ++k) {
    if (!wanted[k]) continue;
    std::string dir = o.out_dir.empty() ? "" : o.out_dir + "/";
    paths[k] = explicit_paths[k]->empty() ? dir + defaults[k] : *explicit_paths[k];
    if (paths[k] == "-") ++to_stdout;
  }
  if (to_stdout > 1) {
    err << "taskc: error: only one output can go to standard output ('-')\n";
    return false;
  }
  return true;
}

// Output directories are checked before the compile, so that a mistyped
// directory is reported at once, not after a long compile.
int check_named_locations(const CompileOptions& o, CommandEnv& env) {
  if (!o.out_dir.empty()) {
    if (int code = check_output_directory(env.disk, o.out_dir, env.err)) return code;
  }
  std::vector<std::string> named;
  for (const std::string* path : {&o.cpp_path, &o.manifest_path,
                                  &o.kernel_config_path, &o.depfile}) {
    if (!path->empty()) named.push_back(*path);
  }
  return check_output_locations(env.disk, named, env.err);
}

// A default output name made from the module name must fit the file system;
// too long is an error at the module name, before anything is written.
bool default_names_fit(const CompileOptions& o, const FrontendResult& result,
                       const std::string paths[kOutputKinds], CommandEnv& env) {
  const std::string* explicit_paths[kOutputKinds] = {
      &o.cpp_path, &o.manifest_path, &o.kernel_config_path};
  for (int k : {kCpp, kManifest}) {
    if (paths[k].empty() || !explicit_paths[k]->empty()) continue;
    const std::string directory = parent_directory(paths[k]);
    const size_t name_max = env.disk.max_name_length(directory);
    const std::string name = base_name(paths[k]);
    if (name.size() <= name_max) continue;
    Diagnostic d;
    d.message = "with this module name the output file name '" + name + "' is " +
                std::to_string(name.size()) + " bytes long, but the file system allows " +
                std::to_string(name_max) + "; shorten the module name or name the output with " +
                (k == kCpp ? "-o" : "--manifest");
    d.span = result.program->module.name_span;
    print_diagnostic(d, *result.file, o.diagnostics, env);
    return false;
  }
  return true;
}

int run_compile(const CompileOptions& o, CommandEnv& env) {
  WarningPolicy policy;
  if (!o.diagnostics.policy(&policy, env)) return kExitUsage;
  int code = check_named_locations(o, env);
  if (code != kExitOk) return code;
  auto file = read_source(o.input, o.diagnostics, env, &code);
  if (!file) return code;
  FrontendResult result = run_frontend(std::move(file), policy);
  print_diagnostics(result, o.diagnostics, env);
  if (result.sink.has_errors()) return kExitInputErrors;
  const Program& program = *result.program;

  std::string paths[kOutputKinds];
  if (!resolve_paths(o, program.module.name, paths, env.err)) return kExitUsage;
  if (!default_names_fit(o, result, paths, env)) return kExitInputErrors;
  std::string cpp_name = paths[kCpp].empty() || paths[kCpp] == "-"
                             ? program.module.name + ".orch.cpp"
                             : base_name(paths[kCpp]);
  // JSON text is UTF-8: a manifest could only name another file.
  if (!paths[kManifest].empty() && !is_valid_utf8(cpp_name)) {
    env.err << "taskc: error: the manifest names the C++ output, but its "
               "file name '"
            << printable(cpp_name) << "' is not valid UTF-8\n";
    return kExitUsage;
  }
  Plan plan = build_plan(program);
  // The emitters read only the plan: free the tree and what the checker
  // resolved (much of the peak memory of a large compile) before emitting.
  result.program.reset();
  std::vector<PlannedOutput> outputs;
  for (int k = 0; k < kOutputKinds; ++k) {
    if (paths[k].empty()) continue;
    std::string text =
        k == kCpp        ? emit_orchestration_cpp(plan, result.file->name(), TASKC_VERSION)
        : k == kManifest ? emit_manifest_json(plan, cpp_name, base_name(result.file->name()))
                         : emit_kernel_config_py(plan, cpp_name, result.file->name(),
                                                 TASKC_VERSION);
    if (paths[k] == "-") {
      env.out << text;
    } else {
      outputs.push_back({paths[k], std::move(text)});
    }
  }
  OutputOptions write_options;
  write_options.always_write = o.always_write;
  write_options.verify = o.verify;
  if (!o.depfile.empty()) write_options.depfile = o.depfile;
  if (o.input != "-") write_options.prerequisites.push_back(o.input);
  // `taskc compile - -o m.kir < m.kir` would replace the source too.
  if (o.input == "-") write_options.other_inputs.push_back(kStdinPath);
  code = write_outputs(env.disk, outputs, write_options, env.err);
  spdlog::info("compiled {}: {} task site(s), {} kernel(s)", o.input,
               plan.task_count, plan.kernels.size());
  return code;
}

}  // namespace

void register_compile(CLI::App& app, CommandRunner* selected) {
  auto* cmd = app.add_subcommand(
      "compile", "compile a .kir file to orchestration C++, a manifest and "
                 "kernel_config.py");
  auto o = std::make_shared<CompileOptions>();
  cmd->add_option("input", o->input, "the .kir file ('-' reads standard input)")
      ->required();
  cmd->add_option("-o", o->cpp_path, "orchestration C++ output ('-': stdout)");
  cmd->add_option("--manifest", o->manifest_path, "manifest JSON output");
  cmd->add_option("--kernel-config", o->kernel_config_path,
                  "kernel_config.py output");
  cmd->add_option("--out-dir", o->out_dir,
                  "directory for outputs not named explicitly");
  cmd->add_option("--emit", o->emit, "outputs: cpp,manifest,kernel-config")
      ->delimiter(',')
      ->check(CLI::IsMember({"cpp", "manifest", "kernel-config"}));
  cmd->add_option("--depfile", o->depfile,
                  "write a Make rule listing the outputs and the input");
  cmd->add_flag("--verify", o->verify,
                "write nothing; exit 1 listing each output that would change");
  cmd->add_flag("--always-write", o->always_write,
                "rewrite outputs even when their bytes would not change");
  o->diagnostics.add_to(*cmd);
  cmd->callback([=] {
    *selected = [=](CommandEnv& env) { return run_compile(*o, env); };
  });
}

}  // namespace taskc
