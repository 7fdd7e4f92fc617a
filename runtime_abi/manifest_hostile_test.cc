// Hostile input: every class of broken or malicious text must come back as
// errors in the result, never as an exception, a crash or unbounded work.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bounded_json.h"
#include "manifest_loader.h"
#include "manifest_test_support.h"

namespace {

using namespace taskc::abi;
using namespace taskc::abi::testing;

LoadResult load_text(const std::string& text,
                     const LoadLimits& limits = LoadLimits{}) {
  LoadResult result;
  CHECK_NOTHROW(result = load_manifest_text(text, "hostile.json", limits));
  return result;
}

// Messages may quote input; they must stay printable ASCII whatever the input.
bool printable(const std::vector<std::string>& errors) {
  for (const std::string& error : errors) {
    for (char c : error) {
      if (c < 0x20 || c > 0x7e) return false;
    }
  }
  return true;
}

std::string vector_text() {
  return read_testdata("vector_example.manifest.json");
}

// The vector example with `from` (which must occur) replaced by `to`.
std::string vector_with(const std::string& from, const std::string& to) {
  std::string text = vector_text();
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// A guard against quadratic work on hostile input, not a performance test.
template <typename F>
double seconds_for(F&& work) {
  auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

}  // namespace

TEST_CASE("a million open brackets stop at the depth limit", "[hostile]") {
  for (const std::string& opener : {std::string("["), std::string("{\"a\":")}) {
    std::string text;
    for (int i = 0; i < 1'000'000; ++i) text += opener;
    LoadResult result = load_text(text);
    REQUIRE(result.errors.size() == 1);
    CHECK_THAT(result.errors[0],
               Catch::EndsWith(": nesting deeper than 64 levels"));
  }
}

TEST_CASE("nesting is counted exactly", "[hostile]") {
  JsonReadLimits limits;
  limits.max_depth = 8;
  std::string deep_ok = std::string(8, '[') + std::string(8, ']');
  CHECK(read_json_bounded(deep_ok, limits).complete);
  std::string too_deep = std::string(9, '[') + std::string(9, ']');
  JsonReadResult result = read_json_bounded(too_deep, limits);
  CHECK_FALSE(result.complete);
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].pointer == "/0/0/0/0/0/0/0");
}

TEST_CASE("a deeply nested value inside a manifest is an error at its place",
          "[hostile]") {
  std::string text = vector_with("\"call_sites\": 1",
                                 "\"call_sites\": " + std::string(100, '['));
  LoadResult result = load_text(text);
  REQUIRE(result.errors.size() == 1);
  CHECK_THAT(result.errors[0],
             Catch::StartsWith("/kernels/2/call_sites/0/0/0/") &&
                 Catch::EndsWith("/0: nesting deeper than 64 levels"));
}

TEST_CASE("huge and non-integral numbers", "[hostile]") {
  struct NumberCase {
    const char* value;
    const char* pointer;
    const char* message;
  };
  for (const NumberCase& c : std::vector<NumberCase>{
           {"1e400", "/kernels/2/func_id", "number overflow"},
           {"-1e400", "/kernels/2/func_id", "number overflow"},
           {"18446744073709551616", "/kernels/2/func_id",
            "expected an integer"},
           {"18446744073709551615", "/kernels/2/func_id",
            "18446744073709551615 is out of range 0..1023"},
           {"9223372036854775808", "/kernels/2/func_id", "out of range"},
           {"-9223372036854775808", "/kernels/2/func_id", "out of range"},
           {"4294967298", "/kernels/2/func_id", "4294967298 is out of range"},
           {"2.0", "/kernels/2/func_id", "expected an integer, got 2.0"},
           {"2e0", "/kernels/2/func_id", "expected an integer"},
           {"1e-400", "/kernels/2/func_id", "expected an integer"},
           {"02", "", "parse error"},
       }) {
    INFO(c.value);
    LoadResult result = load_text(
        vector_with("\"func_id\": 2", std::string("\"func_id\": ") + c.value));
    TASKC_CHECK_ERROR(result, c.pointer, c.message);
  }
  LoadResult huge_count = load_text(
      vector_with("\"scalar_count\": 1", "\"scalar_count\": 4294967297"));
  TASKC_CHECK_ERROR(huge_count, "/kernels/2/scalar_count",
                    "out of range 0..16");
}

TEST_CASE("huge arrays", "[hostile]") {
  std::string entries;
  for (int i = 0; i < 100'000; ++i) entries += "\"IN\",";
  LoadResult long_signature = load_text(vector_with(
      "\"signature\": [\n        \"IN\",", "\"signature\": [" + entries));
  TASKC_CHECK_ERROR(long_signature, "/kernels/0/signature",
                    "signature has 100002 entries");

  std::string garbage_entries;
  for (int i = 0; i < 50'000; ++i) garbage_entries += "\"X\",";
  LoadResult many_errors =
      load_text(vector_with("\"signature\": [\n        \"IN\",",
                            "\"signature\": [" + garbage_entries));
  REQUIRE(many_errors.errors.size() == 1001);  // the cap, then a summary
  CHECK_THAT(many_errors.errors.back(),
             Catch::StartsWith("too many problems: ") &&
                 Catch::EndsWith(" more not listed"));

  LoadLimits small;
  small.max_values = 1000;
  std::string zeros = "[";
  for (int i = 0; i < 5000; ++i) zeros += "0,";
  zeros += "0]";
  LoadResult too_many_values = load_text(zeros, small);
  REQUIRE(too_many_values.errors.size() == 1);
  CHECK_THAT(too_many_values.errors[0],
             Catch::Contains("more than 1000 JSON values"));
}

TEST_CASE("an object with very many keys is read in linear time", "[hostile]") {
  std::string text = "{";
  for (int i = 0; i < 200'000; ++i) {
    text += "\"k" + std::to_string(i) + "\":0,";
  }
  text += "\"k0\":1}";
  LoadResult result;
  CHECK(seconds_for([&] { result = load_text(text); }) < 20.0);  // not hours
  CHECK(has_error(result, "/k0", "duplicate key \"k0\""));
  CHECK(has_error(result, "/k1", "unknown key \"k1\""));
}

TEST_CASE("a signature at odds with every param is checked in linear time",
          "[hostile]") {
  // Each mismatch names both places; finding them must not walk the arrays.
  Json d = vector_example();
  Json& kernel = d["kernels"][0];
  Json signature = Json::array();
  Json params = Json::array();
  for (int i = 0; i < 200'000; ++i) {
    signature.push_back("OUT");
    params.push_back({{"name", "p" + std::to_string(i)},
                      {"kind", "tensor"},
                      {"direction", "IN"},
                      {"dtype", "FLOAT32"},
                      {"shape", {4}}});
  }
  kernel["signature"] = signature;
  kernel["params"] = params;
  LoadResult result;
  CHECK(seconds_for([&] { result = load(d); }) < 20.0);  // quadratic: hours
  CHECK(has_error(result, "/kernels/0/signature/998",
                  "signature says OUT but tensor param \"p998\" "
                  "(/kernels/0/params/998) is IN"));
  CHECK_THAT(result.errors.back(), Catch::StartsWith("too many problems: "));
}

TEST_CASE("wrong JSON types at the root", "[hostile]") {
  for (const char* text : {"[]", "\"manifest\"", "null", "42", "true", "{}"}) {
    INFO(text);
    LoadResult result = load_text(text);
    CHECK_FALSE(result.ok());
    CHECK_FALSE(result.errors.empty());
  }
  CHECK(load_text("null").errors ==
        std::vector<std::string>{"a manifest is a JSON object, got null"});
  // {} lacks every key: one error per key, at the key's pointer.
  CHECK(load_text("{}").errors.size() == 9);
  CHECK(
      has_error(load_text("{}"), "/orchestration", "required key is missing"));
}

TEST_CASE("duplicate keys are reported at their pointer", "[hostile]") {
  LoadResult top = load_text(
      vector_with("\"module\": \"vector_example\",",
                  "\"module\": \"vector_example\", \"module\": \"x\","));
  REQUIRE(top.errors.size() == 1);
  CHECK(top.errors[0] == "/module: duplicate key \"module\"");

  // Without detection the second (valid) signature would silently win.
  LoadResult file =
      load_manifest_file(testdata_path("invalid/duplicate_key.json"));
  REQUIRE(file.errors.size() == 1);
  CHECK(file.errors[0] == "/kernels/2/signature: duplicate key \"signature\"");

  // Keys needing JSON-pointer escapes; the last value counts.
  JsonReadResult escaped = read_json_bounded(R"({"a/b~c": {"x": 1, "x": 2}})");
  REQUIRE(escaped.problems.size() == 1);
  CHECK(escaped.problems[0].pointer == "/a~1b~0c/x");
  CHECK(escaped.complete);
  const JsonDocument& doc = escaped.document;
  uint32_t inner = doc.child_at(doc.root(), 0);
  CHECK(doc.key(inner) == "a/b~c");
  size_t members = 0;
  for (uint32_t x : doc.children(inner)) {
    int64_t value = 0;
    CHECK((doc.as_int64(x, &value) && value == 2));
    ++members;
  }
  CHECK(members == 1);
}

TEST_CASE("bytes after the manifest are an error with a location",
          "[hostile]") {
  // Issue 14: the reader used to stop at a NUL byte, so this validated.
  const std::string text = vector_text();
  const size_t lines = static_cast<size_t>(
      std::count(text.begin(), text.end(), '\n'));
  REQUIRE(text.back() == '\n');
  LoadResult nul = load_text(text + std::string("\0garbage", 8));
  REQUIRE(nul.errors.size() == 1);
  CHECK(nul.errors[0] == "parse error at line " + std::to_string(lines + 1) +
                             ", column 1: unexpected byte \\x00 after the "
                             "JSON value; only whitespace may follow it");
  for (const std::string& tail :
       {std::string("garbage"), std::string("{}"), std::string("}"),
        std::string(",")}) {
    INFO(tail);
    LoadResult result = load_text(text + "  " + tail);
    REQUIRE(result.errors.size() == 1);
    CHECK_THAT(result.errors[0],
               Catch::StartsWith("parse error at line " +
                                 std::to_string(lines + 1) + ", column 3: ") &&
                   Catch::EndsWith(" after the JSON value; only whitespace "
                                   "may follow it"));
  }
  // A NUL inside the value is refused where it stands.
  std::string inner = text;
  inner.insert(inner.find("\"kernels\""), std::string("\0", 1));
  LoadResult inside = load_text(inner);
  REQUIRE(inside.errors.size() == 1);
  CHECK_THAT(inside.errors[0], Catch::Contains("unexpected byte \\x00"));
  CHECK(load_text(text + " \t\r\n\n").ok());
}

TEST_CASE("every truncation of a manifest is an error", "[hostile]") {
  std::string text = vector_text();
  size_t closing_brace = text.rfind('}');  // only whitespace follows it
  for (size_t length = 0; length <= closing_brace; ++length) {
    std::string prefix = text.substr(0, length);
    LoadResult result = load_manifest_text(prefix, "cut.json");
    if (result.ok() || result.errors.empty()) {
      FAIL("prefix of " << length << " bytes was accepted");
    }
  }
  LoadResult result =
      load_manifest_file(testdata_path("invalid/truncated.json"));
  REQUIRE(result.errors.size() == 1);
  CHECK_THAT(result.errors[0], Catch::Contains("unexpected end of input"));
  CHECK_THAT(result.errors[0], Catch::Contains("line "));
}

TEST_CASE("invalid UTF-8 and control bytes are errors with a position",
          "[hostile]") {
  struct ByteCase {
    std::string text;
    const char* message;
  };
  for (const ByteCase& c : std::vector<ByteCase>{
           {"{\"module\": \"a\xff\"}", "ill-formed UTF-8 byte"},
           {"{\"module\": \"\xc0\xaf\"}", "ill-formed UTF-8 byte"},
           {"{\"module\": \"\xed\xa0\x80\"}", "ill-formed UTF-8 byte"},
           {"{\"module\": \"\\ud800\"}", "surrogate"},
           {"{\"module\": \"a\nb\"}", "control character"},
           {std::string("{\"module\": \"a\0b\"}", 17), "control character"},
           {std::string("{\"module\"\0: 1}", 14), "parse error"},
           {"\xef\xbb\xbf\xfe{}", "parse error"},
           {"{\xff: 1}", "parse error"},
       }) {
    INFO(c.text);
    LoadResult result = load_text(c.text);
    REQUIRE(result.errors.size() == 1);
    CHECK_THAT(result.errors[0], Catch::Contains(c.message));
    CHECK_THAT(result.errors[0], Catch::Contains("parse error at line "));
    CHECK_THAT(result.errors[0], Catch::Contains(", column "));
    CHECK(printable(result.errors));
  }
  LoadResult file =
      load_manifest_file(testdata_path("invalid/invalid_utf8.json"));
  REQUIRE(file.errors.size() == 1);
  CHECK_THAT(file.errors[0],
             Catch::StartsWith("/kernels/2/source: parse error at line "));
  CHECK(printable(file.errors));
}

TEST_CASE("values echoed in messages are escaped and shortened", "[hostile]") {
  std::string long_name(10'000, 'x');
  LoadResult result = load_text(vector_with(
      "\"target\": \"a2a3\"", "\"target\": \"\\u0007\\\"" + long_name + "\""));
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].size() < 200);
  CHECK_THAT(result.errors[0],
             Catch::StartsWith("/target: unknown target \"\\x07\\\"xxx"));
  CHECK(printable(result.errors));

  // Keys become pointer tokens: they are escaped the same way.
  LoadResult odd_keys =
      load_text(vector_with("\"module\"", "\"\\u000a\\u00e9\": 1, \"" +
                                              long_name + "\": 2, \"module\""));
  REQUIRE(odd_keys.errors.size() == 2);
  CHECK(odd_keys.errors[0] ==
        "/\\x0A\\xC3\\xA9: unknown key \"\\x0A\\xC3\\xA9\"");
  CHECK(odd_keys.errors[1].size() < 1000);
  CHECK(printable(odd_keys.errors));
}

TEST_CASE("the input size cap", "[hostile]") {
  LoadLimits small;
  small.max_input_bytes = 100;
  LoadResult text = load_text(vector_text(), small);
  REQUIRE(text.errors.size() == 1);
  CHECK_THAT(text.errors[0], Catch::Contains("the limit is 100"));
  LoadResult file =
      load_manifest_file(testdata_path("vector_example.manifest.json"), small);
  REQUIRE(file.errors.size() == 1);
  CHECK_THAT(file.errors[0],
             Catch::Contains("larger than the limit of 100 bytes"));
  CHECK(LoadLimits{}.max_input_bytes == size_t{256} << 20);
}

TEST_CASE("random byte mutations never escape as exceptions", "[hostile]") {
  const std::string original = vector_text();
  std::mt19937 random(20260801);  // fixed: failures must reproduce
  std::uniform_int_distribution<size_t> position(0, original.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  const char interesting[] = "[]{}\",:\\0-eE.";
  std::uniform_int_distribution<size_t> pick(0, sizeof interesting - 2);
  size_t accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = original;
    int edits = 1 + round % 4;
    for (int e = 0; e < edits; ++e) {
      size_t at = position(random);
      if (round % 2 == 0) {
        text[at] = static_cast<char>(byte(random));
      } else {
        text[at] = interesting[pick(random)];
      }
    }
    LoadResult result;
    REQUIRE_NOTHROW(result = load_manifest_text(text, "mutant.json"));
    REQUIRE(result.ok() == result.errors.empty());
    REQUIRE(printable(result.errors));
    if (result.ok()) {
      ++accepted;
      REQUIRE_NOTHROW(build_callables(*result.manifest, KernelBinder{}));
    }
  }
  // Most mutants break something; whitespace-only edits survive.
  CHECK(accepted < 3000);
}

namespace {

using namespace taskc::abi;
using namespace taskc::abi::testing;

TEST_CASE("fingerprint and sites are optional, read, and checked", "[loader]") {
  Json document = vector_example();
  LoadResult full = load(document);
  REQUIRE(full.ok());
  CHECK(full.manifest->fingerprint.rfind("vector_example:", 0) == 0);
  REQUIRE(full.manifest->sites.size() == 5);
  CHECK(full.manifest->sites[3].line == 26);
  CHECK(full.manifest->sites[3].callee == "kernel_mul");
  CHECK(full.manifest->sites[3].tensors == std::vector<std::string>{"d", "e", "g"});

  document.erase("fingerprint");
  document.erase("sites");
  LoadResult bare = load(document);
  REQUIRE(bare.ok());
  CHECK(bare.manifest->fingerprint.empty());
  CHECK(bare.manifest->sites.empty());

  struct Bad {
    std::function<void(Json&)> mutate;
    std::string pointer, message;
  };
  const std::vector<Bad> bad = {
      {[](Json& d) { d["fingerprint"] = ""; }, "/fingerprint", "empty"},
      {[](Json& d) { d["sites"] = 3; }, "/sites", "expected an array"},
      {[](Json& d) { d["sites"][1]["line"] = 0; }, "/sites/1/line", "out of range"},
      {[](Json& d) { d["sites"][0].erase("callee"); }, "/sites/0/callee",
       "required key is missing"},
      {[](Json& d) { d["sites"][0]["column"] = 1; }, "/sites/0/column", "unknown key"},
      {[](Json& d) { d["sites"][2]["tensors"][0] = 1; }, "/sites/2/tensors/0",
       "expected a string"},
      {[](Json& d) { d["sites"][2]["tensors"] = Json(std::vector<std::string>(33, "x")); },
       "/sites/2/tensors", "33 tensors; a task has at most 32"},
  };
  for (const Bad& b : bad) {
    Json broken = vector_example();
    b.mutate(broken);
    LoadResult result = load(broken);
    INFO(b.pointer);
    TASKC_CHECK_ERROR(result, b.pointer, b.message);
  }
}

}  // namespace
