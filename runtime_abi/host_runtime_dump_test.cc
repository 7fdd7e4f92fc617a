// Dump levels: FULL dumps every task and says which arguments were marked
// with CoreTaskArgs::dump(...); PARTIAL dumps exactly the marked tasks and
// arguments, scalars included.
#include "host_runtime.h"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host_runtime_test_support.h"

using namespace taskc::host;
using namespace taskc::host::test;
namespace fs = std::filesystem;

namespace {

// t0: c = a + b, marks b and c; t1: y = c + shift, unmarked; t2: y += step,
// marks its scalar.
void marked_entry(const ChipTaskArgs& orch_args) {
  const ChipTensor& ext_a = orch_args.tensor(0).ref();
  const ChipTensor& ext_b = orch_args.tensor(1).ref();
  const ChipTensor& ext_c = orch_args.tensor(2).ref();
  const ChipTensor& ext_y = orch_args.tensor(3).ref();
  PTO2_SCOPE() {
    CoreTaskArgs params_t0;
    params_t0.add_input(ext_a);
    params_t0.add_input(ext_b);
    params_t0.add_output(ext_c);
    params_t0.dump(ext_b, ext_c);
    rt_submit_aiv_task(KERNEL_ADD, params_t0);
    float shift = 0.5f;
    CoreTaskArgs params_t1;
    params_t1.add_input(ext_c);
    params_t1.add_output(ext_y);
    params_t1.add_scalar(shift);
    rt_submit_aiv_task(KERNEL_ADD_SCALAR, params_t1);
    float step = 2.0f;
    CoreTaskArgs params_t2;
    params_t2.add_inout(ext_y);
    params_t2.add_scalar(step);
    params_t2.dump(step);
    rt_submit_aiv_task(KERNEL_INCREMENT, params_t2);
  }
}

nlohmann::json run_marked(DumpLevel level, const std::string& dir) {
  std::vector<float> a = {1, 2}, b = {10, 20}, c(2, 0.0f), y(2, 0.0f);
  HostRuntimeOptions options;
  options.dump_dir = dir;
  options.dump_level = level;
  options.check_races = true;
  HostRuntime runtime(standard_kernels(), options);
  runtime.bind_tensor(a, DataType::FLOAT32, {2});
  runtime.bind_tensor(b, DataType::FLOAT32, {2});
  runtime.bind_tensor(c, DataType::FLOAT32, {2});
  runtime.bind_tensor(y, DataType::FLOAT32, {2});
  const RunResult result = runtime.run(config_with_args<4>, marked_entry);
  INFO(result.error_text() << result.dump_error);
  REQUIRE(result.ok());
  REQUIRE(result.dump_error.empty());
  CHECK(c == std::vector<float>{11, 22});
  CHECK(y == std::vector<float>{13.5f, 24.5f});
  std::ifstream index_file(result.dump_index_path);
  nlohmann::json index = nlohmann::json::parse(index_file);
  CHECK(index["entries"].size() == result.dump_entries);
  return index;
}

std::string key(const nlohmann::json& entry) {
  return "t" + std::to_string(entry["task"].get<int>()) + "s" +
         std::to_string(entry["slot"].get<int>()) + entry["stage"].get<std::string>() +
         (entry["marked"].get<bool>() ? "*" : "");
}

TEST_CASE("a partial dump holds exactly the marked tasks and arguments") {
  const std::string dir =
      (fs::temp_directory_path() / ("taskc_partial_" + std::to_string(getpid()))).string();
  fs::remove_all(dir);
  const nlohmann::json index = run_marked(DumpLevel::PARTIAL, dir);
  CHECK(index["version"] == 2);
  CHECK(index["level"] == "partial");
  std::vector<std::string> entries;
  for (const nlohmann::json& entry : index["entries"]) entries.push_back(key(entry));
  CHECK(entries == std::vector<std::string>{"t0s1before*", "t0s2after*"});
  REQUIRE(index["scalars"].size() == 1);
  const nlohmann::json& scalar = index["scalars"][0];
  CHECK(scalar["task"] == 2);
  CHECK(scalar["index"] == 0);
  CHECK(scalar["dtype"] == "FLOAT32");
  CHECK(scalar["raw"] == "0x0000000040000000");
  CHECK(scalar["marked"] == true);
  fs::remove_all(dir);
}

TEST_CASE("a full dump holds every task and records which entries were marked") {
  const std::string dir =
      (fs::temp_directory_path() / ("taskc_full_" + std::to_string(getpid()))).string();
  fs::remove_all(dir);
  const nlohmann::json index = run_marked(DumpLevel::FULL, dir);
  CHECK(index["level"] == "full");
  std::vector<std::string> entries;
  for (const nlohmann::json& entry : index["entries"]) entries.push_back(key(entry));
  CHECK(entries == std::vector<std::string>{"t0s0before", "t0s1before*", "t0s2after*",
                                            "t1s0before", "t1s1after", "t2s0before",
                                            "t2s0after"});
  REQUIRE(index["scalars"].size() == 2);
  CHECK(index["scalars"][0]["task"] == 1);
  CHECK(index["scalars"][0]["marked"] == false);
  CHECK(index["scalars"][1]["marked"] == true);
  fs::remove_all(dir);
}

}  // namespace
