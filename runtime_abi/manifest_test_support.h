// Helpers shared by the manifest loader tests: the example manifests from
// testdata/manifests and assertions on "pointer: message" errors.
#ifndef TASKC_RUNTIME_ABI_MANIFEST_TEST_SUPPORT_H
#define TASKC_RUNTIME_ABI_MANIFEST_TEST_SUPPORT_H

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "manifest_loader.h"
#include "manifest_testdata.h"  // generated: TASKC_MANIFEST_TESTDATA_DIR

namespace taskc::abi::testing {

using Json = nlohmann::ordered_json;

inline std::string testdata_path(const std::string& name) {
  return std::string(TASKC_MANIFEST_TESTDATA_DIR) + "/" + name;
}

inline std::string read_testdata(const std::string& name) {
  std::ifstream in(testdata_path(name), std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline Json vector_example() {
  return Json::parse(read_testdata("vector_example.manifest.json"));
}

inline Json attention_example() {
  return Json::parse(read_testdata("attention_block.manifest.json"));
}

inline LoadResult load(const Json& document) {
  return load_manifest_text(document.dump(), "test.json");
}

inline std::string all_errors(const LoadResult& result) {
  std::string text;
  for (const std::string& error : result.errors) text += error + "\n";
  return text;
}

// True when some error is exactly at `pointer` (the text before ": ", so
// "/kernels/1" does not match "/kernels/10/...") and its message contains
// `message_part`. An empty pointer matches any error.
inline bool has_error(const LoadResult& result, const std::string& pointer,
                      const std::string& message_part) {
  for (const std::string& error : result.errors) {
    std::string prefix = pointer.empty() ? "" : pointer + ": ";
    if (error.compare(0, prefix.size(), prefix) != 0) continue;
    if (error.find(message_part, prefix.size()) != std::string::npos) {
      return true;
    }
  }
  return false;
}

#define TASKC_CHECK_ERROR(result, pointer, message_part)            \
  do {                                                              \
    INFO("errors:\n" << ::taskc::abi::testing::all_errors(result)); \
    CHECK_FALSE((result).ok());                                     \
    CHECK(::taskc::abi::testing::has_error((result), (pointer),     \
                                           (message_part)));        \
  } while (false)

}  // namespace taskc::abi::testing

#endif  // TASKC_RUNTIME_ABI_MANIFEST_TEST_SUPPORT_H
