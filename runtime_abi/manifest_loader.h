// The kernel manifest (outputs.md §2, schema version 1) as plain data, its
// loader, and the step from a loaded manifest to runtime callables.
//
//   LoadResult r = load_manifest_file("model.manifest.json");
//   if (!r.ok()) { for (auto& e : r.errors) report(r.origin + ": " + e); }
//   ChipCallable chip = build_callables(*r.manifest, bind_host_kernel);
//
// The loader validates everything a runtime relies on (runtime.md §2) and
// reports every problem as "JSON-pointer: message", in document order, e.g.
//   /kernels/3/signature/1: unknown direction "INPUT"
// Problems of the document as a whole (syntax errors, limits) have no pointer.
#ifndef TASKC_RUNTIME_ABI_MANIFEST_LOADER_H
#define TASKC_RUNTIME_ABI_MANIFEST_LOADER_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "abi.h"

namespace taskc::abi {

inline constexpr int64_t kManifestSchemaVersion = 1;

// A shape axis: a static extent, or the name of the dim (or other symbolic
// extent text written by taskc) that fixes it at run time.
using ShapeExtent = std::variant<int64_t, std::string>;

enum class ParamKind { TENSOR, SCALAR };

struct ManifestParam {
  std::string name;
  ParamKind kind = ParamKind::TENSOR;
  ArgDirection direction = ArgDirection::SCALAR;  // SCALAR for scalar params
  std::string dtype;               // runtime dtype name, e.g. "FLOAT32"
  std::vector<ShapeExtent> shape;  // empty for scalar params
};

struct ManifestGenerator {
  std::string name;
  std::string version;
};

struct ManifestLimits {
  uint32_t core_max_tensor_args = Limits::kCoreMaxTensorArgs;
  uint32_t core_max_scalar_args = Limits::kCoreMaxScalarArgs;
  uint32_t chip_max_tensor_args = Limits::kChipMaxTensorArgs;
  uint32_t chip_max_scalar_args = Limits::kChipMaxScalarArgs;
};

struct ManifestOrchestration {
  std::string name;
  std::string source;
  std::string function_name;
  std::string config_name;
  std::vector<ArgDirection> signature;
  uint32_t scalar_count = 0;
  uint32_t expected_arg_count = 0;
  std::vector<ManifestParam> params;
};

struct ManifestKernel {
  int32_t func_id = -1;
  std::string name;
  CoreType core_type = CoreType::AIV;
  bool dual_aiv = false;
  std::string source;
  std::vector<ArgDirection> signature;  // one entry per tensor param, in order
  uint32_t scalar_count = 0;
  std::vector<ManifestParam> params;
  int64_t call_sites = 0;
};

// A mixed task's pair of kernels, which share one payload and so one signature.
// A mixed task's lanes: {aic, aiv}, {aic, aiv, aiv1} or {aiv, aiv1}.
struct ManifestGroup {
  std::string name;
  std::string aic;   // kernel names; aic empty: no cube lane
  std::string aiv;   // the first vector lane
  std::string aiv1;  // the second vector lane's own kernel, or empty
  bool dual_aiv = false;
};

// A call site of the generated code (the optional `sites` table): the
// number the code stores in `taskc_site` indexes it.
struct ManifestSite {
  std::string file;  // the .kir file name (no directories)
  uint32_t line = 0;
  std::string callee;                // kernel or group
  std::vector<std::string> tensors;  // .kir spelling of each tensor argument
};

struct Manifest {
  int64_t schema_version = kManifestSchemaVersion;
  ManifestGenerator generator;
  // Optional: "<module>:<hex>", what the generated library exports as
  // `taskc_manifest_fingerprint`; empty when absent.
  std::string fingerprint;
  std::string module;
  std::string target;   // "a2a3" or "a5"
  std::string runtime;  // "tensormap_and_ringbuffer"
  ManifestLimits limits;
  ManifestOrchestration orchestration;
  std::vector<ManifestKernel> kernels;  // as in the file: sorted by func_id
  std::vector<ManifestGroup> groups;
  std::vector<ManifestSite> sites;  // optional; by site number

  const ManifestKernel* kernel_by_name(std::string_view name) const;
  const ManifestKernel* kernel_by_func_id(int32_t func_id) const;
};

// Bounds applied to untrusted input before and while it is parsed.
struct LoadLimits {
  size_t max_input_bytes = size_t{256} << 20;  // 256 MiB
  size_t max_depth = 64;
  size_t max_values = 4'000'000;
  // Further problems are counted, not listed, so that a hostile file cannot
  // make the error list itself the problem.
  size_t max_errors = 1000;
};

struct LoadResult {
  std::string origin;                // as given: a path, or a label for text
  std::optional<Manifest> manifest;  // present exactly when errors is empty
  std::vector<std::string> errors;   // "pointer: message", document order

  bool ok() const { return manifest.has_value(); }
  // One "origin: error" line per error, each ending in '\n'.
  std::string error_report() const;
};

// Never throws.
LoadResult load_manifest_text(std::string_view text, std::string_view origin,
                              const LoadLimits& limits = LoadLimits{});
// Reads the whole file (regular file, pipe or device); `origin` is `path`.
// Never throws.
LoadResult load_manifest_file(const std::string& path,
                              const LoadLimits& limits = LoadLimits{});

// Supplies a kernel's code. May return nullptr when the entry is bound later
// (Callable::set_entry).
using KernelBinder = std::function<HostEntry(const ManifestKernel&)>;

// One CoreCallable per kernel, indexed by func_id, with sig_count() equal to
// the kernel's signature length, plus the orchestration callable. Expects a
// manifest that load_manifest_* accepted; anything it cannot build faithfully
// (func_ids not dense, a signature that disagrees with the params, a count over
// a limit) throws std::invalid_argument. An empty binder leaves entries null;
// exceptions from the binder propagate.
ChipCallable build_callables(const Manifest& manifest,
                             const KernelBinder& binder);

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_MANIFEST_LOADER_H
