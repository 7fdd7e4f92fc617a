// taskc compile: the build step. Checks the input, builds the task plan and
// writes the requested outputs (see output_writer.h for how).
#include <spdlog/spdlog.h>

#include <iterator>
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

// What an emitter is given besides the plan.
struct EmitInputs {
  const Plan& plan;
  const std::string& source_name;  // the input as given
  const std::string& cpp_name;     // the C++ output's file name, as the others name it
};

// The outputs of `taskc compile`, one row each: adding an output is one row.
struct OutputKind {
  const char* emit_name;  // in --emit
  const char* flag;       // the option naming its path
  const char* help;
  const char* default_suffix;  // after the module name; or the whole name
  bool suffix_of_module;
  bool by_default;  // written when no output is named
  std::string (*emit)(const EmitInputs&);
};

const OutputKind kOutputs[] = {
    {"cpp", "-o", "orchestration C++ output ('-': stdout)", ".orch.cpp", true, true,
     [](const EmitInputs& in) {
       return emit_orchestration_cpp(in.plan, in.source_name, TASKC_VERSION);
     }},
    {"manifest", "--manifest", "manifest JSON output", ".manifest.json", true, true,
     [](const EmitInputs& in) {
       return emit_manifest_json(in.plan, in.cpp_name, base_name(in.source_name));
     }},
    {"kernel-config", "--kernel-config", "kernel_config.py output", "kernel_config.py", false,
     false,
     [](const EmitInputs& in) {
       return emit_kernel_config_py(in.plan, in.cpp_name, in.source_name, TASKC_VERSION);
     }},
};
constexpr size_t kOutputKinds = std::size(kOutputs);
constexpr size_t kCpp = 0, kManifest = 1;

struct CompileOptions {
  std::string input;
  std::string explicit_paths[kOutputKinds];
  std::string out_dir, depfile;
  std::vector<std::string> emit;
  bool verify = false;
  bool always_write = false;
  DiagnosticOptions diagnostics;
};

std::string default_name(const OutputKind& kind, const std::string& module) {
  return kind.suffix_of_module ? module + kind.default_suffix : kind.default_suffix;
}

// Which outputs to write and where. An explicit path names an output; without
// --emit only the named ones are written (or the default ones when none is).
bool resolve_paths(const CompileOptions& o, const std::string& module,
                   std::string paths[kOutputKinds], std::ostream& err) {
  bool wanted[kOutputKinds] = {};
  bool any_explicit = false;
  for (size_t k = 0; k < kOutputKinds; ++k) {
    wanted[k] = !o.explicit_paths[k].empty();
    any_explicit = any_explicit || wanted[k];
  }
  for (size_t k = 0; k < kOutputKinds; ++k) {
    if (!o.emit.empty()) {
      for (const std::string& name : o.emit) wanted[k] = wanted[k] || name == kOutputs[k].emit_name;
    } else if (!any_explicit || !o.out_dir.empty()) {
      wanted[k] = wanted[k] || kOutputs[k].by_default;
    }
  }
  int to_stdout = 0;
  for (size_t k = 0; k < kOutputKinds; ++k) {
    if (!wanted[k]) continue;
    std::string dir = o.out_dir.empty() ? "" : o.out_dir + "/";
    paths[k] = o.explicit_paths[k].empty() ? dir + default_name(kOutputs[k], module)
                                           : o.explicit_paths[k];
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
  for (const std::string& path : o.explicit_paths) {
    if (!path.empty()) named.push_back(path);
  }
  if (!o.depfile.empty()) named.push_back(o.depfile);
  return check_output_locations(env.disk, named, env.err);
}

// A default output name made from the module name must fit the file system;
// too long is an error at the module name, before anything is written.
bool default_names_fit(const CompileOptions& o, const FrontendResult& result,
                       const std::string paths[kOutputKinds], CommandEnv& env) {
  for (size_t k = 0; k < kOutputKinds; ++k) {
    if (!kOutputs[k].suffix_of_module || paths[k].empty() || !o.explicit_paths[k].empty()) {
      continue;
    }
    const std::string directory = parent_directory(paths[k]);
    const size_t name_max = env.disk.max_name_length(directory);
    const std::string name = base_name(paths[k]);
    if (name.size() <= name_max) continue;
    Diagnostic d;
    d.message = "with this module name the output file name '" + name + "' is " +
                std::to_string(name.size()) + " bytes long, but the file system allows " +
                std::to_string(name_max) + "; shorten the module name or name the output with " +
                kOutputs[k].flag;
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

  const std::string module_name(program.module.name);
  std::string paths[kOutputKinds];
  if (!resolve_paths(o, module_name, paths, env.err)) return kExitUsage;
  if (!default_names_fit(o, result, paths, env)) return kExitInputErrors;
  std::string cpp_name = paths[kCpp].empty() || paths[kCpp] == "-"
                             ? default_name(kOutputs[kCpp], module_name)
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
  const EmitInputs inputs{plan, result.file->name(), cpp_name};
  for (size_t k = 0; k < kOutputKinds; ++k) {
    if (paths[k].empty()) continue;
    std::string text = kOutputs[k].emit(inputs);
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
  std::vector<std::string> emit_names;
  std::string emit_help = "outputs:";
  for (size_t k = 0; k < kOutputKinds; ++k) {
    cmd->add_option(kOutputs[k].flag, o->explicit_paths[k], kOutputs[k].help);
    emit_names.push_back(kOutputs[k].emit_name);
    emit_help += (k == 0 ? " " : ",") + emit_names.back();
  }
  cmd->add_option("--out-dir", o->out_dir,
                  "directory for outputs not named explicitly");
  cmd->add_option("--emit", o->emit, emit_help)
      ->delimiter(',')
      ->check(CLI::IsMember(emit_names));
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
