// Shared by the host runtime tests that write files or build libraries: a
// scratch directory, and compiling a source into a shared library as a
// user's build would (the project's compiler, the contract's warning flags,
// one of runtime_abi's header directories).
#ifndef TASKC_RUNTIME_ABI_HOST_RUNTIME_BUILD_SUPPORT_H
#define TASKC_RUNTIME_ABI_HOST_RUNTIME_BUILD_SUPPORT_H

#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "host_runtime_test_config.h"

namespace taskc::host::test {

// A scratch directory, removed with the object.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              (name + "_" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Compiles `source` into dir/name.so against the header directory
// `include_dir`; returns the compiler's exit status.
inline int compile_library(const ScratchDir& dir, const std::string& name,
                           const std::string& source,
                           const std::string& include_dir =
                               TASKC_HOST_API_INCLUDE_DIR) {
  const std::filesystem::path source_path = dir.path() / (name + ".cpp");
  std::ofstream(source_path) << source;
  const std::string command =
      std::string(TASKC_HOST_TEST_CXX) +
      " -std=c++17 -Wall -Wextra -Werror -fPIC -shared -I \"" + include_dir +
      "\" -o \"" + (dir.path() / (name + ".so")).string() + "\" \"" +
      source_path.string() + "\" 2>&1";
  UNSCOPED_INFO(command);
  return std::system(command.c_str());
}

}  // namespace taskc::host::test

#endif  // TASKC_RUNTIME_ABI_HOST_RUNTIME_BUILD_SUPPORT_H
