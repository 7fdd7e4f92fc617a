// Hostile conditions that are simplest to create in process, on a
// VirtualDisk: a full disk at every output in turn, oversized standard
// input, and the input size cap's default.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "command.h"

namespace taskc {
namespace {

const char* const kProgram = R"(module vec;
dim N;
kernel aiv add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
orchestration vec(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  call add(a, b, c);
}
)";

struct Harness {
  VirtualDisk disk;
  std::string stdin_text = kProgram;
  std::string out, err;

  int run(std::vector<std::string> args) {
    args.insert(args.begin(), "taskc");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::istringstream in(stdin_text);
    std::ostringstream o, e;
    CommandEnv env{disk, in, o, e, false, nullptr, nullptr};
    int code = run_taskc(static_cast<int>(argv.size()), argv.data(), env);
    out = o.str();
    err = e.str();
    return code;
  }
};

const std::vector<std::string> kOutputs = {"out/vec.orch.cpp", "out/vec.manifest.json",
                                           "out/kernel_config.py", "out/vec.d"};

TEST_CASE("a full disk at any output replaces nothing and exits 3", "[hostile]") {
  for (const std::string& full : kOutputs) {
    Harness h;
    h.disk.files["v.kir"] = kProgram;
    for (const std::string& path : kOutputs) h.disk.files[path] = "old " + path;
    h.disk.unwritable.insert(full);
    INFO("disk full at " << full);
    CHECK(h.run({"compile", "v.kir", "--out-dir", "out", "--emit",
                 "cpp,manifest,kernel-config", "--depfile", "out/vec.d"}) == kExitIo);
    CHECK(h.err.find("No space left on device") != std::string::npos);
    for (const std::string& path : kOutputs) CHECK(h.disk.files[path] == "old " + path);
    CHECK(h.disk.commits == 0);
  }
}

TEST_CASE("a full disk with some outputs unchanged still replaces nothing", "[hostile]") {
  Harness h;
  h.disk.files["v.kir"] = kProgram;
  h.disk.dirs.insert("out");
  REQUIRE(h.run({"compile", "v.kir", "--out-dir", "out"}) == kExitOk);
  std::string cpp = h.disk.files["out/vec.orch.cpp"];
  h.disk.files["out/vec.manifest.json"] = "stale";
  h.disk.unwritable.insert("out/vec.manifest.json");
  int commits = h.disk.commits;
  CHECK(h.run({"compile", "v.kir", "--out-dir", "out"}) == kExitIo);
  CHECK(h.disk.files["out/vec.manifest.json"] == "stale");
  CHECK(h.disk.files["out/vec.orch.cpp"] == cpp);
  CHECK(h.disk.commits == commits);
}

TEST_CASE("fmt on a full disk leaves the file as it was", "[hostile]") {
  Harness h;
  std::string messy = std::string(kProgram) + "\n\n\n";
  h.disk.files["v.kir"] = messy;
  h.disk.unwritable.insert("v.kir");
  CHECK(h.run({"fmt", "v.kir"}) == kExitIo);
  CHECK(h.disk.files["v.kir"] == messy);
}

TEST_CASE("standard input over the cap is refused before it is all read", "[hostile]") {
  Harness h;
  h.stdin_text = std::string(1 << 20, '(');
  CHECK(h.run({"check", "-", "--max-input-size", "1000"}) == kExitInputErrors);
  CHECK(h.err.find("<stdin> exceeds the input limit of 1000 bytes") != std::string::npos);
}

TEST_CASE("a file over the cap is refused with the limit named", "[hostile]") {
  Harness h;
  h.disk.files["big.kir"] = std::string(2001, '(');
  CHECK(h.run({"check", "big.kir", "--max-input-size", "2000"}) == kExitInputErrors);
  CHECK(h.err.find("input limit") != std::string::npos);
  CHECK(h.run({"compile", "big.kir", "--max-input-size", "2000"}) == kExitInputErrors);
  CHECK(h.run({"fmt", "big.kir", "--max-input-size", "2000"}) == kExitInputErrors);
  CHECK(h.disk.commits == 0);
}

TEST_CASE("the input cap defaults to 64 MiB", "[hostile]") {
  CHECK(DiagnosticOptions{}.max_input_size == size_t{64} << 20);
  Harness h;
  h.run({"check", "--help"});
  CHECK(h.out.find("--max-input-size") != std::string::npos);
  CHECK(h.out.find("67108864") != std::string::npos);
}

}  // namespace
}  // namespace taskc
