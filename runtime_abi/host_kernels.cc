#include "host_kernels.h"

#include <dlfcn.h>

#include "shared_library.h"

namespace taskc::host {

HostKernelLibrary::HostKernelLibrary(const std::string& path) : path_(path) {
  handle_ = open_shared_library(path, "host kernel library", error_);
}

HostKernelLibrary::~HostKernelLibrary() {
  if (handle_ != nullptr) dlclose(handle_);
}

abi::HostEntry HostKernelLibrary::entry(const std::string& name) const {
  std::string error;
  return entry(name, error);
}

abi::HostEntry HostKernelLibrary::entry(const std::string& name,
                                        std::string& error) const {
  if (handle_ == nullptr) {
    error = error_;
    return nullptr;
  }
  return reinterpret_cast<abi::HostEntry>(own_function(handle_, name, error));
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
    std::string error;
    const abi::HostEntry found = entry(kernel.name(), error);
    if (found == nullptr) {
      problems.push_back("kernel '" + kernel.name() + "' (func_id " +
                         std::to_string(kernel.func_id()) +
                         "): host kernel library '" + path_ + "' " + error +
                         " (extern \"C\" void " + kernel.name() +
                         "(int64_t* args))");
      continue;
    }
    kernel.set_entry(found);
  }
  return problems;
}

}  // namespace taskc::host
