// Shared by the e2e tests: where the build put each program's generated
// orchestration library, manifest and host kernel library (e2e_paths.h,
// configured by meson), loading them the way a user's loader would, and
// reading the host runtime's tensor dump.
#ifndef TASKC_TESTS_E2E_E2E_SUPPORT_H
#define TASKC_TESTS_E2E_E2E_SUPPORT_H

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "abi.h"
#include "e2e_paths.h"
#include "host_kernels.h"
#include "host_runtime.h"
#include "manifest_loader.h"

namespace e2e {

namespace abi = taskc::abi;
namespace host = taskc::host;

// A directory under the system temp dir, emptied on creation and removed
// with the object; the pid keeps parallel test runs apart.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("taskc_e2e_" + name + "_" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(read_file(path));
}

// The manifest taskc wrote, through the runtime's loader.
inline abi::Manifest load_manifest(const std::string& manifest_path) {
  const abi::LoadResult loaded = abi::load_manifest_file(manifest_path);
  INFO(loaded.error_report());
  REQUIRE(loaded.ok());
  return *loaded.manifest;
}

// A program ready to run: its manifest, its kernel library (kept loaded as
// long as the callables may run) and callables with every kernel bound by
// name.
struct Program {
  abi::Manifest manifest;
  std::unique_ptr<host::HostKernelLibrary> kernels;
  abi::ChipCallable chip;
};

inline Program load_program(const std::string& manifest_path,
                            const std::string& kernel_library) {
  Program program;
  program.manifest = load_manifest(manifest_path);
  program.kernels = std::make_unique<host::HostKernelLibrary>(kernel_library);
  INFO(program.kernels->error());
  REQUIRE(program.kernels->ok());
  const host::HostKernelLibrary& kernels = *program.kernels;
  program.chip = abi::build_callables(
      program.manifest,
      [&kernels](const abi::ManifestKernel& k) { return kernels.entry(k.name); });
  for (const abi::ManifestKernel& kernel : program.manifest.kernels) {
    const abi::CoreCallable* callable = program.chip.child(kernel.func_id);
    REQUIRE(callable != nullptr);
    INFO("kernel " << kernel.name);
    CHECK(callable->entry() != nullptr);
    CHECK(callable->sig_count() == kernel.signature.size());
  }
  return program;
}

inline size_t count_containing(const std::vector<std::string>& lines,
                               const std::string& part) {
  size_t count = 0;
  for (const std::string& line : lines) {
    if (line.find(part) != std::string::npos) ++count;
  }
  return count;
}

inline size_t count_starting_with(const std::vector<std::string>& lines,
                                  const std::string& prefix) {
  size_t count = 0;
  for (const std::string& line : lines) {
    if (line.compare(0, prefix.size(), prefix) == 0) ++count;
  }
  return count;
}

// One dump index entry, as the test compares it.
struct DumpSlot {
  std::string kernel;
  uint32_t slot;
  std::string direction;
  std::string stage;
  bool operator==(const DumpSlot& o) const {
    return std::tie(kernel, slot, direction, stage) ==
           std::tie(o.kernel, o.slot, o.direction, o.stage);
  }
};

inline std::ostream& operator<<(std::ostream& out, const DumpSlot& s) {
  return out << s.kernel << " slot " << s.slot << " " << s.direction << " "
             << s.stage;
}

// What the dump must hold for one task of `kernel`: every signature entry,
// IN before the task, OUT after it, INOUT both (in slot order, before first).
inline std::vector<DumpSlot> expected_dump_slots(
    const abi::ManifestKernel& kernel) {
  std::vector<DumpSlot> slots;
  for (uint32_t i = 0; i < kernel.signature.size(); ++i) {
    const abi::ArgDirection d = kernel.signature[i];
    const std::string name = abi::direction_name(d);
    if (d == abi::ArgDirection::IN || d == abi::ArgDirection::INOUT) {
      slots.push_back({kernel.name, i, name, "before"});
    }
    if (d == abi::ArgDirection::OUT || d == abi::ArgDirection::INOUT) {
      slots.push_back({kernel.name, i, name, "after"});
    }
  }
  return slots;
}

// Checks that the dump of a run holds every tensor slot of every one of its
// `task_count` tasks with the stages its kernel's signature says, and no
// errors. Returns the index for further checks.
inline nlohmann::json check_dump_covers_every_slot(
    const host::RunResult& result, const abi::Manifest& manifest) {
  REQUIRE_FALSE(result.dump_index_path.empty());
  const nlohmann::json index = read_json(result.dump_index_path);
  CHECK(index.at("format") == "taskc-host-tensor-dump");
  CHECK(index.at("errors").empty());
  std::map<uint32_t, std::vector<DumpSlot>> by_task;
  for (const nlohmann::json& entry : index.at("entries")) {
    by_task[entry.at("task").get<uint32_t>()].push_back(
        {entry.at("kernel").get<std::string>(), entry.at("slot").get<uint32_t>(),
         entry.at("direction").get<std::string>(),
         entry.at("stage").get<std::string>()});
  }
  CHECK(by_task.size() == result.kernel_tasks);
  size_t expected_entries = 0;
  for (uint32_t task = 0; task < result.kernel_tasks; ++task) {
    INFO("task " << task);
    REQUIRE(by_task.count(task) == 1);
    const std::vector<DumpSlot>& slots = by_task[task];
    const abi::ManifestKernel* kernel = manifest.kernel_by_name(slots[0].kernel);
    REQUIRE(kernel != nullptr);
    const std::vector<DumpSlot> expected = expected_dump_slots(*kernel);
    CHECK(slots == expected);
    expected_entries += expected.size();
  }
  CHECK(index.at("entries").size() == expected_entries);
  CHECK(result.dump_entries == expected_entries);
  return index;
}

// The bytes of one dump entry (the tensor's elements, row-major).
inline std::string dump_bytes(const host::RunResult& result,
                              const nlohmann::json& entry) {
  std::ifstream blob(result.dump_blob_path, std::ios::binary);
  REQUIRE(blob.good());
  const auto offset = entry.at("offset").get<std::streamoff>();
  const auto size = entry.at("size").get<size_t>();
  std::string bytes(size, '\0');
  blob.seekg(offset);
  blob.read(bytes.data(), static_cast<std::streamsize>(size));
  REQUIRE(blob.good());
  return bytes;
}

template <typename T>
std::string bytes_of(const std::vector<T>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()),
                     values.size() * sizeof(T));
}

}  // namespace e2e

#endif  // TASKC_TESTS_E2E_E2E_SUPPORT_H
