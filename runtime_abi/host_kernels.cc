#include "host_kernels.h"

#include <dlfcn.h>

namespace taskc::host {

HostKernelLibrary::HostKernelLibrary(const std::string& path) : path_(path) {
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char* reason = dlerror();
    error_ = "cannot load host kernel library '" + path +
             "': " + (reason != nullptr ? reason : "unknown reason");
  }
}

HostKernelLibrary::~HostKernelLibrary() {
  if (handle_ != nullptr) dlclose(handle_);
}

abi::HostEntry HostKernelLibrary::entry(const std::string& name) const {
  if (handle_ == nullptr) return nullptr;
  return reinterpret_cast<abi::HostEntry>(dlsym(handle_, name.c_str()));
}

std::vector<std::string> HostKernelLibrary::bind_entries(
    abi::ChipCallable& chip) const {
  std::vector<std::string> problems;
  if (!ok()) {
    problems.push_back(error_);
    return problems;
  }
  for (abi::CoreCallable& kernel : chip.children) {
    if (kernel.entry() != nullptr) continue;
    const abi::HostEntry found = entry(kernel.name());
    if (found == nullptr) {
      problems.push_back("kernel '" + kernel.name() + "' (func_id " +
                         std::to_string(kernel.func_id()) +
                         "): host kernel library '" + path_ +
                         "' has no symbol '" + kernel.name() +
                         "' (extern \"C\" void " + kernel.name() +
                         "(int64_t* args))");
      continue;
    }
    kernel.set_entry(found);
  }
  return problems;
}

}  // namespace taskc::host
