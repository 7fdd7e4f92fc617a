// Host kernels from a shared library: each kernel NAME is the symbol
// `extern "C" void NAME(int64_t* args)` (calling convention in
// pto_orchestration_api.h).
//
//   HostKernelLibrary kernels("build/libvector_kernels.so");
//   if (!kernels.ok()) fail(kernels.error());
//   for (auto& problem : kernels.bind_entries(chip)) fail(problem);
//   // or, with the manifest loader:
//   build_callables(manifest, [&](const ManifestKernel& k) {
//     return kernels.entry(k.name); });
//
// The library stays loaded as long as this object lives; keep it alive
// while the callables run. Only a regular file is loaded.
#ifndef TASKC_RUNTIME_ABI_HOST_KERNELS_H
#define TASKC_RUNTIME_ABI_HOST_KERNELS_H

#include <string>
#include <vector>

#include "abi.h"

namespace taskc::host {

class HostKernelLibrary {
 public:
  explicit HostKernelLibrary(const std::string& path);
  ~HostKernelLibrary();
  HostKernelLibrary(const HostKernelLibrary&) = delete;
  HostKernelLibrary& operator=(const HostKernelLibrary&) = delete;

  bool ok() const { return handle_ != nullptr; }
  // Why the library could not be loaded; empty when ok().
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

  // The kernel named `name`: a function the library defines itself (a
  // symbol of one of its dependencies, say libc's `system`, is not taken),
  // or nullptr; the second form says why in `error`.
  abi::HostEntry entry(const std::string& name) const;
  abi::HostEntry entry(const std::string& name, std::string& error) const;
  // Gives every kernel of `chip` without an entry the symbol of its name.
  // Returns one message per kernel left without an entry.
  std::vector<std::string> bind_entries(abi::ChipCallable& chip) const;

 private:
  std::string path_;
  std::string error_;
  void* handle_ = nullptr;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_HOST_KERNELS_H
