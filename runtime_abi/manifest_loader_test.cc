// Manifest loader: valid manifests, one case per validation rule (each checks
// the exact pointer of its error), document order, files, build_callables and
// the embedded schema. Hostile input is in manifest_hostile_test.cc.
#include "manifest_loader.h"

#include <functional>
#include <string>
#include <vector>

#include "manifest_schema.h"
#include "manifest_test_support.h"

namespace {

using namespace taskc::abi;
using namespace taskc::abi::testing;

// One mutation of the vector example and the error it must produce.
struct RuleCase {
  const char* what;
  std::function<void(Json&)> mutate;
  const char* pointer;
  const char* message;
};

void check_cases(const std::vector<RuleCase>& cases,
                 const std::function<Json()>& base = vector_example) {
  for (const RuleCase& c : cases) {
    INFO(c.what);
    Json document = base();
    c.mutate(document);
    LoadResult result = load(document);
    TASKC_CHECK_ERROR(result, c.pointer, c.message);
  }
}

Json& kernel(Json& document, size_t i) { return document["kernels"][i]; }

}  // namespace

TEST_CASE("the vector example loads with its signatures", "[loader]") {
  LoadResult result =
      load_manifest_file(testdata_path("vector_example.manifest.json"));
  INFO(all_errors(result));
  REQUIRE(result.ok());
  CHECK(result.errors.empty());
  const Manifest& m = *result.manifest;
  CHECK(m.schema_version == 1);
  CHECK(m.generator.name == "taskc");
  CHECK(m.module == "vector_example");
  CHECK(m.target == "a2a3");
  CHECK(m.runtime == "tensormap_and_ringbuffer");
  CHECK(m.limits.core_max_tensor_args == 32);
  CHECK(m.orchestration.signature ==
        std::vector<ArgDirection>{ArgDirection::IN, ArgDirection::IN,
                                  ArgDirection::OUT});
  CHECK(m.orchestration.expected_arg_count == 3);
  CHECK(m.orchestration.function_name == "aicpu_orchestration_entry");
  REQUIRE(m.kernels.size() == 3);
  CHECK(m.kernels[0].name == "kernel_add");
  CHECK(m.kernels[1].func_id == 1);
  CHECK(m.kernels[1].signature ==
        std::vector<ArgDirection>{ArgDirection::IN, ArgDirection::OUT});
  CHECK(m.kernels[1].scalar_count == 2);
  CHECK(m.kernels[2].scalar_count == 1);
  CHECK(m.kernels[2].core_type == CoreType::AIV);
  CHECK(m.kernels[0].call_sites == 2);
  REQUIRE(m.kernels[1].params.size() == 4);
  CHECK(m.kernels[1].params[2].kind == ParamKind::SCALAR);
  CHECK(m.kernels[1].params[2].direction == ArgDirection::SCALAR);
  CHECK(m.kernels[1].params[3].dtype == "UINT32");
  CHECK(m.kernels[0].params[0].shape ==
        std::vector<ShapeExtent>{std::string("N")});
  CHECK(m.groups.empty());
  CHECK(m.kernel_by_name("kernel_mul") == &m.kernels[2]);
  CHECK(m.kernel_by_func_id(1) == &m.kernels[1]);
  CHECK(m.kernel_by_name("nope") == nullptr);
}

TEST_CASE("the attention example loads with its group", "[loader]") {
  LoadResult result =
      load_manifest_file(testdata_path("attention_block.manifest.json"));
  INFO(all_errors(result));
  REQUIRE(result.ok());
  const Manifest& m = *result.manifest;
  CHECK(m.target == "a5");
  REQUIRE(m.groups.size() == 1);
  CHECK(m.groups[0].aic == "qk_pv_aic");
  CHECK(m.groups[0].dual_aiv);
  CHECK(m.kernels[0].core_type == CoreType::AIC);
  CHECK(m.kernels[0].params[0].shape ==
        std::vector<ShapeExtent>{int64_t{64}, int64_t{128}});
  CHECK(m.kernels[0].params[1].shape ==
        std::vector<ShapeExtent>{std::string("?"), int64_t{128}});
  CHECK(
      m.kernels[3].signature.empty());  // scalars only: a valid empty signature
  CHECK(m.orchestration.scalar_count == 2);
  CHECK(m.orchestration.expected_arg_count == 6);
}

TEST_CASE("an empty signature on a kernel with tensor params is refused",
          "[loader]") {
  LoadResult result =
      load_manifest_file(testdata_path("invalid/empty_signature.json"));
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0] ==
        "/kernels/0/signature: kernel 'kernel_add' has 3 tensor params but an "
        "empty signature");
  CHECK(result.error_report() ==
        result.origin + ": " + result.errors[0] + "\n");
}

TEST_CASE("schema_version and top-level keys", "[loader]") {
  check_cases({
      {"version 2", [](Json& d) { d["schema_version"] = 2; }, "/schema_version",
       "unsupported schema_version 2"},
      {"version as string", [](Json& d) { d["schema_version"] = "1"; },
       "/schema_version", "expected an integer, got the string \"1\""},
      {"version missing", [](Json& d) { d.erase("schema_version"); },
       "/schema_version", "required key is missing"},
      {"kernels missing", [](Json& d) { d.erase("kernels"); }, "/kernels",
       "required key is missing"},
      {"groups missing", [](Json& d) { d.erase("groups"); }, "/groups",
       "required key is missing"},
      {"generator version missing",
       [](Json& d) { d["generator"].erase("version"); }, "/generator/version",
       "required key is missing"},
      {"unknown top-level key", [](Json& d) { d["extra"] = 1; }, "/extra",
       "unknown key \"extra\""},
      {"module not a string", [](Json& d) { d["module"] = 7; }, "/module",
       "expected a string, got 7"},
      {"module not an identifier", [](Json& d) { d["module"] = "vector-ex"; },
       "/module", "is not an identifier"},
      {"target unknown", [](Json& d) { d["target"] = "a3"; }, "/target",
       "unknown target \"a3\""},
      {"runtime unknown", [](Json& d) { d["runtime"] = "host"; }, "/runtime",
       "unknown runtime \"host\""},
      {"limits above the runtime's",
       [](Json& d) { d["limits"]["core_max_tensor_args"] = 64; },
       "/limits/core_max_tensor_args", "64 is out of range 0..32"},
      {"kernels not an array", [](Json& d) { d["kernels"] = Json::object(); },
       "/kernels", "expected an array, got an object"},
  });
  Json not_object = Json::array();
  LoadResult result = load(not_object);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0] == "a manifest is a JSON object, got an array");
}

TEST_CASE("a newer schema_version is the only error reported", "[loader]") {
  Json d = vector_example();
  d["schema_version"] = 2;
  kernel(d, 0)["signature"] = "garbage";
  d["new_in_v2"] = true;
  LoadResult result = load(d);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0] ==
        "/schema_version: unsupported schema_version 2; this loader reads "
        "version 1");
}

TEST_CASE("kernel keys, func_ids and names", "[loader]") {
  check_cases({
      {"func_id missing", [](Json& d) { kernel(d, 1).erase("func_id"); },
       "/kernels/1/func_id", "required key is missing"},
      {"call_sites missing", [](Json& d) { kernel(d, 2).erase("call_sites"); },
       "/kernels/2/call_sites", "required key is missing"},
      {"unknown kernel key", [](Json& d) { kernel(d, 0)["line"] = 3; },
       "/kernels/0/line", "unknown key \"line\""},
      {"kernel not an object", [](Json& d) { kernel(d, 1) = 5; }, "/kernels/1",
       "expected an object, got 5"},
      {"func_id float", [](Json& d) { kernel(d, 1)["func_id"] = 1.0; },
       "/kernels/1/func_id", "expected an integer, got 1.0"},
      {"func_id negative", [](Json& d) { kernel(d, 0)["func_id"] = -1; },
       "/kernels/0/func_id", "-1 is out of range 0..1023"},
      {"func_id 1024", [](Json& d) { kernel(d, 2)["func_id"] = 1024; },
       "/kernels/2/func_id", "1024 is out of range 0..1023"},
      {"func_id duplicate", [](Json& d) { kernel(d, 2)["func_id"] = 1; },
       "/kernels/2/func_id", "func_id 1 is already used by /kernels/1"},
      {"func_id gap", [](Json& d) { kernel(d, 2)["func_id"] = 5; },
       "/kernels/2/func_id", "func_id 5 leaves a gap"},
      {"name duplicate", [](Json& d) { kernel(d, 2)["name"] = "kernel_add"; },
       "/kernels/2/name",
       "duplicate kernel name 'kernel_add' (first at /kernels/0)"},
      {"name with a dash", [](Json& d) { kernel(d, 0)["name"] = "kernel-add"; },
       "/kernels/0/name", "\"kernel-add\" is not an identifier"},
      {"name starting with a digit",
       [](Json& d) { kernel(d, 0)["name"] = "1k"; }, "/kernels/0/name",
       "is not an identifier"},
      {"name empty", [](Json& d) { kernel(d, 0)["name"] = ""; },
       "/kernels/0/name", "must not be empty"},
      {"core_type chip", [](Json& d) { kernel(d, 0)["core_type"] = "chip"; },
       "/kernels/0/core_type",
       "unknown core_type \"chip\" (expected aic, aiv)"},
      {"core_type upper case",
       [](Json& d) { kernel(d, 0)["core_type"] = "AIV"; },
       "/kernels/0/core_type", "unknown core_type \"AIV\""},
      {"dual_aiv as string",
       [](Json& d) { kernel(d, 0)["dual_aiv"] = "false"; },
       "/kernels/0/dual_aiv", "expected true or false"},
      {"dual_aiv on aic",
       [](Json& d) {
         kernel(d, 0)["core_type"] = "aic";
         kernel(d, 0)["dual_aiv"] = true;
       },
       "/kernels/0/dual_aiv", "dual_aiv is only valid on an aiv kernel"},
      {"source empty", [](Json& d) { kernel(d, 0)["source"] = ""; },
       "/kernels/0/source", "must not be empty"},
      {"call_sites negative", [](Json& d) { kernel(d, 0)["call_sites"] = -2; },
       "/kernels/0/call_sites", "out of range"},
      {"too many kernels",
       [](Json& d) {
         for (int i = 3; i < 1025; ++i) d["kernels"].push_back(kernel(d, 0));
       },
       "/kernels", "1025 kernels; a runtime registers at most 1024"},
  });
}

TEST_CASE("dense func_ids need not be sorted", "[loader]") {
  Json d = vector_example();
  kernel(d, 0)["func_id"] = 2;
  kernel(d, 2)["func_id"] = 0;
  LoadResult result = load(d);
  INFO(all_errors(result));
  CHECK(result.ok());
}

TEST_CASE("kernel signatures against params", "[loader]") {
  check_cases({
      {"unknown direction",
       [](Json& d) { kernel(d, 1)["signature"][1] = "INPUT"; },
       "/kernels/1/signature/1", "unknown direction \"INPUT\""},
      {"lower-case direction",
       [](Json& d) { kernel(d, 0)["signature"][0] = "in"; },
       "/kernels/0/signature/0", "unknown direction \"in\""},
      {"SCALAR in a signature",
       [](Json& d) { kernel(d, 0)["signature"][2] = "SCALAR"; },
       "/kernels/0/signature/2", "SCALAR is not a tensor direction"},
      {"direction not a string",
       [](Json& d) { kernel(d, 0)["signature"][0] = 1; },
       "/kernels/0/signature/0", "expected a direction string, got 1"},
      {"signature not an array",
       [](Json& d) { kernel(d, 0)["signature"] = "IN"; },
       "/kernels/0/signature", "expected an array"},
      {"empty signature",
       [](Json& d) { kernel(d, 2)["signature"] = Json::array(); },
       "/kernels/2/signature",
       "kernel 'kernel_mul' has 3 tensor params but an empty signature"},
      {"short signature", [](Json& d) { kernel(d, 0)["signature"].erase(0); },
       "/kernels/0/signature",
       "kernel 'kernel_add' has 3 tensor params but a signature of 2 entries"},
      {"direction differs from the param",
       [](Json& d) { kernel(d, 2)["signature"][1] = "OUT"; },
       "/kernels/2/signature/1",
       "signature says OUT but tensor param \"b\" (/kernels/2/params/1) is IN"},
      {"signature over 32",
       [](Json& d) {
         for (int i = 0; i < 30; ++i) kernel(d, 0)["signature"].push_back("IN");
       },
       "/kernels/0/signature",
       "signature has 33 entries; a kernel takes at most 32 tensor arguments"},
      {"scalar_count over 16",
       [](Json& d) { kernel(d, 0)["scalar_count"] = 17; },
       "/kernels/0/scalar_count", "17 is out of range 0..16"},
      {"scalar_count disagrees",
       [](Json& d) { kernel(d, 1)["scalar_count"] = 1; },
       "/kernels/1/scalar_count",
       "scalar_count is 1 but kernel 'kernel_add_scalar' has 2 scalar params"},
  });
}

TEST_CASE("params", "[loader]") {
  auto param = [](Json& d, size_t k, size_t p) -> Json& {
    return kernel(d, k)["params"][p];
  };
  check_cases({
      {"unknown kind", [&](Json& d) { param(d, 0, 0)["kind"] = "vector"; },
       "/kernels/0/params/0/kind",
       "unknown kind \"vector\" (expected tensor, scalar)"},
      {"kind missing", [&](Json& d) { param(d, 0, 1).erase("kind"); },
       "/kernels/0/params/1/kind", "required key is missing"},
      {"tensor direction missing",
       [&](Json& d) { param(d, 0, 2).erase("direction"); },
       "/kernels/0/params/2/direction", "required key is missing"},
      {"tensor direction unknown",
       [&](Json& d) { param(d, 0, 2)["direction"] = "WRITE"; },
       "/kernels/0/params/2/direction", "unknown direction \"WRITE\""},
      {"tensor shape missing", [&](Json& d) { param(d, 0, 0).erase("shape"); },
       "/kernels/0/params/0/shape", "required key is missing"},
      {"scalar with a direction",
       [&](Json& d) { param(d, 1, 2)["direction"] = "IN"; },
       "/kernels/1/params/2/direction", "a scalar param has no direction"},
      {"scalar with a shape",
       [&](Json& d) { param(d, 1, 3)["shape"] = Json::array({1}); },
       "/kernels/1/params/3/shape", "a scalar param has no shape"},
      {"unknown dtype", [&](Json& d) { param(d, 0, 0)["dtype"] = "FP32"; },
       "/kernels/0/params/0/dtype", "unknown dtype \"FP32\""},
      {"rank 6",
       [&](Json& d) {
         param(d, 0, 0)["shape"] = Json::array({1, 2, 3, 4, 5, 6});
       },
       "/kernels/0/params/0/shape", "shape has 6 axes; a tensor has 1..5"},
      {"rank 0", [&](Json& d) { param(d, 0, 0)["shape"] = Json::array(); },
       "/kernels/0/params/0/shape", "shape has 0 axes"},
      {"negative extent",
       [&](Json& d) { param(d, 0, 1)["shape"] = Json::array({-1}); },
       "/kernels/0/params/1/shape/0", "-1 is out of range 0..4294967295"},
      {"extent over uint32",
       [&](Json& d) { param(d, 0, 1)["shape"] = Json::array({4294967296LL}); },
       "/kernels/0/params/1/shape/0", "out of range"},
      {"float extent", [&](Json& d) { param(d, 0, 1)["shape"][0] = 2.5; },
       "/kernels/0/params/1/shape/0",
       "expected an extent (an integer or a dim name), got 2.5"},
      {"empty dim name", [&](Json& d) { param(d, 0, 1)["shape"][0] = ""; },
       "/kernels/0/params/1/shape/0", "must not be empty"},
      {"extent null", [&](Json& d) { param(d, 0, 1)["shape"][0] = nullptr; },
       "/kernels/0/params/1/shape/0", "expected an extent"},
      {"duplicate param name", [&](Json& d) { param(d, 0, 2)["name"] = "a"; },
       "/kernels/0/params/2/name",
       "duplicate parameter name \"a\" (first at /kernels/0/params/0)"},
      {"param name not an identifier",
       [&](Json& d) { param(d, 0, 2)["name"] = "c d"; },
       "/kernels/0/params/2/name", "is not an identifier"},
      {"param not an object", [&](Json& d) { param(d, 0, 2) = "c"; },
       "/kernels/0/params/2", "expected an object"},
  });
}

TEST_CASE("orchestration", "[loader]") {
  auto orch = [](Json& d) -> Json& { return d["orchestration"]; };
  check_cases({
      {"config_name missing", [&](Json& d) { orch(d).erase("config_name"); },
       "/orchestration/config_name", "required key is missing"},
      {"function_name not an identifier",
       [&](Json& d) { orch(d)["function_name"] = "entry()"; },
       "/orchestration/function_name", "is not an identifier"},
      {"signature shorter than the tensor params",
       [&](Json& d) { orch(d)["signature"].erase(2); },
       "/orchestration/signature",
       "the orchestration has 3 tensor params but a signature of 2 entries"},
      {"signature direction differs",
       [&](Json& d) { orch(d)["signature"][2] = "INOUT"; },
       "/orchestration/signature/2",
       "signature says INOUT but tensor param \"f\" (/orchestration/params/2) "
       "is OUT"},
      {"signature over 256",
       [&](Json& d) {
         for (int i = 0; i < 254; ++i) orch(d)["signature"].push_back("IN");
       },
       "/orchestration/signature",
       "signature has 257 entries; an orchestration takes at most 256"},
      {"scalar_count over 128", [&](Json& d) { orch(d)["scalar_count"] = 129; },
       "/orchestration/scalar_count", "129 is out of range 0..128"},
      {"scalar_count disagrees", [&](Json& d) { orch(d)["scalar_count"] = 1; },
       "/orchestration/scalar_count",
       "scalar_count is 1 but the orchestration has 0 scalar params"},
      {"expected_arg_count disagrees",
       [&](Json& d) { orch(d)["expected_arg_count"] = 4; },
       "/orchestration/expected_arg_count",
       "expected_arg_count is 4 but the orchestration has 3 tensor and 0 "
       "scalar params"},
      {"orchestration not an object", [&](Json& d) { orch(d) = nullptr; },
       "/orchestration", "expected an object, got null"},
  });
}

TEST_CASE("groups", "[loader]") {
  auto group = [](Json& d) -> Json& { return d["groups"][0]; };
  check_cases(
      {
          {"member missing", [&](Json& d) { group(d)["aic"] = "qk_aic"; },
           "/groups/0/aic", "no kernel named 'qk_aic'"},
          {"aic member is aiv",
           [&](Json& d) { group(d)["aic"] = "softmax_rows"; }, "/groups/0/aic",
           "kernel 'softmax_rows' is aiv, but a group's aic member must be an "
           "aic kernel"},
          {"aiv member is aic", [&](Json& d) { group(d)["aiv"] = "qk_pv_aic"; },
           "/groups/0/aiv", "is aic, but a group's aiv member"},
          {"dual_aiv disagrees", [&](Json& d) { group(d)["dual_aiv"] = false; },
           "/groups/0/dual_aiv",
           "dual_aiv is false but aiv member 'qk_pv_aiv' has dual_aiv true"},
          {"scalar counts differ",
           [&](Json& d) {
             kernel(d, 1)["params"].erase(3);
             kernel(d, 1)["scalar_count"] = 0;
           },
           "/groups/0/aiv",
           "group 'qk_pv': aiv member 'qk_pv_aiv' takes 0 scalars but aic "
           "member 'qk_pv_aic' takes 1"},
          {"duplicate group name",
           [&](Json& d) { d["groups"].push_back(group(d)); }, "/groups/1/name",
           "duplicate group name 'qk_pv' (first at /groups/0)"},
          {"unknown group key", [&](Json& d) { group(d)["lanes"] = 3; },
           "/groups/0/lanes", "unknown key"},
      },
      attention_example);
  LoadResult result = load_manifest_file(
      testdata_path("invalid/group_signature_mismatch.json"));
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0] ==
        "/groups/0/aiv: group 'qk_pv': aiv member 'qk_pv_aiv' has signature "
        "[IN, IN, OUT] but aic member 'qk_pv_aic' has [IN, IN, INOUT]");
}

TEST_CASE("a signature over the cap is one error, not also a params mismatch", "[loader]") {
  // Issue 14: 33 entries against 3 tensor params gave two errors for one
  // mistake.
  Json d = vector_example();
  for (int i = 0; i < 30; ++i) kernel(d, 0)["signature"].push_back("IN");
  for (int i = 0; i < 254; ++i) d["orchestration"]["signature"].push_back("IN");
  LoadResult result = load(d);
  INFO(all_errors(result));
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0] ==
        "/orchestration/signature: signature has 257 entries; an orchestration takes at most "
        "256 tensor arguments");
  CHECK(result.errors[1] ==
        "/kernels/0/signature: signature has 33 entries; a kernel takes at most 32 tensor "
        "arguments");
}

TEST_CASE("all problems are reported, in document order", "[loader]") {
  Json d = vector_example();
  kernel(d, 2)["signature"][0] = "INPUT";
  kernel(d, 0)["core_type"] = "gpu";
  d["orchestration"]["expected_arg_count"] = 9;
  d["module"] = "";
  LoadResult result = load(d);
  REQUIRE(result.errors.size() == 4);
  CHECK(result.errors[0].rfind("/module: ", 0) == 0);
  CHECK(result.errors[1].rfind("/orchestration/expected_arg_count: ", 0) == 0);
  CHECK(result.errors[2].rfind("/kernels/0/core_type: ", 0) == 0);
  CHECK(result.errors[3].rfind("/kernels/2/signature/0: ", 0) == 0);

  // Key order in the text decides, not the order of the format's sections.
  Json reordered;
  reordered["groups"] = Json::array({Json{{"name", "g"},
                                          {"aic", "x"},
                                          {"aiv", "kernel_add"},
                                          {"dual_aiv", false}}});
  Json original = vector_example();  // items() must not outlive its object
  for (auto& [key, value] : original.items()) {
    if (key != "groups") reordered[key] = value;
  }
  reordered["kernels"][1]["signature"] = Json::array();
  result = load(reordered);
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].rfind("/groups/0/aic: no kernel named 'x'", 0) == 0);
  CHECK(result.errors[1].rfind("/kernels/1/signature: ", 0) == 0);
}

TEST_CASE("each invalid testdata manifest fails at its pointer", "[loader]") {
  struct FileCase {
    const char* file;
    const char* pointer;
    const char* message;
  };
  for (const FileCase& c : std::vector<FileCase>{
           {"empty_signature.json", "/kernels/0/signature", "empty signature"},
           {"unknown_direction.json", "/kernels/1/signature/1",
            "unknown direction \"INPUT\""},
           {"scalar_in_signature.json", "/kernels/2/signature/2",
            "SCALAR is not a tensor direction"},
           {"duplicate_func_id.json", "/kernels/2/func_id", "already used"},
           {"direction_mismatch.json", "/kernels/2/signature/1",
            "signature says OUT"},
           {"group_signature_mismatch.json", "/groups/0/aiv", "has signature"},
           {"schema_version_2.json", "/schema_version", "unsupported"},
           {"duplicate_key.json", "/kernels/2/signature",
            "duplicate key \"signature\""},
           {"truncated.json", "", "unexpected end of input"},
           {"invalid_utf8.json", "/kernels/2/source", "ill-formed UTF-8 byte"},
       }) {
    INFO(c.file);
    LoadResult result =
        load_manifest_file(testdata_path(std::string("invalid/") + c.file));
    TASKC_CHECK_ERROR(result, c.pointer, c.message);
  }
}

TEST_CASE("file errors are results, not exceptions", "[loader]") {
  LoadResult missing = load_manifest_file(testdata_path("no_such_file.json"));
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0] == "cannot open: No such file or directory");
  CHECK(missing.origin == testdata_path("no_such_file.json"));

  LoadResult directory = load_manifest_file(testdata_path("invalid"));
  CHECK_FALSE(directory.ok());
  REQUIRE(directory.errors.size() == 1);
  CHECK_THAT(directory.errors[0], Catch::StartsWith("cannot read"));
}

TEST_CASE("build_callables gives each kernel its signature length",
          "[callables]") {
  LoadResult result =
      load_manifest_file(testdata_path("vector_example.manifest.json"));
  REQUIRE(result.ok());
  std::vector<std::string> bound;
  ChipCallable chip = build_callables(
      *result.manifest, [&](const ManifestKernel& kernel) -> HostEntry {
        bound.push_back(kernel.name);
        return kernel.func_id == 2 ? +[](int64_t*) {} : nullptr;
      });
  CHECK(bound == std::vector<std::string>{"kernel_add", "kernel_add_scalar",
                                          "kernel_mul"});
  REQUIRE(chip.children.size() == 3);
  CHECK(chip.child(0)->sig_count() == 3);
  CHECK(chip.child(1)->sig_count() == 2);
  CHECK(chip.child(1)->scalar_count() == 2);
  CHECK(chip.child(1)->signature(1) == ArgDirection::OUT);
  CHECK(chip.child(2)->sig_count() == 3);
  CHECK(chip.child(2)->name() == "kernel_mul");
  CHECK(chip.child(2)->entry() != nullptr);
  CHECK(chip.child(0)->entry() == nullptr);
  CHECK(chip.orchestration.sig_count() == 3);
  CHECK(chip.orchestration.core_type() == CoreType::CHIP);
  CHECK(chip.expected_arg_count == 3);
  for (const ManifestKernel& kernel : result.manifest->kernels) {
    CHECK(chip.child(kernel.func_id)->sig_count() == kernel.signature.size());
  }
}

TEST_CASE("build_callables indexes children by func_id", "[callables]") {
  LoadResult result =
      load_manifest_file(testdata_path("attention_block.manifest.json"));
  REQUIRE(result.ok());
  Manifest manifest = *result.manifest;
  std::swap(manifest.kernels[0], manifest.kernels[3]);
  ChipCallable chip = build_callables(manifest, KernelBinder{});
  REQUIRE(chip.children.size() == 4);
  for (int32_t id = 0; id < 4; ++id) CHECK(chip.child(id)->func_id() == id);
  CHECK(chip.child(0)->core_type() == CoreType::AIC);
  CHECK(chip.child(1)->dual_aiv());
  CHECK(chip.child(3)->sig_count() == 0);
  CHECK(chip.orchestration.scalar_count() == 2);
}

TEST_CASE("build_callables refuses what it cannot build faithfully",
          "[callables]") {
  LoadResult result =
      load_manifest_file(testdata_path("vector_example.manifest.json"));
  REQUIRE(result.ok());
  struct Refusal {
    const char* what;
    std::function<void(Manifest&)> mutate;
    const char* message;
  };
  for (const Refusal& c : std::vector<Refusal>{
           {"empty signature",
            [](Manifest& m) { m.kernels[0].signature.clear(); },
            "kernel 'kernel_add' has 3 tensor params but an empty signature"},
           {"func_id gap", [](Manifest& m) { m.kernels[2].func_id = 7; },
            "func_ids must be 0..2"},
           {"func_id shared", [](Manifest& m) { m.kernels[2].func_id = 0; },
            "share func_id 0"},
           {"SCALAR entry",
            [](Manifest& m) {
              m.kernels[0].signature[1] = ArgDirection::SCALAR;
            },
            "SCALAR"},
           {"signature over 32",
            [](Manifest& m) {
              m.kernels[0].signature.assign(33, ArgDirection::IN);
              m.kernels[0].params.assign(33, m.kernels[0].params[0]);
            },
            "33 entries but at most 32"},
           {"chip core type",
            [](Manifest& m) { m.kernels[1].core_type = CoreType::CHIP; },
            "core type chip"},
           {"scalar count over 16",
            [](Manifest& m) { m.kernels[1].scalar_count = 17; }, "17 scalars"},
           {"orchestration count disagrees",
            [](Manifest& m) { m.orchestration.expected_arg_count = 2; },
            "expected_arg_count 2"},
       }) {
    INFO(c.what);
    Manifest manifest = *result.manifest;
    c.mutate(manifest);
    CHECK_THROWS_WITH(build_callables(manifest, KernelBinder{}),
                      Catch::Contains(c.message));
  }
}

TEST_CASE("the embedded schema is manifest.schema.json", "[schema]") {
  std::string on_disk = read_testdata("../../runtime_abi/manifest.schema.json");
  CHECK(std::string(manifest_schema_json()) == on_disk);
  Json schema = Json::parse(manifest_schema_json());
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(schema["properties"]["schema_version"]["const"] == 1);
  // The schema lists exactly the keys the loader reads.
  std::vector<std::string> keys;
  for (auto& [key, value] : schema["properties"].items()) keys.push_back(key);
  std::vector<std::string> manifest_keys;
  Json example = vector_example();
  for (auto& [key, value] : example.items()) manifest_keys.push_back(key);
  CHECK(keys == manifest_keys);
}
