#include "host_runtime.h"

#include <dlfcn.h>

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "host_session.h"
#include "race_check.h"
#include "shared_library.h"
#include "tensor_dump.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {

// Reports a session's progress through HostRuntimeOptions::progress every
// interval, on a thread of its own, until destroyed.
class ProgressReporter {
 public:
  ProgressReporter(const HostSession& session, const HostRuntimeOptions& options)
      : session_(session), options_(options) {
    if (options_.progress) thread_ = std::thread([this] { report_loop(); });
  }
  ~ProgressReporter() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

 private:
  void report_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, options_.progress_interval,
                           [this] { return done_; })) {
      const SessionCounters& counters = session_.counters();
      options_.progress(RunProgress{counters.tasks_submitted.load(),
                                    counters.tasks_finished.load()});
    }
  }

  const HostSession& session_;
  const HostRuntimeOptions& options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

std::string RunResult::error_text() const {
  std::string text;
  for (const std::string& error : errors) text += error + "\n";
  return text;
}

HostRuntime::HostRuntime(abi::ChipCallable callable, HostRuntimeOptions options)
    : callable_(std::move(callable)), options_(std::move(options)) {}

void HostRuntime::bind_tensor(void* data, size_t bytes, DataType dtype,
                              const std::vector<uint32_t>& shape,
                              const std::string& name) {
  const std::string what =
      "entry tensor " + std::to_string(entry_args_.tensor_count()) +
      (name.empty() ? "" : " '" + name + "'");
  const uint32_t ndims = static_cast<uint32_t>(shape.size());
  ChipTensor tensor;
  if (ndims == 0 || ndims > detail::kMaxTensorRank) {
    binding_errors_.push_back(what + ": rank " + std::to_string(ndims) +
                              "; the rank must be 1.." +
                              std::to_string(detail::kMaxTensorRank));
  } else if (detail::dtype_size(dtype) == 0) {
    binding_errors_.push_back(what + ": invalid dtype");
  } else if (dense_bytes(dtype, shape.data(), ndims) > bytes) {
    binding_errors_.push_back(
        what + ": shape " + shape_string(shape.data(), ndims) + " of " +
        detail::dtype_name(dtype) + " needs " +
        std::to_string(dense_bytes(dtype, shape.data(), ndims)) +
        " bytes but the buffer holds " + std::to_string(bytes));
  } else if (data == nullptr) {
    binding_errors_.push_back(what + ": null buffer");
  } else {
    tensor = make_dense_tensor(data, bytes, dtype, shape.data(), ndims);
  }
  // Bound even when wrong, so that later tensors keep their numbers.
  entry_args_.add_tensor(tensor);
  entry_names_.push_back(name);
}

void HostRuntime::bind_scalar(uint64_t raw) { entry_args_.add_scalar(raw); }

void HostRuntime::clear_bindings() {
  entry_args_ = ChipTaskArgs{};
  entry_names_.clear();
  binding_errors_.clear();
}

RunResult HostRuntime::run(OrchestrationConfigFn config,
                           OrchestrationEntryFn entry) {
  RunResult result;
  result.errors = binding_errors_;
  const uint32_t tensor_count = entry_args_.tensor_count();
  const uint32_t scalar_count = entry_args_.scalar_count();
  const uint32_t bound = tensor_count + scalar_count;
  const std::string bound_text =
      std::to_string(bound) + " are bound (" + std::to_string(tensor_count) +
      " tensors, " + std::to_string(scalar_count) + " scalars)";
  if (options_.threads == 0) {
    result.errors.push_back("threads is 0; at least one worker is needed");
  }
  if (config == nullptr || entry == nullptr) {
    result.errors.push_back(
        "no orchestration: the config or the entry function is missing");
  }
  // A callable built from a manifest knows the entry arity; one assembled by
  // hand may leave it 0.
  if (callable_.expected_arg_count != 0 &&
      callable_.expected_arg_count != bound) {
    result.errors.push_back(
        "the orchestration callable expects " +
        std::to_string(callable_.expected_arg_count) +
        " entry arguments but " + bound_text);
  }
  if (callable_.orchestration.sig_count() != 0 &&
      callable_.orchestration.sig_count() != tensor_count) {
    result.errors.push_back(
        "the orchestration signature has " +
        std::to_string(callable_.orchestration.sig_count()) +
        " entries but " + std::to_string(tensor_count) +
        " entry tensors are bound");
  }
  if (!result.errors.empty()) return result;

  SessionOptions session_options;
  session_options.threads = options_.threads;
  session_options.dump_level =
      options_.dump_dir.empty() ? DumpLevel::OFF : options_.dump_level;
  session_options.check_directions =
      options_.check_directions || options_.check_races;
  session_options.record_timing = options_.record_timing;
  session_options.keep_records =
      options_.check_races || !options_.dump_dir.empty();
  session_options.cluster_count = options_.available_clusters;
  session_options.aiv_count = options_.available_aiv;
  session_options.max_errors = options_.max_errors;
  session_options.tensor_param_names = options_.tensor_param_names;
  HostSession session(callable_, session_options);
  for (uint32_t i = 0; i < tensor_count; ++i) {
    session.add_entry_tensor(entry_args_.tensor(i).ref(), i, entry_names_[i]);
  }
  // Reports through the entry and the wait for its tasks.
  std::optional<ProgressReporter> reporter(std::in_place, session, options_);
  const size_t open_scopes = run_entry(session, config, entry, bound, bound_text);
  session.finish();
  reporter.reset();
  if (open_scopes != 0 && !session.fatal()) {
    session.report_error(std::to_string(open_scopes) +
                         " scopes were still open when the entry returned");
  }
  collect_results(session, result);
  return result;
}

size_t HostRuntime::run_entry(HostSession& session, OrchestrationConfigFn config,
                              OrchestrationEntryFn entry, uint32_t bound,
                              const std::string& bound_text) {
  CurrentSessionScope current(&session);
  try {
    const PTO2OrchestrationConfig orchestration_config = config(entry_args_);
    if (orchestration_config.expected_arg_count < 0 ||
        static_cast<uint32_t>(orchestration_config.expected_arg_count) !=
            bound) {
      session.report_error(
          "aicpu_orchestration_config expects " +
          std::to_string(orchestration_config.expected_arg_count) +
          " entry arguments but " + bound_text + "; the entry was not run");
    } else {
      entry(entry_args_);
    }
  } catch (const std::exception& exception) {
    session.report_error(std::string("the orchestration threw: ") +
                         exception.what());
  } catch (...) {
    session.report_error("the orchestration threw a non-standard exception");
  }
  return session.open_scopes();
}

void HostRuntime::collect_results(HostSession& session, RunResult& result) {
  const bool dump = !options_.dump_dir.empty();
  if (dump) {
    DumpFiles files;
    std::string error;
    if (write_tensor_dump(options_.dump_dir, session.nodes(),
                          options_.dump_level, files, error)) {
      result.dump_index_path = files.index_path;
      result.dump_blob_path = files.blob_path;
      result.dump_entries = files.entry_count;
    } else {
      result.dump_error = error;
    }
  }
  if (options_.check_races) {
    result.races = find_races(session.nodes(), options_.max_race_reports);
    for (const RaceReport& race : result.races) {
      session.report_error(race.message);
    }
  }
  for (std::string& error : session.take_errors()) {
    result.errors.push_back(std::move(error));
  }
  result.log = session.take_log();
  const SessionCounters& counters = session.counters();
  result.kernel_tasks = counters.kernel_tasks.load();
  result.dummy_tasks = counters.dummy_tasks.load();
  result.tasks_run = counters.tasks_run.load();
  result.tasks_skipped = counters.tasks_skipped.load();
  result.kernel_invocations = counters.kernel_invocations.load();
  result.kernels_used = session.kernels_used();
  result.timing = session.timing();
}

RunResult HostRuntime::run_library(const std::string& library_path) {
  RunResult result;
  std::string error;
  void* library =
      open_shared_library(library_path, "orchestration library", error);
  if (library == nullptr) {
    result.errors.push_back(error);
    return result;
  }
  std::string config_error, entry_error;
  auto config = reinterpret_cast<OrchestrationConfigFn>(
      own_function(library, "aicpu_orchestration_config", config_error));
  auto entry = reinterpret_cast<OrchestrationEntryFn>(
      own_function(library, "aicpu_orchestration_entry", entry_error));
  if (config == nullptr || entry == nullptr) {
    // A missing entry point is the usual mistake; say which in one line.
    std::vector<std::string> missing, reasons;
    const auto note = [&](bool found, const char* name, const std::string& why) {
      if (found) return;
      if (why.rfind("has no symbol", 0) == 0) {
        missing.push_back(name);
      } else {
        reasons.push_back(why);
      }
    };
    note(config != nullptr, "aicpu_orchestration_config", config_error);
    note(entry != nullptr, "aicpu_orchestration_entry", entry_error);
    std::string text = "orchestration library '" + library_path + "'";
    if (!missing.empty()) {
      text += " does not export " + missing[0] +
              (missing.size() > 1 ? " and " + missing[1] : "") +
              " (extern \"C\", default visibility)";
    }
    for (const std::string& reason : reasons) {
      text += (text.back() == '\'' ? " " : "; it ") + reason;
    }
    result.errors.push_back(text);
  } else {
    result = run(config, entry);
  }
  dlclose(library);
  return result;
}

}  // namespace taskc::host
