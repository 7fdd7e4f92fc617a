// The host runtime against hostile or broken orchestrations and kernels:
// nothing runs after an error, lying tensor descriptors are refused before
// any byte is touched, a kernel that writes an IN tensor is caught, and the
// tensor dump neither follows links nor leaves broken files.
#include "host_runtime.h"

#include <catch2/catch.hpp>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host_runtime_build_support.h"
#include "host_runtime_test_support.h"

using namespace taskc::host;
using namespace taskc::host::test;
namespace fs = std::filesystem;
namespace abi = taskc::abi;

namespace {

// Dereferences its tensor without a check: the runtime must never call it
// with a tensor that has no buffer.
void trusting_kernel(int64_t* args) {
  const ChipTensor& t = tensor_arg(args, 0);
  *static_cast<volatile float*>(t.buffer) += 1.0f;
}

abi::ChipCallable trusting_kernels() {
  KernelRegistry registry;
  registry.add_aiv("trusting", {INOUT}, trusting_kernel);
  return registry.chip();
}

void out_of_range_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  const ChipTensor& missing = orch_args.tensor(3).ref();  // only one is bound
  PTO2_SCOPE() {
    uint32_t shapes[1] = {4};
    TensorCreateInfo ci(shapes, 1, DataType::FLOAT32);
    TaskOutputTensors alloc_0 = alloc_tensors(ci);
    const ChipTensor& beyond = alloc_0.get_ref(1);
    for (const ChipTensor* t : {&missing, &beyond, &ext_x}) {
      CoreTaskArgs params;
      params.add_inout(*t);
      rt_submit_aiv_task(0, params);
    }
  }
}

TEST_CASE("after an error no task runs and the error is reported") {
  const uint32_t threads = GENERATE(1u, 2u);
  std::vector<float> x(1, 0.0f);
  HostRuntime runtime(trusting_kernels(), HostRuntimeOptions{threads, "", false});
  runtime.bind_tensor(x, DataType::FLOAT32, {1});
  const RunResult result = runtime.run(config_with_args<1>, out_of_range_entry);
  REQUIRE(result.errors.size() == 4);
  CHECK(contains(result.errors[0], "orch_args.tensor(3): index out of range; there are 1"));
  CHECK(contains(result.errors[1], "TaskOutputTensors::get_ref(1): index out of range"));
  CHECK(contains(result.errors[2], "task 0: payload tensor 0: it has no buffer"));
  CHECK(contains(result.errors[3], "task 1: payload tensor 0: it has no buffer"));
  CHECK(result.tasks_run == 0);  // not even task 2, whose tensor is fine
  CHECK(x[0] == 0.0f);
}

// --- lying descriptors -----------------------------------------------------------------

int g_lie = 0;

void lying_descriptor_entry(const ChipTaskArgs& orch_args) {
  ChipTensor lie = orch_args.tensor(0).ref();  // FLOAT32 [4]
  switch (g_lie) {
    case 0: lie.shapes[0] = 1000; break;                       // past the buffer
    case 1: lie.ndims = 6; break;                              // rank
    case 2: lie.dtype = static_cast<DataType>(99); break;      // dtype
    case 3: lie.buffer_bytes = 1u << 20; lie.shapes[0] = 1000; break;
    case 4: lie.start_offset = 2; break;                       // misaligned
    case 5: lie.strides[0] = 1u << 30; break;                  // stride
    default: lie.buffer = &g_lie; break;                       // foreign memory
  }
  PTO2_SCOPE() {
    CoreTaskArgs params;
    params.add_inout(lie);
    rt_submit_aiv_task(0, params);
  }
}

TEST_CASE("a descriptor that lies about its buffer is refused before use") {
  g_lie = GENERATE(0, 1, 2, 3, 4, 5, 6);
  const std::string dir =
      (fs::temp_directory_path() / ("taskc_lying_" + std::to_string(getpid()))).string();
  fs::remove_all(dir);
  std::vector<float> x(4, 0.0f);
  HostRuntime runtime(trusting_kernels(), HostRuntimeOptions{1, dir, true});
  runtime.bind_tensor(x, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<1>, lying_descriptor_entry);
  INFO("lie " << g_lie << ": " << result.error_text());
  REQUIRE_FALSE(result.errors.empty());
  CHECK(contains(result.errors[0], "task 0: payload tensor 0: "));
  const char* expected[] = {"reaching past the end of its 16-byte buffer",
                            "rank 6",
                            "an unknown dtype (99)",
                            "a buffer size of 1048576 bytes",
                            "not a multiple of its element size 4",
                            "reaching past the end",
                            "neither an entry tensor nor memory the runtime allocated"};
  CHECK(contains(result.errors[0], expected[g_lie]));
  CHECK(result.tasks_run == 0);
  CHECK(x == std::vector<float>(4, 0.0f));
  // Nothing of the descriptor reached the dump.
  REQUIRE(result.dump_error.empty());
  std::ifstream index_file(result.dump_index_path);
  const nlohmann::json index = nlohmann::json::parse(index_file);
  CHECK(index["entries"].empty());
  CHECK(fs::file_size(result.dump_blob_path) == 0);
  fs::remove_all(dir);
}

// --- kernels that change the descriptors they receive --------------------------------------

int g_scribble = 0;
std::vector<uint32_t> g_seen_extents;  // shapes[0] at each call's start

// Adds 1 to every element, then lies in the descriptor it was handed.
void scribbling_kernel(int64_t* args) {
  ChipTensor& t = *reinterpret_cast<ChipTensor*>(args[0]);
  g_seen_extents.push_back(t.shapes[0]);
  for (uint64_t i = 0; i < elements_of(t); ++i) float_at(t, i) += 1.0f;
  switch (g_scribble) {
    case 0: t.shapes[0] = 1u << 20; break;               // past the buffer
    case 1: t.ndims = 9; break;                          // past shapes[]
    case 2: t.dtype = static_cast<DataType>(77); break;  // unknown dtype
    case 3: t.buffer = &g_scribble; break;               // foreign memory
    default: t.strides[0] = 1u << 28; break;             // stride
  }
}

void two_block_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params;
    params.add_inout(ext_x);
    params.launch_spec.set_block_num(2);
    rt_submit_aiv_task(0, params);
    CoreTaskArgs again;
    again.add_inout(ext_x);
    rt_submit_aiv_task(0, again);
  }
}

TEST_CASE("a kernel that changes a descriptor it receives changes only its copy") {
  g_scribble = GENERATE(0, 1, 2, 3, 4);
  g_seen_extents.clear();
  ScratchDir scratch("taskc_scribble");
  KernelRegistry registry;
  registry.add_aiv("scribbler", {INOUT}, scribbling_kernel);
  HostRuntimeOptions options{1, scratch.path().string(), true};
  HostRuntime runtime(registry.chip(), options);
  std::vector<float> x(4, 0.0f);
  runtime.bind_tensor(x, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<1>, two_block_entry);
  INFO("scribble " << g_scribble << ": " << result.error_text() << result.dump_error);
  REQUIRE(result.ok());
  // Every call (two blocks, then the second task) saw the true descriptor.
  CHECK(g_seen_extents == std::vector<uint32_t>{4, 4, 4});
  CHECK(x == std::vector<float>(4, 3.0f));
  // The dump holds the true shape and the values, nothing past the buffer.
  std::ifstream index_file(result.dump_index_path);
  const nlohmann::json index = nlohmann::json::parse(index_file);
  REQUIRE(index["entries"].size() == 4);  // two tasks, before and after
  for (const nlohmann::json& entry : index["entries"]) {
    CHECK(entry["shape"] == nlohmann::json::array({4}));
    CHECK(entry["dtype"] == "FLOAT32");
    CHECK(entry["size"] == 16);
  }
  CHECK(fs::file_size(result.dump_blob_path) == 64);
}

// --- kernels that write what they read ------------------------------------------------------

void sneaky_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_acc = orch_args.tensor(0).ref();
  const ChipTensor& ext_out = orch_args.tensor(1).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params;
    params.add_input(ext_acc);
    params.add_output(ext_out);
    rt_submit_aiv_task(0, params);
  }
}

RunResult run_sneaky(bool check_directions, bool check_races) {
  KernelRegistry registry;
  registry.add_aiv("gemm_acc", {IN, OUT}, kernel_scales_its_input);
  HostRuntimeOptions options;
  options.check_directions = check_directions;
  options.check_races = check_races;
  options.tensor_param_names = {{"acc", "out"}};
  HostRuntime runtime(registry.chip(), options);
  std::vector<float> acc(3, 1.0f), out(3, 0.0f);
  runtime.bind_tensor(acc, DataType::FLOAT32, {3}, "c");
  runtime.bind_tensor(out, DataType::FLOAT32, {3});
  return runtime.run(config_with_args<2>, sneaky_entry);
}

TEST_CASE("a kernel that changes a tensor it receives as IN is reported") {
  for (const bool races : {false, true}) {
    const RunResult result = run_sneaky(!races, races);
    REQUIRE(result.errors.size() == 1);
    CHECK(contains(result.errors[0],
                   "task 0: lane aiv0 kernel 'gemm_acc' (func_id 0) changed payload "
                   "tensor slot 0 'acc' (entry tensor 0 'c'), which it receives as IN"));
  }
  CHECK(run_sneaky(false, false).ok());  // not asked for: not checked
}

// --- the tensor dump's files -------------------------------------------------------------

void one_add_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params;
    params.add_inout(ext_x);
    params.add_scalar(to_u64(1.0f));
    rt_submit_aiv_task(KERNEL_INCREMENT, params);
  }
}

RunResult run_one_add(const std::string& dump_dir, std::vector<float>& x) {
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{1, dump_dir, false});
  runtime.bind_tensor(x, DataType::FLOAT32, {2});
  return runtime.run(config_with_args<1>, one_add_entry);
}

TEST_CASE("the dump replaces links placed at its names instead of following them") {
  ScratchDir scratch("taskc_dump_links");
  const fs::path victim = scratch.path() / "victim.txt";
  std::ofstream(victim) << "keep me";
  const fs::path dump = scratch.path() / "dump";
  fs::create_directories(dump);
  fs::create_symlink(victim, dump / "tensor_dump.json");
  fs::create_symlink(victim, dump / "tensor_dump.bin");
  std::vector<float> x(2, 0.0f);
  const RunResult result = run_one_add(dump.string(), x);
  INFO(result.error_text() << result.dump_error);
  REQUIRE(result.ok());
  REQUIRE(result.dump_error.empty());
  std::ifstream victim_file(victim);
  const std::string kept((std::istreambuf_iterator<char>(victim_file)),
                         std::istreambuf_iterator<char>());
  CHECK(kept == "keep me");
  CHECK(fs::is_regular_file(fs::symlink_status(dump / "tensor_dump.json")));
  CHECK(fs::is_regular_file(fs::symlink_status(dump / "tensor_dump.bin")));
  CHECK(fs::file_size(dump / "tensor_dump.bin") == 16);  // before and after
}

TEST_CASE("a dump that cannot be written fails alone and leaves nothing behind") {
  ScratchDir scratch("taskc_dump_fails");
  std::vector<float> x(2, 0.0f);
  // The directory is a regular file.
  const fs::path not_a_dir = scratch.path() / "file";
  std::ofstream(not_a_dir) << "x";
  RunResult result = run_one_add(not_a_dir.string(), x);
  CHECK(result.ok());  // the run itself succeeded: its results stand
  CHECK(x == std::vector<float>(2, 1.0f));
  CHECK(contains(result.dump_error, "tensor dump: cannot create directory"));
  // A directory sits where the index goes: the rename fails, and neither
  // the temporary file nor an empty index is left.
  const fs::path dump = scratch.path() / "dump";
  fs::create_directories(dump / "tensor_dump.json");
  result = run_one_add(dump.string(), x);
  CHECK(result.ok());
  CHECK(contains(result.dump_error, "cannot replace"));
  for (const fs::directory_entry& entry : fs::directory_iterator(dump)) {
    const std::string name = entry.path().filename().string();
    CHECK(name.find("tmp-") == std::string::npos);
    if (entry.is_regular_file()) CHECK(entry.file_size() > 0);
  }
}

std::string file_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

TEST_CASE("a dump whose index cannot be written keeps the previous dump whole") {
  ScratchDir scratch("taskc_dump_pair");
  const fs::path dump = scratch.path() / "dump";
  std::vector<float> x(2, 0.0f);
  REQUIRE(run_one_add(dump.string(), x).dump_error.empty());
  const std::string old_index = file_text(dump / "tensor_dump.json");
  const std::string old_blob = file_text(dump / "tensor_dump.bin");
  // A file size limit that the new 16-byte blob fits and the index does not
  // (writes past it fail with EFBIG once SIGXFSZ is ignored; also as root).
  struct rlimit saved {};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  struct rlimit low = saved;
  low.rlim_cur = 64;
  void (*old_handler)(int) = std::signal(SIGXFSZ, SIG_IGN);
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &low) == 0);
  const RunResult result = run_one_add(dump.string(), x);
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  CHECK(result.ok());
  CHECK(x == std::vector<float>(2, 2.0f));  // the second run's results stand
  CHECK(contains(result.dump_error, "cannot write"));
  // Not the new blob beside the old index: the old pair, byte for byte.
  CHECK(file_text(dump / "tensor_dump.json") == old_index);
  CHECK(file_text(dump / "tensor_dump.bin") == old_blob);
  for (const fs::directory_entry& entry : fs::directory_iterator(dump)) {
    CHECK(entry.path().filename().string().find("tmp-") == std::string::npos);
  }
}

}  // namespace
