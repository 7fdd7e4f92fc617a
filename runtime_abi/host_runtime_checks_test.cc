// The host runtime's loud checks: task payloads against kernel signatures,
// the tensor dump, and the race check.
#include "host_runtime.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host_runtime_test_support.h"

using namespace taskc::host;
using namespace taskc::host::test;
namespace abi = taskc::abi;

namespace {

// --- signature checks ------------------------------------------------------

// Three plain matmul tasks, each with three tensors.
void three_matmuls_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_b = orch_args.tensor(1).ref();
  const ChipTensor& ext_c = orch_args.tensor(2).ref();
  PTO2_SCOPE() {
    for (int64_t i = 0; i < 3; i += 1) {
      PTO2_SCOPE() {
        CoreTaskArgs params_t0;
        params_t0.add_input(ext_a);
        params_t0.add_input(ext_b);
        params_t0.add_output(ext_c);
        rt_submit_aic_task(0, params_t0);
      }
    }
  }
}

abi::ChipCallable matmul_with_signature(const std::vector<ArgDirection>& sig) {
  KernelRegistry registry;
  registry.add("kernel_matmul", abi::CoreType::AIC, sig, kernel_matmul);
  return registry.chip();
}

struct MatmulData {
  std::vector<float> a = std::vector<float>(4, 1.0f);  // [2, 2]
  std::vector<float> b = std::vector<float>(4, 2.0f);  // [2, 2]
  std::vector<float> c = std::vector<float>(4, 0.0f);  // [2, 2]

  void bind(HostRuntime& runtime) {
    runtime.bind_tensor(a, DataType::FLOAT32, {2, 2});
    runtime.bind_tensor(b, DataType::FLOAT32, {2, 2});
    runtime.bind_tensor(c, DataType::FLOAT32, {2, 2});
  }
};

TEST_CASE("an empty signature is reported for every task, loudly") {
  MatmulData data;
  HostRuntime runtime(matmul_with_signature({}));
  data.bind(runtime);
  const RunResult result = runtime.run(config_with_args<3>, three_matmuls_entry);
  REQUIRE(result.errors.size() == 3);
  for (int task = 0; task < 3; ++task) {
    const std::string& error = result.errors[static_cast<size_t>(task)];
    CHECK(contains(error, "task " + std::to_string(task) + ": "));
    CHECK(contains(error, "lane aic kernel 'kernel_matmul' (func_id 0)"));
    CHECK(contains(error, "signature has 0 entries (sig_count)"));
    CHECK(contains(error, "payload carries 3 tensors (tensor_count)"));
  }
  CHECK(result.kernel_tasks == 3);
  CHECK(result.kernel_invocations == 0);  // no task ran
}

TEST_CASE("an empty signature makes the dump report each task, not nothing") {
  const std::string dir = (std::filesystem::temp_directory_path() /
                           "taskc_host_dump_empty_signature")
                              .string();
  std::filesystem::remove_all(dir);
  MatmulData data;
  HostRuntime runtime(matmul_with_signature({}),
                      HostRuntimeOptions{1, dir, false});
  data.bind(runtime);
  const RunResult result = runtime.run(config_with_args<3>, three_matmuls_entry);
  // One signature error and one dump error per task.
  REQUIRE(result.errors.size() == 6);
  int dump_errors = 0;
  for (const std::string& error : result.errors) {
    if (contains(error, "tensor dump: task ")) {
      ++dump_errors;
      CHECK(contains(error, "signature of 0 entries but the payload carries 3"));
    }
  }
  CHECK(dump_errors == 3);
  std::ifstream index_file(result.dump_index_path);
  REQUIRE(index_file);
  const nlohmann::json index = nlohmann::json::parse(index_file);
  CHECK(index["entries"].empty());
  REQUIRE(index["errors"].size() == 3);
  CHECK(contains(index["errors"][2].get<std::string>(), "task 2"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a payload method that contradicts the signature is an error") {
  MatmulData data;
  HostRuntime runtime(matmul_with_signature({IN, IN, INOUT}));
  data.bind(runtime);
  const RunResult result = runtime.run(config_with_args<3>, three_matmuls_entry);
  REQUIRE(result.errors.size() == 3);
  CHECK(contains(result.errors[0],
                 "payload tensor 2 was added with add_output but signature "
                 "entry 2 is INOUT"));
}

void wrong_lanes_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_b = orch_args.tensor(1).ref();
  const ChipTensor& ext_c = orch_args.tensor(2).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_input(ext_a);
    params_t0.add_input(ext_b);
    params_t0.add_output(ext_c);
    rt_submit_aiv_task(0, params_t0);  // kernel_matmul is an aic kernel
    CoreTaskArgs params_t1;
    params_t1.add_input(ext_a);
    params_t1.add_no_dep(ext_b);
    params_t1.add_output(ext_c);
    MixedKernels mixed_t1 = {0, 7, INVALID_KERNEL_ID};  // 7 is not registered
    rt_submit_task(mixed_t1, params_t1);
  }
}

TEST_CASE("wrong core types and unregistered kernel ids are errors") {
  MatmulData data;
  HostRuntime runtime(matmul_with_signature({IN, IN, OUT}));
  data.bind(runtime);
  const RunResult result = runtime.run(config_with_args<3>, wrong_lanes_entry);
  REQUIRE(result.errors.size() == 2);
  CHECK(contains(result.errors[0], "task 0: lane aiv0 kernel 'kernel_matmul'"));
  CHECK(contains(result.errors[0], "core type aic but the lane needs aiv"));
  CHECK(contains(result.errors[1],
                 "task 1: lane aiv0: kernel id 7 is not registered"));
}

void bad_allocations_entry(const ChipTaskArgs& orch_args) {
  (void)orch_args.tensor(5).ref();
  PTO2_SCOPE() {
    uint32_t huge_shapes[3] = {4294967295u, 4294967295u, 4294967295u};
    TensorCreateInfo huge_ci(huge_shapes, 3, DataType::FLOAT32);
    uint32_t scalar_shapes[1] = {1};
    TensorCreateInfo rank_zero_ci(scalar_shapes, 0, DataType::INT32);
    TaskOutputTensors alloc_0 = alloc_tensors(huge_ci, rank_zero_ci);
    (void)alloc_0.get_ref(1);
    (void)alloc_0.get_ref(2);
  }
}

TEST_CASE("impossible allocations and bad indices are errors") {
  HostRuntime runtime(standard_kernels());
  const RunResult result = runtime.run(config_with_args<0>, bad_allocations_entry);
  REQUIRE(result.errors.size() == 4);
  CHECK(contains(result.errors[0],
                 "orch_args.tensor(5): index out of range; there are 0"));
  CHECK(contains(result.errors[1], "create-info 0: cannot allocate"));
  CHECK(contains(result.errors[2], "create-info 1 has rank 0"));
  CHECK(contains(result.errors[3],
                 "TaskOutputTensors::get_ref(2): index out of range; there are 2"));
}

// --- tensor dump ---------------------------------------------------------------

void single_matmul_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_b = orch_args.tensor(1).ref();
  const ChipTensor& ext_c = orch_args.tensor(2).ref();
  PTO2_SCOPE() {
    // t0: kernel_matmul
    CoreTaskArgs params_t0;
    params_t0.add_input(ext_a);
    params_t0.add_input(ext_b);
    params_t0.add_output(ext_c);
    rt_submit_aic_task(4, params_t0);
  }
}

std::vector<float> blob_floats(const std::vector<char>& blob,
                               const nlohmann::json& entry) {
  const size_t offset = entry["offset"].get<size_t>();
  const size_t size = entry["size"].get<size_t>();
  std::vector<float> values(size / sizeof(float));
  REQUIRE(offset + size <= blob.size());
  std::memcpy(values.data(), blob.data() + offset, size);
  return values;
}

TEST_CASE("the dump of one matmul holds two inputs before and the output after") {
  const std::string dir =
      (std::filesystem::temp_directory_path() / "taskc_host_dump_matmul").string();
  std::filesystem::remove_all(dir);
  std::vector<float> a = {1, 2, 3, 4, 5, 6};     // [2, 3]
  std::vector<float> b = {1, 0, 0, 1, 1, 1};     // [3, 2]
  std::vector<float> c = {-1, -1, -1, -1};       // [2, 2], overwritten
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{1, dir, false});
  runtime.bind_tensor(a, DataType::FLOAT32, {2, 3});
  runtime.bind_tensor(b, DataType::FLOAT32, {3, 2});
  runtime.bind_tensor(c, DataType::FLOAT32, {2, 2});
  const RunResult result = runtime.run(config_with_args<3>, single_matmul_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(c == std::vector<float>{4, 5, 10, 11});
  REQUIRE(result.dump_entries == 3);

  std::ifstream index_file(result.dump_index_path);
  const nlohmann::json index = nlohmann::json::parse(index_file);
  std::ifstream blob_file(result.dump_blob_path, std::ios::binary);
  const std::vector<char> blob((std::istreambuf_iterator<char>(blob_file)),
                               std::istreambuf_iterator<char>());
  CHECK(index["blob"] == "tensor_dump.bin");
  CHECK(index["errors"].empty());
  const nlohmann::json& entries = index["entries"];
  REQUIRE(entries.size() == 3);
  const char* stages[] = {"before", "before", "after"};
  const char* directions[] = {"IN", "IN", "OUT"};
  for (size_t slot = 0; slot < 3; ++slot) {
    const nlohmann::json& entry = entries[slot];
    CHECK(entry["task"] == 0);
    CHECK(entry["kernel"] == "kernel_matmul");
    CHECK(entry["func_id"] == 4);
    CHECK(entry["slot"] == slot);
    CHECK(entry["direction"] == directions[slot]);
    CHECK(entry["stage"] == stages[slot]);
    CHECK(entry["dtype"] == "FLOAT32");
  }
  CHECK(entries[0]["shape"] == nlohmann::json::array({2, 3}));
  CHECK(entries[2]["shape"] == nlohmann::json::array({2, 2}));
  CHECK(entries[2]["size"] == 16);
  CHECK(blob.size() == 24 + 24 + 16);
  CHECK(blob_floats(blob, entries[0]) == a);
  CHECK(blob_floats(blob, entries[1]) == b);
  CHECK(blob_floats(blob, entries[2]) == c);
  std::filesystem::remove_all(dir);
}

void inout_view_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();  // [4, 4]
  PTO2_SCOPE() {
    uint32_t shapes[2] = {2, 2};
    uint32_t offsets[2] = {1, 2};
    const ChipTensor block = ext_x.view(shapes, offsets);
    CoreTaskArgs params_t0;
    params_t0.add_inout(block);
    params_t0.add_scalar(to_u64(100.0f));
    rt_submit_aiv_task(2, params_t0);
  }
}

TEST_CASE("an INOUT view is dumped before and after, as its elements") {
  const std::string dir =
      (std::filesystem::temp_directory_path() / "taskc_host_dump_inout").string();
  std::filesystem::remove_all(dir);
  std::vector<float> x(16);
  for (size_t i = 0; i < 16; ++i) x[i] = static_cast<float>(i);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{1, dir, false});
  runtime.bind_tensor(x, DataType::FLOAT32, {4, 4});
  const RunResult result = runtime.run(config_with_args<1>, inout_view_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  std::ifstream index_file(result.dump_index_path);
  const nlohmann::json index = nlohmann::json::parse(index_file);
  std::ifstream blob_file(result.dump_blob_path, std::ios::binary);
  const std::vector<char> blob((std::istreambuf_iterator<char>(blob_file)),
                               std::istreambuf_iterator<char>());
  REQUIRE(index["entries"].size() == 2);
  CHECK(index["entries"][0]["stage"] == "before");
  CHECK(index["entries"][0]["direction"] == "INOUT");
  CHECK(index["entries"][1]["stage"] == "after");
  CHECK(blob_floats(blob, index["entries"][0]) == std::vector<float>{6, 7, 10, 11});
  CHECK(blob_floats(blob, index["entries"][1]) ==
        std::vector<float>{106, 107, 110, 111});
  std::filesystem::remove_all(dir);
}

// --- race check -------------------------------------------------------------------

bool g_order_write_after_read = false;

// t0 reads x, t1 overwrites x: write-after-read, which the tensor map does
// not order.
void write_after_read_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();
  const ChipTensor& ext_y = orch_args.tensor(1).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_input(ext_x);
    params_t0.add_output(ext_y);
    params_t0.add_scalar(to_u64(1.0f));
    TaskOutputTensors task_0_outs = rt_submit_aiv_task(1, params_t0);
    CoreTaskArgs params_t1;
    params_t1.add_output(ext_x);
    params_t1.add_scalar(to_u64(7.0f));
    PTO2TaskId deps_t1[] = {task_0_outs.task_id()};
    params_t1.set_dependencies(deps_t1, g_order_write_after_read ? 1 : 0);
    rt_submit_aiv_task(3, params_t1);
  }
}

TEST_CASE("the race check reports a write-after-read without dependency") {
  std::vector<float> x(4, 1.0f), y(4, 0.0f);
  g_order_write_after_read = false;
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{1, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {4});
  runtime.bind_tensor(y, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<2>, write_after_read_entry);
  REQUIRE(result.races.size() == 1);
  REQUIRE(result.errors.size() == 1);
  const RaceReport& race = result.races[0];
  CHECK(race.first_task == 0);
  CHECK(race.first_kernel == "kernel_add_scalar");
  CHECK_FALSE(race.first_writes);
  CHECK(race.second_task == 1);
  CHECK(race.second_kernel == "kernel_slow_fill");
  CHECK(race.second_writes);
  CHECK(contains(result.errors[0], "task 0 (kernel_add_scalar) reads slot 0"));
  CHECK(contains(result.errors[0], "task 1 (kernel_slow_fill) writes slot 0"));
}

TEST_CASE("the race check is clean once set_dependencies orders the pair") {
  std::vector<float> x(4, 1.0f), y(4, 0.0f);
  g_order_write_after_read = true;
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{2, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {4});
  runtime.bind_tensor(y, DataType::FLOAT32, {4});
  const RunResult result = runtime.run(config_with_args<2>, write_after_read_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.races.empty());
  CHECK(y == std::vector<float>(4, 2.0f));  // read before the overwrite
  CHECK(x == std::vector<float>(4, 7.0f));
  g_order_write_after_read = false;
}

void disjoint_tiles_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_x = orch_args.tensor(0).ref();  // [4, 8]
  PTO2_SCOPE(PTO2ScopeMode::MANUAL) {
    for (uint32_t col = 0; col < 8; col += 4) {
      uint32_t shapes[2] = {4, 4};
      uint32_t offsets[2] = {0, col};
      const ChipTensor tile = ext_x.view(shapes, offsets);
      CoreTaskArgs params_t0;
      params_t0.add_inout(tile);
      params_t0.add_scalar(to_u64(1.0f));
      rt_submit_aiv_task(2, params_t0);
    }
  }
}

TEST_CASE("column tiles of one tensor do not race with each other") {
  std::vector<float> x(32, 0.0f);
  HostRuntime runtime(standard_kernels(), HostRuntimeOptions{2, "", true});
  runtime.bind_tensor(x, DataType::FLOAT32, {4, 8});
  const RunResult result = runtime.run(config_with_args<1>, disjoint_tiles_entry);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(x == std::vector<float>(32, 1.0f));
}

}  // namespace
