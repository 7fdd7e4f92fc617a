// taskc dump list|show|extract on a VirtualDisk: the columns, every entry
// field shown (also ones the reader does not know), values, .npy files, and
// malformed dumps reported with their JSON pointer.
#include <catch2/catch.hpp>
#include <cstring>
#include <sstream>

#include "command.h"
#include "npy.h"

namespace taskc {
namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

struct Harness {
  VirtualDisk disk;

  Run run(std::vector<std::string> args) {
    args.insert(args.begin(), "taskc");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::istringstream in;
    std::ostringstream out, err;
    CommandEnv env{disk, in, out, err, false, nullptr, nullptr};
    Run r;
    r.code = run_taskc(static_cast<int>(argv.size()), argv.data(), env);
    r.out = out.str();
    r.err = err.str();
    return r;
  }
};

std::string floats(std::initializer_list<float> values) {
  std::string bytes;
  for (float v : values) bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  return bytes;
}

// Two entries of task 0 (a FLOAT32 input, a marked FLOAT16 output) and an
// INT32 input of task 1, as tensor_dump.cc writes them.
Harness dump_harness() {
  Harness h;
  const std::string a = floats({1.5f, -2.0f, 0.1f});
  const std::string half = std::string("\x00\x3c\x00\xc0", 4);  // 1.0, -2.0
  const std::string ints = std::string("\xff\xff\xff\xff\x07\x00\x00\x00", 8);
  h.disk.files["d/tensor_dump.bin"] = a + half + ints;
  h.disk.files["d/tensor_dump.json"] = R"({
  "format": "taskc-host-tensor-dump",
  "version": 1,
  "blob": "tensor_dump.bin",
  "entries": [
    {"task": 0, "kernel": "kernel_add", "func_id": 0, "slot": 0, "direction": "IN", "stage": "before", "dtype": "FLOAT32", "shape": [3], "offset": 0, "size": 12},
    {"task": 0, "kernel": "kernel_add", "func_id": 0, "slot": 1, "direction": "OUT", "stage": "after", "dtype": "FLOAT16", "shape": [1, 2], "offset": 12, "size": 4, "marked": true},
    {"task": 1, "kernel": "kernel_mul", "func_id": 1, "slot": 0, "direction": "IN", "stage": "before", "dtype": "INT32", "shape": [2], "offset": 16, "size": 8}
  ],
  "errors": [
    "tensor dump: task 2: kernel 'k' was not run"
  ]
}
)";
  h.disk.dirs.insert("out");
  return h;
}

TEST_CASE("dump list: one line per entry, unknown fields, then errors", "[dump]") {
  Harness h = dump_harness();
  Run r = h.run({"dump", "list", "d"});
  CHECK(r.code == kExitOk);
  CHECK(r.out ==
        "entry  task kernel                   slot dir   stage  dtype     shape                   bytes\n"
        "    0     0 kernel_add                  0 IN    before FLOAT32   3                          12\n"
        "    1*    0 kernel_add                  1 OUT   after  FLOAT16   1x2                         4\n"
        "    2     1 kernel_mul                  0 IN    before INT32     2                           8\n"
        "error: tensor dump: task 2: kernel 'k' was not run\n");
  Run filtered = h.run({"dump", "list", "d/tensor_dump.json", "--task", "0", "--stage", "after"});
  CHECK(filtered.code == kExitOk);
  CHECK(filtered.out.find("    1*    0 kernel_add") != std::string::npos);
  Run marked = h.run({"dump", "list", "d", "--marked"});
  CHECK(marked.out.find("    1*") != std::string::npos);
  CHECK(marked.out.find("    0     0") == std::string::npos);
  CHECK(filtered.out.find("    0     0") == std::string::npos);
  CHECK(filtered.out.find("kernel_mul") == std::string::npos);
  CHECK(h.run({"dump", "list", "d", "--kernel", "kernel_mul"}).out.find("    2     1") !=
        std::string::npos);
}

TEST_CASE("dump scalars: version 2 scalar entries, decoded by their dtype", "[dump]") {
  Harness h = dump_harness();
  std::string& index = h.disk.files["d/tensor_dump.json"];
  const std::string from = "\"version\": 1,";
  REQUIRE(index.find(from) != std::string::npos);
  index.replace(index.find(from), from.size(),
                "\"version\": 2, \"level\": \"full\", \"scalars\": ["
                "{\"task\": 0, \"kernel\": \"kernel_add\", \"index\": 0, \"dtype\": \"FLOAT32\", "
                "\"raw\": \"0x000000003f800000\", \"marked\": true},"
                "{\"task\": 1, \"kernel\": \"kernel_mul\", \"index\": 1, \"dtype\": \"INT32\", "
                "\"raw\": \"0x00000000ffffffff\", \"marked\": false}],");
  Run r = h.run({"dump", "scalars", "d"});
  INFO(r.err);
  CHECK(r.code == kExitOk);
  CHECK(r.out.find("0*kernel_add") != std::string::npos);
  CHECK(r.out.find("FLOAT32   1 ") != std::string::npos);
  CHECK(r.out.find("INT32     -1 ") != std::string::npos);
  CHECK(r.out.find("0x00000000ffffffff") != std::string::npos);
  CHECK(h.run({"dump", "scalars", "d", "--marked"}).out.find("kernel_mul") == std::string::npos);
  index.replace(index.find("0x000000003f800000"), 18, "1.0");
  Run bad = h.run({"dump", "scalars", "d"});
  CHECK(bad.code == kExitInputErrors);
  CHECK(bad.err.find("/scalars/0/raw") != std::string::npos);
}

TEST_CASE("dump show: every field of the entry and its values", "[dump]") {
  Harness h = dump_harness();
  Run r = h.run({"dump", "show", "d", "1"});
  CHECK(r.code == kExitOk);
  CHECK(r.out ==
        "entry 1 of 3\n  task: 0\n  kernel: kernel_add\n  func_id: 0\n  slot: 1\n"
        "  direction: OUT\n  stage: after\n  dtype: FLOAT16\n  shape: [1,2]\n"
        "  offset: 12\n  size: 4\n  marked: true\nvalues (all 2 of 2):\n  1 -2\n");
  CHECK(h.run({"dump", "show", "d", "0"}).out.find("values (all 3 of 3):\n  1.5 -2 0.1\n") !=
        std::string::npos);
  CHECK(h.run({"dump", "show", "d", "0", "--count", "1"}).out.find("values (first 1 of 3):\n  1.5 ...\n") !=
        std::string::npos);
  CHECK(h.run({"dump", "show", "d", "2"}).out.find("\n  -1 7\n") != std::string::npos);
  Run missing = h.run({"dump", "show", "d", "3"});
  CHECK(missing.code == kExitUsage);
  CHECK(missing.err == "taskc: error: no entry 3; the dump has 3 entries (see 'taskc dump list')\n");
}

TEST_CASE("dump extract: one .npy per entry, named after it", "[dump]") {
  Harness h = dump_harness();
  Run r = h.run({"dump", "extract", "d", "out", "--task", "0"});
  CHECK(r.code == kExitOk);
  CHECK(r.err == "taskc: wrote 2 files to out\n");
  REQUIRE(h.disk.files.count("out/task0_kernel_add_slot0_before.npy") == 1);
  REQUIRE(h.disk.files.count("out/task0_kernel_add_slot1_after.npy") == 1);
  CHECK(h.disk.files.count("out/task1_kernel_mul_slot0_before.npy") == 0);
  const std::string& file = h.disk.files["out/task0_kernel_add_slot1_after.npy"];
  npy::Header header;
  std::string error;
  REQUIRE(npy::parse(file, &header, &error));
  CHECK(header.descr == "<f2");
  CHECK(header.shape == std::vector<uint64_t>{1, 2});
  CHECK(file.substr(header.data_offset) == std::string("\x00\x3c\x00\xc0", 4));
  Run nodir = h.run({"dump", "extract", "d", "nowhere"});
  CHECK(nodir.code == kExitIo);
  CHECK(nodir.err == "taskc: error: directory 'nowhere' does not exist\n");
}

TEST_CASE("dump: malformed indexes are errors with a JSON pointer", "[dump]") {
  struct Case {
    std::string from, to, message;
    int code;
  };
  const Case cases[] = {
      {"\"size\": 8}", "\"size\": 9}",
       "d/tensor_dump.json: /entries/2/size: 9 bytes, but shape (2,) of INT32 holds 8", 1},
      {"\"offset\": 16", "\"offset\": 17",
       "d/tensor_dump.json: /entries/2: offset 17 + size 8 lies past the end of "
       "'d/tensor_dump.bin' (24 bytes)", 1},
      {"\"dtype\": \"INT32\"", "\"dtype\": \"INT31\"",
       "d/tensor_dump.json: /entries/2/dtype: unknown dtype 'INT31'", 1},
      {"\"blob\": \"tensor_dump.bin\"", "\"blob\": \"../secret\"",
       "d/tensor_dump.json: /blob: expected a file name next to the index", 1},
      {"\"version\": 1", "\"version\": 3",
       "d/tensor_dump.json: not a version 1 or 2 \"taskc-host-tensor-dump\" index", 1},
      {"\"task\": 1,", "\"task\": -1,",
       "d/tensor_dump.json: /entries/2/task: expected a non-negative integer", 1},
      {"\"kernel\": \"kernel_mul\"", "\"kernel\": \"../../x\"", "", 0},
  };
  for (const Case& c : cases) {
    Harness h = dump_harness();
    std::string& index = h.disk.files["d/tensor_dump.json"];
    REQUIRE(index.find(c.from) != std::string::npos);
    index.replace(index.find(c.from), c.from.size(), c.to);
    Run r = h.run({"dump", "list", "d"});
    INFO(c.to);
    CHECK(r.code == c.code);
    if (c.code != 0) CHECK(r.err == "taskc: error: " + c.message + "\n");
    if (c.code == 0) {
      Run extract = h.run({"dump", "extract", "d", "out"});
      CHECK(extract.code == kExitInputErrors);
      CHECK(extract.err.find("/entries/2/kernel: '../../x' cannot name a file") !=
            std::string::npos);
      CHECK(h.disk.commits == 0);
    }
  }
  Harness h;
  Run missing = h.run({"dump", "list", "nodump"});
  CHECK(missing.code == kExitIo);
  CHECK(missing.err.find("cannot open 'nodump'") != std::string::npos);
  h.disk.files["bad/tensor_dump.json"] = "{\"format\": ";
  CHECK(h.run({"dump", "list", "bad"}).code == kExitInputErrors);
}

}  // namespace
}  // namespace taskc
