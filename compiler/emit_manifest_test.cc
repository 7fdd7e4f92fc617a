// The manifest JSON and kernel_config.py.
#include "emit_manifest.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

#include "compiler_test_config.h"
#include "emit_kernel_config.h"
#include "plan_test_support.h"

using namespace taskc;
using namespace taskc::test;

namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
  return out;
}

std::vector<std::string> strings(const Json& array) {
  std::vector<std::string> out;
  for (const Json& j : array) out.push_back(j.get<std::string>());
  return out;
}

const char* const kShapes = R"kir(module shapes;
dim M, N;
const T = 16;
@dual_aiv
@source("kernels/aiv/v.cpp")
kernel aiv v(in a: Tensor[[M, T], BF16], out b: Tensor[[?, 2 * N], FP32]);
kernel aic c(in a: Tensor[[M, T], BF16], out b: Tensor[[?, 2 * N], FP32]);
kernel aiv unused_kernel();
kernel aiv only_scalars(x: Scalar[INDEX], y: Scalar[BOOL]);
group g(in a: Tensor[[M, T], BF16], out b: Tensor[[?, 2 * N], FP32]) { aic c; aiv v; }
orchestration o(in a: Tensor[[M, T], BF16], inout b: Tensor[[N, 2 * N], FP32], s: Scalar[INT32]) {
  call g(a, b);
  call only_scalars(1, true);
}
)kir";

}  // namespace

TEST_CASE("manifest of the vector example (language.md §1)") {
  auto p = plan_source(kVectorExample, "vector_example.kir");
  std::string text = emit_manifest_json(p->plan, "vector_example.orch.cpp", "vector_example.kir");
  CHECK(text.back() == '\n');
  Json m = Json::parse(text);
  CHECK(keys(m) == std::vector<std::string>{"schema_version", "generator", "fingerprint",
                                            "module", "target", "runtime", "limits",
                                            "orchestration", "kernels", "groups", "sites"});
  CHECK(m["schema_version"] == 1);
  CHECK(m["generator"]["name"] == "taskc");
  CHECK_FALSE(m["generator"]["version"].get<std::string>().empty());
  CHECK(m["module"] == "vector_example");
  CHECK(m["target"] == "a2a3");
  CHECK(m["runtime"] == "tensormap_and_ringbuffer");
  CHECK(keys(m["limits"]) == std::vector<std::string>{"core_max_tensor_args",
                                                      "core_max_scalar_args",
                                                      "chip_max_tensor_args",
                                                      "chip_max_scalar_args"});
  CHECK(m["limits"]["core_max_tensor_args"] == 32);
  const Json& orch = m["orchestration"];
  CHECK(keys(orch) == std::vector<std::string>{"name", "source", "function_name", "config_name",
                                               "signature", "scalar_count",
                                               "expected_arg_count", "params"});
  CHECK(orch["source"] == "vector_example.orch.cpp");
  CHECK(strings(orch["signature"]) == std::vector<std::string>{"IN", "IN", "OUT"});
  CHECK(orch["expected_arg_count"] == 3);
  CHECK(orch["scalar_count"] == 0);

  const Json& kernels = m["kernels"];
  REQUIRE(kernels.size() == 3);
  CHECK(keys(kernels[0]) == std::vector<std::string>{"func_id", "name", "core_type",
                                                     "dual_aiv", "source", "signature",
                                                     "scalar_count", "params",
                                                     "call_sites"});
  CHECK(kernels[0]["name"] == "kernel_add");
  CHECK(kernels[0]["func_id"] == 0);
  CHECK(strings(kernels[0]["signature"]) == std::vector<std::string>{"IN", "IN", "OUT"});
  CHECK(kernels[0]["call_sites"] == 2);
  CHECK(kernels[1]["name"] == "kernel_add_scalar");
  CHECK(kernels[1]["func_id"] == 1);
  CHECK(strings(kernels[1]["signature"]) == std::vector<std::string>{"IN", "OUT"});
  CHECK(kernels[1]["scalar_count"] == 2);
  CHECK(kernels[1]["params"][2] == Json{{"name", "s"}, {"kind", "scalar"}, {"dtype", "FLOAT32"}});
  CHECK(kernels[2]["name"] == "kernel_mul");
  CHECK(kernels[2]["func_id"] == 2);
  CHECK(strings(kernels[2]["signature"]) == std::vector<std::string>{"IN", "IN", "OUT"});
  CHECK(m["groups"] == Json::array());
}

TEST_CASE("the fingerprint covers interfaces and calls, not lines or names") {
  auto p = plan_source(kVectorExample, "vector_example.kir");
  const std::string fingerprint = manifest_fingerprint(p->plan);
  CHECK(fingerprint.rfind("vector_example:", 0) == 0);
  CHECK(fingerprint.size() == std::string("vector_example:").size() + 16);
  Json m = Json::parse(emit_manifest_json(p->plan, "x.orch.cpp", "x.kir"));
  CHECK(m["fingerprint"] == fingerprint);
  REQUIRE(m["sites"].size() == 5);
  CHECK(m["sites"][3] == Json{{"file", "x.kir"}, {"line", 26}, {"callee", "kernel_mul"},
                              {"tensors", {"d", "e", "g"}}});
  // A comment line moves every call: the fingerprint stays.
  std::string moved = kVectorExample;
  moved.insert(moved.find("orchestration "), "# moved\n");
  auto q = plan_source(moved.c_str(), "other.kir");
  CHECK(manifest_fingerprint(q->plan) == fingerprint);
  // Calls in another order: another fingerprint.
  std::string swapped = kVectorExample;
  const std::string first = "call kernel_add_scalar(c, d, 1.0, 3);";
  const std::string second = "call kernel_add_scalar(c, e, 2.0, 3);";
  swapped.replace(swapped.find(first), first.size(), "call kernel_add_scalar(c, e, 2.0, 3);");
  swapped.replace(swapped.rfind(second), second.size(), first);
  auto r = plan_source(swapped.c_str(), "vector_example.kir");
  CHECK(manifest_fingerprint(r->plan) != fingerprint);
}

namespace {

// The documented definition, from the manifest itself: FNV-1a of the
// compact dump without the generator, the sources and the locations.
std::string fingerprint_of(Json m) {
  for (const char* key : {"schema_version", "generator", "fingerprint"}) m.erase(key);
  m["orchestration"].erase("source");
  for (Json& k : m["kernels"]) k.erase("source");
  for (Json& site : m["sites"]) {
    site.erase("file");
    site.erase("line");
  }
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : m.dump(-1, ' ', false, Json::error_handler_t::replace)) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return m["module"].get<std::string>() + ":" + hex;
}

}  // namespace

TEST_CASE("the fingerprint is the hash of the manifest's canonical content") {
  auto p = plan_source(kVectorExample, "vector_example.kir");
  Json m = Json::parse(emit_manifest_json(p->plan, "x.orch.cpp", "x.kir"));
  CHECK(fingerprint_of(m) == manifest_fingerprint(p->plan));
  // Texts the dump escapes (quotes, backslashes, control bytes, UTF-8,
  // invalid UTF-8) and a site without tensors hash as the dump writes them.
  p->plan.sites[0].tensors = {"a\"b", "c\\d", "e\n\x01", "\xc3\xa9", "\xff", ""};
  p->plan.sites[1].tensors.clear();
  m = Json::parse(emit_manifest_json(p->plan, "x.orch.cpp", "x.kir"));
  CHECK(fingerprint_of(m) == manifest_fingerprint(p->plan));
  p->plan.sites[2].callee = "other";
  CHECK(fingerprint_of(m) != manifest_fingerprint(p->plan));
}

TEST_CASE("manifest bytes match the checked-in vector example manifest") {
  auto p = plan_source(kVectorExample, "vector_example.kir");
  std::string expected = read_file(std::filesystem::path(TASKC_SOURCE_ROOT) / "testdata" /
                                   "manifests" / "vector_example.manifest.json");
  CHECK(emit_manifest_json(p->plan, "vector_example.orch.cpp", "vector_example.kir") == expected);
}

TEST_CASE("manifest shapes, groups, empty signatures, unused kernels") {
  auto p = plan_source(kShapes);
  Json m = Json::parse(emit_manifest_json(p->plan, "shapes.orch.cpp", "shapes.kir"));
  const Json& kernels = m["kernels"];
  REQUIRE(kernels.size() == 3);  // unused_kernel left out; func_ids dense
  CHECK(kernels[0]["name"] == "v");
  CHECK(kernels[0]["dual_aiv"] == true);
  CHECK(kernels[0]["source"] == "kernels/aiv/v.cpp");
  CHECK(kernels[1]["name"] == "c");
  CHECK(kernels[1]["core_type"] == "aic");
  CHECK(kernels[1]["source"] == "kernels/aic/c.cpp");
  CHECK(kernels[2]["name"] == "only_scalars");
  CHECK(kernels[2]["func_id"] == 2);
  CHECK(kernels[2]["signature"] == Json::array());
  CHECK(kernels[2]["scalar_count"] == 2);
  CHECK(kernels[2]["params"][0]["dtype"] == "INT64");  // INDEX at run time
  const Json& a = kernels[0]["params"][0];
  CHECK(keys(a) == std::vector<std::string>{"name", "kind", "direction", "dtype", "shape"});
  CHECK(a["shape"] == Json::parse(R"(["M", 16])"));
  CHECK(kernels[0]["params"][1]["shape"] == Json::parse(R"(["?", "2*N"])"));
  CHECK(m["groups"] == Json::parse(R"([{"name": "g", "aic": "c", "aiv": "v", "dual_aiv": true}])"));
  CHECK(m["orchestration"]["expected_arg_count"] == 3);
  CHECK(m["orchestration"]["scalar_count"] == 1);
  CHECK(strings(m["orchestration"]["signature"]) == std::vector<std::string>{"IN", "INOUT"});
}

TEST_CASE("kernel_config.py") {
  auto p = plan_source(kVectorExample, "vector_example.kir");
  std::string py = emit_kernel_config_py(p->plan, "vector_example.orch.cpp",
                                         "vector_example.kir", "9.9.9");
  CHECK(py.rfind("# Generated by taskc 9.9.9 from vector_example.kir. DO NOT EDIT.\n", 0) == 0);
  CHECK_THAT(py, Catch::Contains("from simpler.task_interface import ArgDirection as _D\n"));
  CHECK_THAT(py, Catch::Contains("_ROOT_DIR = Path(__file__).parent\n"));
  CHECK_THAT(py, Catch::Contains(
                     "RUNTIME_CONFIG = {\"runtime\": \"tensormap_and_ringbuffer\", "
                     "\"aicpu_thread_num\": 0}\n"));
  CHECK_THAT(py, Catch::Contains(
                     "ORCHESTRATION = {\n"
                     "    \"source\": str(_ROOT_DIR / \"vector_example.orch.cpp\"),\n"
                     "    \"function_name\": \"aicpu_orchestration_entry\",\n"
                     "    \"signature\": [_D.IN, _D.IN, _D.OUT],\n"
                     "}\n"));
  CHECK_THAT(py, Catch::Contains(
                     "    {\n"
                     "        \"func_id\": 1,\n"
                     "        \"name\": \"kernel_add_scalar\",\n"
                     "        \"source\": str(_ROOT_DIR / \"kernels/aiv/kernel_add_scalar.cpp\"),\n"
                     "        \"core_type\": \"aiv\",\n"
                     "        \"signature\": [_D.IN, _D.OUT],\n"
                     "    },\n"));
  CHECK_THAT(py, Catch::EndsWith("]\n"));
}

TEST_CASE("kernel_config.py: empty signatures, no import, escaped strings") {
  auto p = plan_source(R"kir(module m;
@source("k\"\\\xc3\xa9.cpp")
kernel aic k();
orchestration o(n: Scalar[INT32]) { call k(); }
)kir");
  std::string py = emit_kernel_config_py(p->plan, "out dir/m.orch.cpp", "in\n.kir", "9.9.9");
  CHECK(py.find("simpler") == std::string::npos);
  CHECK(py.find("signature") == std::string::npos);
  CHECK(py.rfind("# Generated by taskc 9.9.9 from in\\x0a.kir. DO NOT EDIT.\n", 0) == 0);
  CHECK_THAT(py, Catch::Contains("\"source\": str(_ROOT_DIR / \"k\\\"\\\\\\u00e9.cpp\"),"));
  CHECK_THAT(py, Catch::Contains("\"source\": str(_ROOT_DIR / \"out dir/m.orch.cpp\"),"));
}

TEST_CASE("kernel_config.py is valid Python (imported with a stub task_interface)") {
  std::string python = TASKC_TEST_PYTHON;
  if (python.empty()) {
    WARN("python3 not found; skipped");
    return;
  }
  ScratchDir dir("taskc-kernel-config-test");
  dir.write("simpler/__init__.py", "");
  dir.write("simpler/task_interface.py",
            "import enum\n"
            "class ArgDirection(enum.IntEnum):\n"
            "    SCALAR = 0\n    IN = 1\n    OUT = 2\n    INOUT = 3\n");
  auto p = plan_source(kShapes);
  dir.write("kernel_config.py",
            emit_kernel_config_py(p->plan, "shapes.orch.cpp", "shapes.kir", "9.9.9"));
  dir.write("check.py",
            "import sys\n"
            "sys.path.insert(0, sys.argv[1])\n"
            "import kernel_config as k\n"
            "from simpler.task_interface import ArgDirection as D\n"
            "assert k.RUNTIME_CONFIG == {'runtime': 'tensormap_and_ringbuffer', "
            "'aicpu_thread_num': 0}\n"
            "assert k.ORCHESTRATION['signature'] == [D.IN, D.INOUT]\n"
            "assert k.ORCHESTRATION['source'].endswith('shapes.orch.cpp')\n"
            "assert [e['func_id'] for e in k.KERNELS] == [0, 1, 2]\n"
            "assert k.KERNELS[0]['signature'] == [D.IN, D.OUT]\n"
            "assert 'signature' not in k.KERNELS[2]\n"
            "assert k.KERNELS[1]['core_type'] == 'aic'\n"
            "assert k.KERNELS[0]['source'].endswith('kernels/aiv/v.cpp')\n");
  std::string output;
  int status = run_command("'" + python + "' '" + (dir.path() / "check.py").string() + "' '" +
                               dir.path().string() + "'",
                           dir.path() / "log.txt", &output);
  INFO(output);
  CHECK(status == 0);
}
