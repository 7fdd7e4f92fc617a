// taskc run: runs a compiled orchestration on the host reference runtime
// with its entry tensors read from and written to NumPy .npy files.
//
// Order of work, so that cheap mistakes are reported before anything is
// loaded: command-line syntax (exit 2), the manifest, the bindings and the
// input files (exit 1 / 3), the two shared libraries, the run itself, and
// only after a successful run the outputs (all staged before any replaces
// an existing file).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <ostream>

#include "command.h"
#include "host_kernels.h"
#include "host_runtime.h"
#include "manifest_loader.h"
#include "npy.h"
#include "output_writer.h"
#include "progress_line.h"
#include "run_bindings.h"

namespace taskc {

namespace {

struct RunOptions {
  std::string manifest;
  std::string orchestration;
  std::string kernels;
  std::vector<std::string> inputs, outputs, scalars, dims;
  std::string inputs_from, outputs_to;  // --inputs, --outputs
  std::string dump_dir;
  std::string dump_level = "full";
  bool check_races = false;
  bool check_directions = false;
  bool timing = false;
  uint32_t threads = 1;
  size_t max_input_size = size_t{4} << 30;
  size_t max_errors = 50;
  int verbose = 0;
  bool quiet = false;
};

bool split_all(const std::vector<std::string>& texts, const char* option,
               const char* form, std::vector<NamedArg>* out, std::ostream& err) {
  bool ok = true;
  for (const std::string& text : texts) {
    NamedArg arg;
    if (split_named_arg(text, &arg)) {
      out->push_back(arg);
    } else {
      err << "taskc: error: " << option << " expects " << form << ", got '"
          << printable(text) << "'\n";
      ok = false;
    }
  }
  return ok;
}

// The shared libraries are opened with dlopen, which cannot tell "missing"
// from "not a library" and blocks on a FIFO; checking first gives a missing
// file, or one that is not a regular file, exit code 3.
bool readable(const std::string& path, const char* what, std::ostream& err) {
  std::error_code ec;
  if (::access(path.c_str(), R_OK) != 0) {
    err << "taskc: error: cannot open " << what << " '" << printable(path)
        << "': " << std::strerror(errno) << "\n";
    return false;
  }
  if (!std::filesystem::is_regular_file(path, ec)) {
    err << "taskc: error: cannot open " << what << " '" << printable(path)
        << "': not a regular file\n";
    return false;
  }
  return true;
}

// "1 kernel call", "2 kernel calls"; `plural` when it is not noun + "s".
std::string counted(uint64_t count, const std::string& noun,
                    const std::string& plural = "") {
  return std::to_string(count) + " " +
         (count == 1 ? noun : plural.empty() ? noun + "s" : plural);
}

// By func_id, each kernel's tensor parameter names, for run-time messages.
std::vector<std::vector<std::string>> tensor_param_names(
    const abi::Manifest& manifest) {
  std::vector<std::vector<std::string>> names;
  for (const abi::ManifestKernel& kernel : manifest.kernels) {
    if (kernel.func_id < 0) continue;
    const auto index = static_cast<size_t>(kernel.func_id);
    if (names.size() <= index) names.resize(index + 1);
    for (const abi::ManifestParam& param : kernel.params) {
      if (param.kind == abi::ParamKind::TENSOR) names[index].push_back(param.name);
    }
  }
  return names;
}

// The manifest's call sites as the host runtime names them.
std::vector<host::CallSite> call_sites(const abi::Manifest& manifest) {
  std::vector<host::CallSite> sites;
  sites.reserve(manifest.sites.size());
  for (const abi::ManifestSite& site : manifest.sites) {
    sites.push_back(host::CallSite{site.file, site.line, site.callee, site.tensors});
  }
  return sites;
}

// dlopen searches the library path for a name without '/'; a user naming a
// file means that file, as the access() check above assumed.
std::string as_file_path(const std::string& path) {
  return path.find('/') == std::string::npos ? "./" + path : path;
}

std::string byte_size_text(uint64_t bytes) {
  char text[32];
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const double kib = static_cast<double>(bytes) / 1024.0;
  if (kib < 1024.0) {
    std::snprintf(text, sizeof text, "%.1f KiB", kib);
  } else if (kib < 1024.0 * 1024.0) {
    std::snprintf(text, sizeof text, "%.1f MiB", kib / 1024.0);
  } else {
    std::snprintf(text, sizeof text, "%.2f GiB", kib / (1024.0 * 1024.0));
  }
  return text;
}

std::string duration_text(std::chrono::steady_clock::duration elapsed) {
  const double ms =
      std::chrono::duration<double, std::milli>(elapsed).count();
  char text[32];
  if (ms < 1000.0) {
    std::snprintf(text, sizeof text, "%.2f ms", ms);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", ms / 1000.0);
  }
  return text;
}

uint64_t file_size_or_zero(const std::string& path) {
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

// Kernels that the orchestration calls must be in the library; one it never
// calls (a warning at compile time) may be missing.
bool check_kernel_entries(const abi::Manifest& manifest,
                          const abi::ChipCallable& chip,
                          const std::string& library, std::ostream& err) {
  bool ok = true;
  for (const abi::ManifestKernel& kernel : manifest.kernels) {
    const abi::CoreCallable* callable = chip.child(kernel.func_id);
    if (callable == nullptr || callable->entry() != nullptr) continue;
    if (kernel.call_sites == 0) {
      spdlog::info("kernel '{}' is not in '{}'; the orchestration never calls it",
                   kernel.name, library);
      continue;
    }
    err << "taskc: error: kernel library '" << printable(library)
        << "' has no kernel '" << kernel.name << "' (func_id "
        << kernel.func_id << "); it must export extern \"C\" void "
        << kernel.name << "(int64_t* args)\n";
    ok = false;
  }
  return ok;
}

void print_run_errors(const host::RunResult& result, size_t max_errors,
                      std::ostream& err) {
  size_t shown = 0;
  for (const std::string& error : result.errors) {
    if (max_errors != 0 && shown == max_errors) break;
    err << "taskc: error: " << printable(error) << "\n";
    ++shown;
  }
  if (shown < result.errors.size()) {
    err << "taskc: error: ... and " << result.errors.size() - shown
        << " more errors (see --max-errors)\n";
  }
}

void print_summary(const RunOptions& o, const abi::Manifest& manifest,
                   const host::RunResult& result,
                   std::chrono::steady_clock::duration elapsed,
                   size_t outputs_written, std::ostream& err) {
  err << "taskc: ran " << manifest.orchestration.name << ": "
      << counted(result.tasks_run, "task") << ", "
      << counted(result.kernel_invocations, "kernel call") << " ("
      << counted(result.kernels_used, "kernel") << ")";
  if (result.tasks_skipped > 0) {
    err << ", " << result.tasks_skipped << " skipped by their predicate";
  }
  if (result.dummy_tasks > 0) {
    err << ", " << counted(result.dummy_tasks, "dependency-only task");
  }
  err << ", " << counted(o.threads, "thread") << ", " << duration_text(elapsed)
      << "; wrote " << counted(outputs_written, "output")
      << (o.check_races ? "; no races" : "") << "\n";
  for (const host::TimingSlotStats& slot : result.timing) {
    err << "taskc: timing slot " << slot.slot << ": " << counted(slot.tasks, "task")
        << ", " << duration_text(std::chrono::nanoseconds(slot.total_ns))
        << " in all, " << duration_text(std::chrono::nanoseconds(slot.max_ns))
        << " at most\n";
  }
  if (!result.dump_index_path.empty()) {
    const uint64_t bytes = file_size_or_zero(result.dump_index_path) +
                           file_size_or_zero(result.dump_blob_path);
    err << "taskc: tensor dump: " << printable(result.dump_index_path) << " ("
        << counted(result.dump_entries, "entry", "entries") << ", " << byte_size_text(bytes)
        << ")\n";
  }
}

// No file the run writes (an output, the output archive, the tensor dump)
// may be a file it reads (the manifest, a library) or another one it
// writes; checked before anything is loaded. An output may be an input
// .npy: an inout tensor is read before it is written back. Also removes the
// dump's temporary files that a killed run left behind.
int check_run_outputs(const RunOptions& o, const EntryArguments& arguments,
                      CommandEnv& env) {
  std::vector<std::string> written;
  for (const EntryTensor& tensor : arguments.tensors) {
    if (!tensor.output_path.empty()) written.push_back(tensor.output_path);
  }
  if (!arguments.output_archive.empty()) written.push_back(arguments.output_archive);
  const std::vector<std::string> read = {o.manifest, o.orchestration, o.kernels};
  if (o.dump_dir.empty()) return check_distinct_outputs(env.disk, written, read, env.err);
  // The dump's two files are checked one at a time: they are two names in
  // one directory, which links placed there may make look like one file
  // (the dump replaces such links; it never writes through them).
  for (const char* name : {host::kDumpIndexName, host::kDumpBlobName}) {
    const std::string path = o.dump_dir + "/" + name;
    env.disk.remove_stale_temporaries(path);
    written.push_back(path);
    if (int code = check_distinct_outputs(env.disk, written, read, env.err)) return code;
    written.pop_back();
  }
  return kExitOk;
}

// The manifest through the runtime loader; nullopt (with the exit code set
// and the problems printed) when it cannot be read or is invalid.
std::optional<abi::Manifest> read_manifest(const std::string& path,
                                           CommandEnv& env, int* code) {
  abi::LoadLimits limits;
  std::string text, error;
  Disk::ReadStatus status =
      env.disk.read_file(path, limits.max_input_bytes, &text, &error);
  if (status != Disk::ReadStatus::kOk) {
    env.err << "taskc: error: " << printable(error) << "\n";
    *code = status == Disk::ReadStatus::kTooLarge ? kExitInputErrors : kExitIo;
    return std::nullopt;
  }
  abi::LoadResult loaded = abi::load_manifest_text(text, path, limits);
  if (!loaded.ok()) {
    env.err << loaded.error_report();
    *code = kExitInputErrors;
    return std::nullopt;
  }
  return std::move(loaded.manifest);
}

int run_run(const RunOptions& o, CommandEnv& env) {
  BindingRequest request;
  request.max_input_size = o.max_input_size;
  bool syntax_ok = split_all(o.inputs, "--input", "NAME=FILE.npy", &request.inputs, env.err);
  syntax_ok &= split_all(o.outputs, "--output", "NAME=FILE.npy", &request.outputs, env.err);
  syntax_ok &= split_all(o.scalars, "--scalar", "NAME=VALUE", &request.scalars, env.err);
  syntax_ok &= split_all(o.dims, "--dim", "NAME=EXTENT", &request.dims, env.err);
  if (!syntax_ok) return kExitUsage;
  request.inputs_from = o.inputs_from;
  request.outputs_to = o.outputs_to;

  int code = kExitOk;
  const std::optional<abi::Manifest> loaded = read_manifest(o.manifest, env, &code);
  if (!loaded) return code;
  const abi::Manifest& manifest = *loaded;

  EntryArguments arguments;
  code = prepare_entry_arguments(manifest.orchestration, request, env.disk,
                                 env.err, &arguments);
  if (code != kExitOk) return code;
  code = check_run_outputs(o, arguments, env);
  if (code != kExitOk) return code;

  if (!readable(o.orchestration, "orchestration library", env.err) ||
      !readable(o.kernels, "kernel library", env.err)) {
    return kExitIo;
  }
  host::HostKernelLibrary kernels(as_file_path(o.kernels));
  if (!kernels.ok()) {
    env.err << "taskc: error: " << printable(kernels.error()) << "\n";
    return kExitInputErrors;
  }
  abi::ChipCallable chip = abi::build_callables(
      manifest, [&](const abi::ManifestKernel& k) { return kernels.entry(k.name); });
  if (!check_kernel_entries(manifest, chip, o.kernels, env.err)) {
    return kExitInputErrors;
  }

  host::HostRuntimeOptions runtime_options;
  runtime_options.threads = o.threads;
  runtime_options.dump_dir = o.dump_dir;
  runtime_options.dump_level =
      o.dump_level == "partial" ? host::DumpLevel::PARTIAL : host::DumpLevel::FULL;
  runtime_options.check_races = o.check_races;
  runtime_options.check_directions = o.check_directions;
  runtime_options.record_timing = o.timing;
  runtime_options.tensor_param_names = tensor_param_names(manifest);
  runtime_options.fingerprint = manifest.fingerprint;
  runtime_options.manifest_path = o.manifest;
  runtime_options.sites = call_sites(manifest);
  ProgressLine progress_line(env.err, printable(manifest.orchestration.name));
  if (!o.quiet && ProgressLine::is_supported(env)) {
    runtime_options.progress = [&progress_line](const host::RunProgress& p) {
      progress_line.update(p);
    };
  }
  host::HostRuntime runtime(std::move(chip), runtime_options);
  for (EntryTensor& tensor : arguments.tensors) {
    const std::vector<uint64_t> shape(tensor.shape.begin(), tensor.shape.end());
    spdlog::info("entry tensor '{}': {} {}", tensor.name, tensor.dtype,
                 npy::shape_text(shape));
    runtime.bind_tensor(tensor.data(), tensor.bytes, tensor.runtime_dtype,
                        tensor.shape, tensor.name);
  }
  for (uint64_t raw : arguments.scalars) runtime.bind_scalar(raw);

  const auto start = std::chrono::steady_clock::now();
  host::RunResult result = runtime.run_library(as_file_path(o.orchestration));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  progress_line.clear();
  for (const std::string& warning : result.warnings) {
    env.err << "taskc: warning: " << printable(warning) << "\n";
  }
  if (result.refused) {
    // One line that says which file to rebuild; nothing ran.
    for (const std::string& error : result.errors) {
      env.err << "taskc: error: " << printable(error) << "\n";
    }
    return kExitInputErrors;
  }
  if (!result.ok()) {
    print_run_errors(result, o.max_errors, env.err);
    if (!result.dump_error.empty()) {
      env.err << "taskc: error: " << printable(result.dump_error) << "\n";
    }
    env.err << "taskc: error: the run of '" << manifest.orchestration.name
            << "' failed with " << result.errors.size()
            << (result.errors.size() == 1 ? " error" : " errors")
            << "; no output was written"
            << (result.dump_index_path.empty()
                    ? ""
                    : " (tensor dump: " + printable(result.dump_index_path) +
                          ")")
            << "\n";
    return kExitInputErrors;
  }

  std::vector<PlannedOutput> files;
  std::string archive_error;
  if (!output_files(arguments, &files, &archive_error)) {
    env.err << "taskc: error: cannot make the output archive: "
            << printable(archive_error) << "\n";
    return kExitInternal;
  }
  arguments = EntryArguments{};  // the files hold copies; free the buffers
  OutputOptions write_options;
  write_options.always_write = true;
  code = write_outputs(env.disk, files, write_options, env.err);
  if (code != kExitOk) return code;
  if (!o.quiet) print_summary(o, manifest, result, elapsed, files.size(), env.err);
  if (!result.dump_error.empty()) {
    // The results stand (written above); only the dump is missing.
    env.err << "taskc: error: " << printable(result.dump_error) << "\n";
    return kExitIo;
  }
  return kExitOk;
}

}  // namespace

void register_run(CLI::App& app, CommandRunner* selected) {
  auto* cmd = app.add_subcommand(
      "run", "run a compiled orchestration on the host runtime with .npy "
             "inputs and outputs");
  auto o = std::make_shared<RunOptions>();
  cmd->add_option("manifest", o->manifest, "the manifest JSON written by compile")
      ->required();
  cmd->add_option("--orchestration", o->orchestration,
                  "shared library built from the orchestration C++")
      ->required();
  cmd->add_option("--kernels", o->kernels,
                  "shared library with a host function per kernel")
      ->required();
  cmd->add_option("--input", o->inputs,
                  "NAME=FILE.npy: an IN or INOUT entry tensor")
      ->allow_extra_args(false);
  cmd->add_option("--output", o->outputs,
                  "NAME=FILE.npy: where to write an OUT or INOUT entry tensor")
      ->allow_extra_args(false);
  cmd->add_option("--inputs", o->inputs_from,
                  "DIR or ARCHIVE.npz: NAME.npy for each input not given by --input");
  cmd->add_option("--outputs", o->outputs_to,
                  "DIR or ARCHIVE.npz: where outputs not given by --output go, as NAME.npy");
  cmd->add_option("--scalar", o->scalars, "NAME=VALUE: an entry scalar")
      ->allow_extra_args(false);
  cmd->add_option("--dim", o->dims,
                  "NAME=EXTENT: a dim that only output shapes use")
      ->allow_extra_args(false);
  auto* dump = cmd->add_option(
      "--dump", o->dump_dir,
      "write the tensor dump (tensor_dump.json/.bin) to this directory");
  cmd->add_option("--dump-level", o->dump_level,
                  "full: every task; partial: only what CoreTaskArgs::dump marks")
      ->check(CLI::IsMember({"partial", "full"}))
      ->needs(dump)
      ->capture_default_str();
  cmd->add_flag("--check-races", o->check_races,
                "report unordered tasks that touch the same memory (also checks "
                "directions)");
  cmd->add_flag("--check-directions", o->check_directions,
                "report a kernel that changes a tensor it receives as IN");
  cmd->add_flag("--timing", o->timing,
                "print the time of the tasks tagged with a timing slot");
  cmd->add_option("--threads", o->threads, "worker threads (1: deterministic)")
      ->check(CLI::Range(1u, 1024u))
      ->capture_default_str();
  cmd->add_option("--max-input-size", o->max_input_size,
                  "refuse input files larger than this many bytes")
      ->capture_default_str();
  cmd->add_option("--max-errors", o->max_errors,
                  "stop listing run errors after N (0: no limit)")
      ->capture_default_str();
  cmd->add_flag("-v", o->verbose, "more log output (-vv: debug)");
  cmd->add_flag("-q", o->quiet, "no summary, only errors");
  cmd->callback([=] {
    *selected = [=](CommandEnv& env) { return run_run(*o, env); };
  });
}

}  // namespace taskc
