// taskc run up to the point where it loads the libraries, in-process on a
// VirtualDisk: every binding mistake is exit 1 naming the parameter, command
// syntax exit 2, unreadable files exit 3. (The run itself is tested end to
// end in tests/run/.)
#include <catch2/catch.hpp>
#include <cstring>
#include <sstream>

#include "command.h"
#include "npy.h"
#include "npz.h"
#include "run_bindings.h"

namespace taskc {
namespace {

// a, b: IN [N]; w: INOUT [N, 4] INT32; f: OUT [N]; g: OUT [M] (M fixed by no
// input); s: FP32 scalar; k: INT32 scalar.
const char* const kProgram = R"(module t;
dim N;
dim M;
kernel aiv step(in a: Tensor[[N], FP32], inout w: Tensor[[N, 4], INT32],
                out f: Tensor[[N], FP32], out g: Tensor[[M], FP32], s: Scalar[FP32]);
orchestration t(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32],
                inout w: Tensor[[N, 4], INT32], out f: Tensor[[N], FP32],
                out g: Tensor[[M], FP32], s: Scalar[FP32], k: Scalar[INT32]) {
  call step(a, w, f, g, s);
}
)";

struct Result {
  int code = -1;
  std::string err;
  bool says(const std::string& text) const {
    return err.find(text) != std::string::npos;
  }
};

std::string zeros_npy(const char* descr, std::vector<uint64_t> shape,
                      size_t item_size) {
  size_t count = 1;
  for (uint64_t e : shape) count *= e;
  return npy::make_file(descr, shape, std::string(count * item_size, '\0'));
}

struct Harness {
  VirtualDisk disk;

  Harness() {
    disk.files["t.kir"] = kProgram;
    REQUIRE(run({"compile", "t.kir", "--manifest", "t.json", "-q"}).code == 0);
    disk.files["a.npy"] = zeros_npy("<f4", {8}, 4);
    disk.files["b.npy"] = zeros_npy("<f4", {8}, 4);
    disk.files["w.npy"] = zeros_npy("<i4", {8, 4}, 4);
  }

  Result run(std::vector<std::string> args) {
    args.insert(args.begin(), "taskc");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::istringstream in;
    std::ostringstream out, err;
    CommandEnv env{disk, in, out, err, false, nullptr, nullptr};
    Result r;
    r.code = run_taskc(static_cast<int>(argv.size()), argv.data(), env);
    r.err = err.str();
    return r;
  }

  // A command line with every binding right; `drop` leaves out the argument
  // that starts with it.
  Result run_t(std::vector<std::string> extra = {}, const std::string& drop = "") {
    std::vector<std::string> args = {
        "run", "t.json", "--orchestration", "missing_orch.so", "--kernels",
        "missing_kernels.so", "--input", "a=a.npy", "--input", "b=b.npy",
        "--input", "w=w.npy", "--output", "w=w_out.npy", "--output", "f=f.npy",
        "--output", "g=g.npy", "--scalar", "s=1.5", "--scalar", "k=-3",
        "--dim", "M=5"};
    std::vector<std::string> kept;
    for (const std::string& a : args) {
      if (!drop.empty() && a.rfind(drop, 0) == 0) {
        kept.pop_back();  // the option name before it
        continue;
      }
      kept.push_back(a);
    }
    kept.insert(kept.end(), extra.begin(), extra.end());
    return run(kept);
  }
};

TEST_CASE("run: correct bindings get as far as loading the libraries") {
  Harness h;
  Result r = h.run_t();
  CHECK(r.code == kExitIo);
  CHECK(r.says("cannot open orchestration library 'missing_orch.so'"));
  CHECK_FALSE(r.says("error: --"));
}

TEST_CASE("run: a wrong dtype names the parameter and the expected descr") {
  Harness h;
  h.disk.files["b.npy"] = zeros_npy("<f8", {8}, 8);
  Result r = h.run_t();
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--input b=b.npy: the array has dtype '<f8' but 'b' is FLOAT32 "
               "(expected '<f4')"));
}

TEST_CASE("run: shapes must match the manifest and agree on dims") {
  Harness h;
  SECTION("a dim that disagrees between tensors") {
    h.disk.files["b.npy"] = zeros_npy("<f4", {9}, 4);
    Result r = h.run_t();
    CHECK(r.code == kExitInputErrors);
    CHECK(r.says("axis 0 of 'b' has extent 9, but N is 8 (from 'a' axis 0)"));
  }
  SECTION("a fixed extent") {
    h.disk.files["w.npy"] = zeros_npy("<i4", {8, 5}, 4);
    Result r = h.run_t();
    CHECK(r.code == kExitInputErrors);
    CHECK(r.says("axis 1 of 'w' has extent 5; the manifest fixes it at 4"));
  }
  SECTION("the rank") {
    h.disk.files["a.npy"] = zeros_npy("<f4", {2, 4}, 4);
    Result r = h.run_t();
    CHECK(r.code == kExitInputErrors);
    CHECK(r.says("the array has shape (2, 4) but 'a' has rank 1 [N]"));
  }
  SECTION("a dim only outputs use needs --dim") {
    Result r = h.run_t({}, "M=");
    CHECK(r.code == kExitInputErrors);
    CHECK(r.says("output 'g' [M]: no input fixes M (axis 0); give it with --dim M=EXTENT"));
  }
  SECTION("--dim may not contradict an input") {
    Result r = h.run_t({"--dim", "N=7"});
    CHECK(r.code == kExitInputErrors);
    CHECK(r.says("axis 0 of 'a' has extent 8, but N is 7 (from --dim N=7)"));
  }
  SECTION("--dim of an unknown dim") {
    Result r = h.run_t({"--dim", "Q=7"});
    CHECK(r.code == kExitInputErrors);
    CHECK(r.says("--dim Q=7: no parameter shape of 't' uses a dim named 'Q'"));
  }
}

TEST_CASE("run: missing and extra bindings are errors") {
  Harness h;
  Result r = h.run_t({}, "a=");
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("missing --input a=FILE.npy for 'a' (IN tensor FLOAT32 [N])"));

  r = h.run_t({}, "w=w_out");
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("missing --output w=FILE.npy for 'w' (INOUT tensor INT32 [N, 4])"));

  r = h.run_t({}, "s=");
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("missing --scalar s=VALUE (FLOAT32 scalar)"));

  r = h.run_t({"--input", "x=a.npy"});
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--input x=a.npy: the orchestration 't' has no parameter 'x' "
               "(parameters: a, b, w, f, g, s, k)"));

  r = h.run_t({"--input", "a=b.npy"});
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--input: 'a' is bound more than once"));

  r = h.run_t({"--input", "f=a.npy"});
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--input: 'f' (OUT tensor FLOAT32 [N]) is an output"));

  r = h.run_t({"--output", "a=a_out.npy"});
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--output: 'a' (IN tensor FLOAT32 [N]) is an input"));

  r = h.run_t({"--input", "s=a.npy"});
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("'s' is a FLOAT32 scalar; give it with --scalar s=VALUE"));

  r = h.run_t({"--scalar", "a=1"});
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--scalar: 'a' (IN tensor FLOAT32 [N]) is a tensor"));
}

TEST_CASE("run: scalar values must fit their dtype") {
  Harness h;
  Result r = h.run_t({"--scalar", "k=3000000000"}, "k=");
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--scalar k=3000000000: not an integer in the INT32 range -2147483648..2147483647"));
  r = h.run_t({"--scalar", "s=1.5x"}, "s=");
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--scalar s=1.5x: not a FLOAT32 value"));
}

TEST_CASE("run: command syntax is exit 2, unreadable files exit 3") {
  Harness h;
  CHECK(h.run_t({"--input", "a.npy"}).code == kExitUsage);
  CHECK(h.run_t({"--scalar", "=3"}).code == kExitUsage);
  CHECK(h.run_t({"--threads", "0"}).code == kExitUsage);
  CHECK(h.run({"run", "t.json", "--kernels", "k.so"}).code == kExitUsage);

  h.disk.files.erase("b.npy");
  Result r = h.run_t();
  CHECK(r.code == kExitIo);
  CHECK(r.says("b.npy"));

  r = h.run({"run", "nope.json", "--orchestration", "o.so", "--kernels", "k.so"});
  CHECK(r.code == kExitIo);

  h.disk.files["b.npy"] = "not an npy file";
  r = h.run_t();
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--input b=b.npy: not a NumPy .npy file"));
}

TEST_CASE("run: no output may replace the manifest, a library, the dump or another output") {
  Harness h;
  h.disk.dirs.insert("d");
  struct Case {
    std::vector<std::string> extra;
    const char* drop;  // the binding the extra one replaces
    const char* says;
  };
  const Case cases[] = {
      {{"--output", "f=./t.json"}, "f=",
       "the output './t.json' is the input file 't.json'; refusing to overwrite it"},
      {{"--output", "g=missing_kernels.so"}, "g=", "is the input file 'missing_kernels.so'"},
      // Another spelling of g's file.
      {{"--output", "f=./g.npy"}, "f=", "the outputs './g.npy' and 'g.npy' are the same file"},
      {{"--output", "f=d/tensor_dump.bin", "--dump", "d"}, "f=",
       "the outputs 'd/tensor_dump.bin' and 'd/tensor_dump.bin' are the same file"},
  };
  // Checked before the libraries are loaded (they do not exist here).
  for (const Case& c : cases) {
    const Result r = h.run_t(c.extra, c.drop);
    INFO(r.err);
    CHECK(r.code == kExitUsage);
    CHECK(r.says(c.says));
  }
  // An inout tensor written back over its input file is fine.
  const Result r = h.run_t({"--output", "w=w.npy"}, "w=w_out");
  CHECK(r.code == kExitIo);
  CHECK(r.says("cannot open orchestration library 'missing_orch.so'"));
}

TEST_CASE("run: scalars are encoded as the generated code encodes them") {
  uint64_t raw = 0;
  std::string error;
  REQUIRE(parse_scalar("INT32", "-1", &raw, &error));
  CHECK(raw == ~uint64_t{0});
  REQUIRE(parse_scalar("UINT32", "4294967295", &raw, &error));
  CHECK(raw == 0xFFFFFFFFu);
  CHECK_FALSE(parse_scalar("UINT8", "256", &raw, &error));
  CHECK_FALSE(parse_scalar("UINT8", "-1", &raw, &error));
  REQUIRE(parse_scalar("FLOAT32", "1.5", &raw, &error));
  CHECK(raw == to_u64(1.5f));
  REQUIRE(parse_scalar("BOOL", "true", &raw, &error));
  CHECK(raw == 1);
  CHECK_FALSE(parse_scalar("BOOL", "yes", &raw, &error));
  CHECK_FALSE(parse_scalar("BFLOAT16", "1.0", &raw, &error));
  CHECK(error.find("cannot be given on the command line") != std::string::npos);
}

TEST_CASE("run: output files carry the manifest dtype and resolved shape") {
  EntryArguments arguments;
  EntryTensor tensor;
  tensor.name = "y";
  tensor.dtype = "BFLOAT16";
  tensor.shape = {2, 3};
  tensor.bytes = 12;
  tensor.storage.assign(2, 0x0102030405060708u);
  tensor.output_path = "y.npy";
  arguments.tensors.push_back(tensor);
  tensor.output_path.clear();  // an IN tensor: not written
  arguments.tensors.push_back(tensor);
  std::vector<PlannedOutput> files;
  std::string archive_error;
  REQUIRE(output_files(arguments, &files, &archive_error));
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "y.npy");
  npy::Header header;
  std::string error;
  REQUIRE(npy::parse(files[0].contents, &header, &error));
  CHECK(header.descr == "<u2");
  CHECK(header.shape == std::vector<uint64_t>{2, 3});
  CHECK(files[0].contents.size() - header.data_offset == 12);
}

// The bindings of run_t without a/b/w inputs and w/f/g outputs: what
// --inputs and --outputs must supply.
std::vector<std::string> without_tensor_files() {
  return {"run", "t.json", "--orchestration", "missing_orch.so", "--kernels",
          "missing_kernels.so", "--scalar", "s=1.5", "--scalar", "k=-3", "--dim", "M=5"};
}

std::vector<std::string> plus(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_CASE("run --inputs DIR / --outputs DIR: one NAME.npy per parameter") {
  Harness h;
  for (const char* name : {"a", "b", "w"}) {
    h.disk.files[std::string("in/") + name + ".npy"] = h.disk.files[std::string(name) + ".npy"];
  }
  h.disk.dirs.insert("out");
  Result r = h.run(plus(without_tensor_files(), {"--inputs", "in", "--outputs", "out"}));
  CHECK(r.code == kExitIo);
  CHECK(r.says("cannot open orchestration library"));  // every binding was right
  CHECK_FALSE(r.says("error: --"));
  // --input names one file of its own; the rest still come from the directory.
  h.disk.files["in/b.npy"] = zeros_npy("<f8", {8}, 8);
  r = h.run(plus(without_tensor_files(),
                 {"--inputs", "in", "--input", "b=b.npy", "--outputs", "out"}));
  CHECK(r.says("cannot open orchestration library"));
  r = h.run(plus(without_tensor_files(), {"--inputs", "in", "--outputs", "out"}));
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--inputs in: in/b.npy: the array has dtype '<f8' but 'b' is FLOAT32"));
  h.disk.files.erase("in/b.npy");
  r = h.run(plus(without_tensor_files(), {"--inputs", "in", "--outputs", "out"}));
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--inputs in has no b.npy for 'b' (IN tensor FLOAT32 [N])"));
  r = h.run(plus(without_tensor_files(), {"--inputs", "nodir", "--outputs", "out"}));
  CHECK(r.code == kExitIo);
  CHECK(r.says("--inputs nodir: no such directory (an archive must end in .npz)"));
  h.disk.files["in/b.npy"] = h.disk.files["b.npy"];
  r = h.run(plus(without_tensor_files(), {"--inputs", "in", "--outputs", "nowhere"}));
  CHECK(r.code == kExitIo);
  CHECK(r.says("directory 'nowhere' does not exist"));
  CHECK_FALSE(r.says("cannot open orchestration library"));  // found before loading
}

TEST_CASE("run --inputs X.npz: members NAME.npy; errors name the member") {
  Harness h;
  std::string error;
  auto archive = npz::write_archive({{"a.npy", h.disk.files["a.npy"]},
                                     {"b.npy", zeros_npy("<f4", {9}, 4)},
                                     {"w.npy", h.disk.files["w.npy"]}},
                                    &error);
  REQUIRE(archive);
  h.disk.files["in.npz"] = *archive;
  Result r = h.run(plus(without_tensor_files(), {"--inputs", "in.npz", "--outputs", "o.npz"}));
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--inputs in.npz: member 'b.npy': axis 0 of 'b' has extent 9, but N is 8"));
  archive = npz::write_archive({{"a.npy", h.disk.files["a.npy"]}}, &error);
  h.disk.files["in.npz"] = *archive;
  r = h.run(plus(without_tensor_files(), {"--inputs", "in.npz", "--outputs", "o.npz"}));
  CHECK(r.says("--inputs in.npz has no member 'b.npy' for 'b' (IN tensor FLOAT32 [N]); "
               "its members: a.npy"));
  h.disk.files["in.npz"] = "not a zip";
  r = h.run(plus(without_tensor_files(), {"--inputs", "in.npz", "--outputs", "o.npz"}));
  CHECK(r.code == kExitInputErrors);
  CHECK(r.says("--inputs in.npz: not a .npz (zip) archive"));
  r = h.run(plus(without_tensor_files(), {"--inputs", "missing.npz", "--outputs", "o.npz"}));
  CHECK(r.code == kExitIo);
  CHECK(r.says("--inputs missing.npz: cannot open 'missing.npz'"));
}

TEST_CASE("run: outputs bound to an archive become its members") {
  EntryArguments arguments;
  EntryTensor tensor;
  tensor.dtype = "FLOAT32";
  tensor.shape = {2};
  tensor.bytes = 8;
  tensor.storage.assign(2, 0);
  tensor.output_member = "f.npy";
  arguments.tensors.push_back(tensor);
  tensor.output_member.clear();
  tensor.output_path = "g.npy";
  arguments.tensors.push_back(tensor);
  arguments.output_archive = "out.npz";
  std::vector<PlannedOutput> files;
  std::string error;
  REQUIRE(output_files(arguments, &files, &error));
  REQUIRE(files.size() == 2);
  CHECK(files[0].path == "g.npy");
  CHECK(files[1].path == "out.npz");
  npz::Reader reader;
  REQUIRE(reader.open(files[1].contents, &error));
  CHECK(reader.member_names() == std::vector<std::string>{"f.npy"});
  std::string member;
  REQUIRE(reader.read("f.npy", 1 << 20, &member, &error) == npz::Reader::Status::kOk);
  CHECK(member == files[0].contents);
}

}  // namespace
}  // namespace taskc
