// Entry points of the manifest loader: bounded reading of text and files,
// ordering of problems, and the step from a Manifest to callables.
#include "manifest_loader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>

#include "bounded_json.h"
#include "manifest_reader.h"

namespace taskc::abi {
namespace {

// Pointers are built from keys of the input, which may hold control
// characters or be megabytes long: print them like any other echoed input.
std::string format_problem(const JsonProblem& problem) {
  if (problem.pointer.empty()) return problem.message;
  return printable_excerpt(problem.pointer, 512) + ": " + problem.message;
}

// Sorts into document order and caps the list.
std::vector<std::string> ordered_errors(std::vector<JsonProblem> problems,
                                        size_t unlisted, size_t max_errors) {
  std::stable_sort(problems.begin(), problems.end(),
                   [](const JsonProblem& a, const JsonProblem& b) {
                     return a.position < b.position;
                   });
  if (problems.size() > max_errors) {
    unlisted += problems.size() - max_errors;
    problems.resize(max_errors);
  }
  std::vector<std::string> errors;
  errors.reserve(problems.size() + 1);
  for (const JsonProblem& problem : problems) {
    errors.push_back(format_problem(problem));
  }
  if (unlisted > 0) {
    errors.push_back("too many problems: " + std::to_string(unlisted) +
                     " more not listed");
  }
  return errors;
}

LoadResult load_text_unguarded(std::string_view text, std::string_view origin,
                               const LoadLimits& limits) {
  LoadResult result;
  result.origin = std::string(origin);
  if (text.size() > limits.max_input_bytes) {
    result.errors.push_back("the manifest is " + std::to_string(text.size()) +
                            " bytes; the limit is " +
                            std::to_string(limits.max_input_bytes));
    return result;
  }
  JsonReadLimits read_limits;
  read_limits.max_depth = limits.max_depth;
  read_limits.max_values = limits.max_values;
  read_limits.max_problems = limits.max_errors;
  JsonReadResult json = read_json_bounded(text, read_limits);

  std::vector<JsonProblem> problems = std::move(json.problems);
  size_t unlisted = json.unlisted_problems;
  Manifest manifest;
  // A partial document would only add noise to the syntax error.
  if (json.complete) {
    ProblemSink sink(json.document, limits.max_errors);
    read_manifest_document(json.document, sink, manifest);
    std::move(sink.listed().begin(), sink.listed().end(),
              std::back_inserter(problems));
    unlisted += sink.unlisted();
  }
  if (problems.empty() && unlisted == 0) {
    result.manifest = std::move(manifest);
  } else {
    result.errors =
        ordered_errors(std::move(problems), unlisted, limits.max_errors);
  }
  return result;
}

LoadResult failure(std::string_view origin, std::string message) {
  LoadResult result;
  try {
    result.origin = std::string(origin);
    result.errors.push_back(std::move(message));
  } catch (...) {
    // Out of memory for even the message: an empty result without a
    // manifest still reads as a failure.
  }
  return result;
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

const ManifestKernel* Manifest::kernel_by_name(std::string_view name) const {
  for (const ManifestKernel& kernel : kernels) {
    if (kernel.name == name) return &kernel;
  }
  return nullptr;
}

const ManifestKernel* Manifest::kernel_by_func_id(int32_t func_id) const {
  for (const ManifestKernel& kernel : kernels) {
    if (kernel.func_id == func_id) return &kernel;
  }
  return nullptr;
}

std::string LoadResult::error_report() const {
  std::string report;
  for (const std::string& error : errors) {
    report += origin + ": " + error + "\n";
  }
  return report;
}

LoadResult load_manifest_text(std::string_view text, std::string_view origin,
                              const LoadLimits& limits) {
  try {
    return load_text_unguarded(text, origin, limits);
  } catch (const std::bad_alloc&) {
    return failure(origin, "out of memory while loading the manifest");
  } catch (const std::exception& error) {
    return failure(origin, std::string("internal error while loading the "
                                       "manifest: ") +
                               printable_excerpt(error.what(), 512));
  } catch (...) {
    return failure(origin, "internal error while loading the manifest");
  }
}

LoadResult load_manifest_file(const std::string& path,
                              const LoadLimits& limits) {
  try {
    // stdio rather than a size query up front, so that pipes and devices
    // (`<(...)`, /dev/stdin) work; reading stops one byte past the cap.
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
      return failure(path, std::string("cannot open: ") + std::strerror(errno));
    }
    std::string text;
    // A regular file's size is known: one allocation instead of regrowth.
    struct stat info {};
    if (fstat(fileno(file.get()), &info) == 0 && S_ISREG(info.st_mode) &&
        info.st_size >= 0 &&
        static_cast<uint64_t>(info.st_size) <= limits.max_input_bytes) {
      text.reserve(static_cast<size_t>(info.st_size) + 1);
    }
    char buffer[1 << 16];
    while (text.size() <= limits.max_input_bytes) {
      size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
      text.append(buffer, got);
      if (got < sizeof buffer) break;
    }
    if (std::ferror(file.get())) {
      return failure(path, std::string("cannot read: ") + std::strerror(errno));
    }
    if (text.size() > limits.max_input_bytes) {
      return failure(path, "the manifest is larger than the limit of " +
                               std::to_string(limits.max_input_bytes) +
                               " bytes");
    }
    return load_manifest_text(text, path, limits);
  } catch (const std::bad_alloc&) {
    return failure(path, "out of memory while reading the manifest");
  } catch (const std::exception& error) {
    return failure(path, std::string("cannot read: ") +
                             printable_excerpt(error.what(), 512));
  }
}

ChipCallable build_callables(const Manifest& manifest,
                             const KernelBinder& binder) {
  auto refuse = [](const std::string& message) {
    throw std::invalid_argument("build_callables: " + message);
  };
  auto count_params = [](const std::vector<ManifestParam>& params,
                         ParamKind kind) {
    return static_cast<size_t>(std::count_if(
        params.begin(), params.end(),
        [kind](const ManifestParam& p) { return p.kind == kind; }));
  };

  const ManifestOrchestration& orchestration = manifest.orchestration;
  if (orchestration.scalar_count > Limits::kChipMaxScalarArgs) {
    refuse("orchestration takes " + std::to_string(orchestration.scalar_count) +
           " scalars; at most " + std::to_string(Limits::kChipMaxScalarArgs));
  }
  size_t entry_tensors = count_params(orchestration.params, ParamKind::TENSOR);
  size_t entry_scalars = count_params(orchestration.params, ParamKind::SCALAR);
  if (orchestration.signature.size() != entry_tensors ||
      orchestration.scalar_count != entry_scalars ||
      orchestration.expected_arg_count != entry_tensors + entry_scalars) {
    refuse("orchestration '" + orchestration.name + "' has " +
           std::to_string(entry_tensors) + " tensor and " +
           std::to_string(entry_scalars) +
           " scalar params but a signature of " +
           std::to_string(orchestration.signature.size()) + " entries, " +
           "scalar_count " + std::to_string(orchestration.scalar_count) +
           " and expected_arg_count " +
           std::to_string(orchestration.expected_arg_count));
  }
  ChipCallable chip;
  chip.orchestration = make_callable<Limits::kChipMaxTensorArgs>(
      orchestration.signature, -1, orchestration.name, CoreType::CHIP,
      orchestration.scalar_count);
  chip.expected_arg_count = orchestration.expected_arg_count;

  // children[func_id]: place kernels by id, then require ids 0..K-1 exactly.
  size_t kernel_count = manifest.kernels.size();
  if (kernel_count > Limits::kMaxChildCallables) {
    refuse(std::to_string(kernel_count) + " kernels; at most " +
           std::to_string(Limits::kMaxChildCallables));
  }
  std::vector<const ManifestKernel*> by_func_id(kernel_count, nullptr);
  for (const ManifestKernel& kernel : manifest.kernels) {
    if (kernel.func_id < 0 ||
        static_cast<size_t>(kernel.func_id) >= kernel_count) {
      refuse("kernel '" + kernel.name + "' has func_id " +
             std::to_string(kernel.func_id) + "; func_ids must be 0.." +
             std::to_string(kernel_count - 1));
    }
    const ManifestKernel*& slot =
        by_func_id[static_cast<size_t>(kernel.func_id)];
    if (slot != nullptr) {
      refuse("kernels '" + slot->name + "' and '" + kernel.name +
             "' share func_id " + std::to_string(kernel.func_id));
    }
    slot = &kernel;
  }

  chip.children.reserve(kernel_count);
  for (const ManifestKernel* kernel : by_func_id) {
    if (kernel->core_type != CoreType::AIC &&
        kernel->core_type != CoreType::AIV) {
      refuse("kernel '" + kernel->name + "' has core type " +
             core_type_name(kernel->core_type) + "; expected aic or aiv");
    }
    // The bug this library exists to stop: a signature that does not list
    // every tensor argument makes the runtime skip those tasks silently.
    size_t tensor_params = count_params(kernel->params, ParamKind::TENSOR);
    if (kernel->signature.size() != tensor_params) {
      refuse("kernel '" + kernel->name + "' has " +
             std::to_string(tensor_params) + " tensor params but " +
             (kernel->signature.empty()
                  ? std::string("an empty signature")
                  : "a signature of " +
                        std::to_string(kernel->signature.size()) + " entries"));
    }
    if (kernel->scalar_count > Limits::kCoreMaxScalarArgs) {
      refuse("kernel '" + kernel->name + "' takes " +
             std::to_string(kernel->scalar_count) + " scalars; at most " +
             std::to_string(Limits::kCoreMaxScalarArgs));
    }
    HostEntry entry = binder ? binder(*kernel) : nullptr;
    chip.children.push_back(make_callable<Limits::kCoreMaxTensorArgs>(
        kernel->signature, kernel->func_id, kernel->name, kernel->core_type,
        kernel->scalar_count, kernel->dual_aiv, entry));
  }
  return chip;
}

}  // namespace taskc::abi
