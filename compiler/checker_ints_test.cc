// Integer widths the checker decides (issue 14): constant folding in the
// declared dtype, casts that must keep their value, extents, offsets and
// indices the runtime's uint32 cannot hold, reshape element counts past
// 64 bits and contiguity, arguments of one task that overlap, and one
// diagnostic per mistake.
#include <catch2/catch.hpp>

#include "checker_test_support.h"

namespace taskc::test {
namespace {

// The diagnostics of an orchestration body over x: [N] FP32 (inout),
// idx: [4] INT32 and an INDEX scalar s, with kernels `use(in [?])`,
// `put(out [?])`, `two(in [?], out [?])`, `pair(out [?], out [?])` and
// `u8(out [?], v: UINT8)`.
Lines diagnose(const std::string& decls, const std::string& body) {
  return check_text("module m;\ndim N;\n" + decls +
                    "kernel aiv use(in a: Tensor[[?], FP32]);\n"
                    "kernel aiv put(out a: Tensor[[?], FP32]);\n"
                    "kernel aiv two(in a: Tensor[[?], FP32], out b: Tensor[[?], FP32]);\n"
                    "kernel aiv pair(out a: Tensor[[?], FP32], out b: Tensor[[?], FP32]);\n"
                    "kernel aiv u8(out a: Tensor[[?], FP32], v: Scalar[UINT8]);\n"
                    "orchestration o(inout x: Tensor[[N], FP32], in idx: Tensor[[4], INT32],\n"
                    "                s: Scalar[INDEX]) {\n" +
                    body + "  call use(x);\n  call put(x);\n  call u8(x, 0);\n"
                           "  call two(x, tensor.create([1], FP32));\n"
                           "  call pair(tensor.create([1], FP32), tensor.create([1], FP32));\n}\n")
      .lines();
}

// Only the error and warning lines mentioning `code`.
Lines only(const Lines& lines, const std::string& code) {
  Lines out;
  for (const std::string& l : lines) {
    if (l.find(" " + code + " ") != std::string::npos) out.push_back(l);
  }
  return out;
}

}  // namespace

TEST_CASE("constant arithmetic in a declared dtype must fit it") {
  CHECK(diagnose("const C: Scalar[UINT8] = 255;\n", "  call u8(x, C + 1);\n") ==
        Lines{"11:14 E0309 constant expression 255 + 1 = 256 overflows UINT8"});
  CHECK(diagnose("const C: Scalar[INT32] = 2147483647;\n", "  let v = C + 1;\n") ==
        Lines{"11:11 E0309 constant expression 2147483647 + 1 = 2147483648 overflows INT32"});
  CHECK(diagnose("const Z: Scalar[UINT32] = 0;\n", "  let v = Z - 1;\n") ==
        Lines{"11:11 E0309 constant expression 0 - 1 = -1 overflows UINT32"});
  CHECK(diagnose("const Z: Scalar[UINT32] = 5;\n", "  let v = -Z;\n") ==
        Lines{"11:11 E0309 constant expression -(5) overflows UINT32"});
  // Untyped constants fold in INT64, where these fit.
  CHECK(diagnose("const C = 255;\n", "  let v = C + 1;\n  let w = 0 - 1;\n").empty());
  CHECK(diagnose("const C: Scalar[UINT8] = 254;\n", "  call u8(x, C + 1);\n").empty());
}

TEST_CASE("a const whose value does not fit its dtype is one error") {
  CHECK(diagnose("const C: Scalar[UINT8] = 255 + 1;\n", "  call u8(x, C);\n  let v = C * 2;\n") ==
        Lines{"3:26 E0407 integer 256 does not fit const 'C' of dtype UINT8"});
}

TEST_CASE("a constant cast keeps its value or is an error") {
  CHECK(diagnose("", "  call u8(x, cast(300, UINT8));\n") ==
        Lines{"10:14 E0407 cast of 300 to UINT8: the value does not fit UINT8"});
  CHECK(diagnose("", "  let v = cast(3.0e10, INT32);\n") ==
        Lines{"10:11 E0407 cast of 30000000000.0 to INT32: the value does not fit INT32"});
  Checked c = check_text("module m;\norchestration o() {\n  let v = cast(-2.75, INT32);\n"
                         "  let w = cast(true, UINT8);\n}\n");
  CHECK(c.diagnostics.empty());
  const Program& p = c.program();
  for (const Symbol& s : p.symbols) {
    if (s.name == "v") CHECK((s.constant && s.constant->i == -2));  // toward zero
    if (s.name == "w") CHECK((s.constant && s.constant->i == 1));
  }
}

TEST_CASE("extents, offsets and indices past uint32 are compile-time errors") {
  CHECK(only(diagnose("", "  let t = tensor.create([4294967297], FP32);\n"), "E0421") ==
        Lines{"10:26 E0421 tensor.create extent 4294967297 is larger than 4294967295: the runtime "
              "holds extents and offsets as uint32"});
  CHECK(only(diagnose("", "  call use(tensor.slice(x, [1], [4294967296]));\n"), "E0421") ==
        Lines{"10:34 E0421 slice offset 4294967296 is larger than 4294967295: the runtime holds "
              "extents and offsets as uint32"});
  CHECK(only(diagnose("", "  call use(tensor.slice(x, [1], [4294967295]));\n"), "E0305") ==
        Lines{"10:12 E0305 slice axis 0 covers [4294967295, 4294967295 + 1) but the tensor's "
              "extent is at most 4294967295"});
  CHECK(only(check_text("module m;\nkernel aiv k(in a: Tensor[[1099511627776], FP32]);\n"
                        "orchestration o() {\n}\n")
                 .lines(),
             "E0421") ==
        Lines{"2:28 E0421 extent 1099511627776 is larger than 4294967295: the runtime holds "
              "extents and offsets as uint32"});
  CHECK(only(diagnose("", "  call use(tensor.reshape(x, [4294967296]));\n"), "E0421").size() == 1);
  // The largest extent is fine.
  CHECK(only(diagnose("", "  let t = tensor.create([4294967295], FP32);\n  call put(t);\n"),
             "E0421")
            .empty());
}

TEST_CASE("constant element indices are checked against their axis") {
  CHECK(diagnose("", "  tensor.write(x, [4294967296], 1.0);\n") ==
        Lines{"10:20 E0419 index 4294967296 is outside axis 0 of 'x' (extents are at most "
              "4294967295)"});
  CHECK(diagnose("", "  let v = tensor.read(idx, [4]);\n") ==
        Lines{"10:29 E0419 index 4 is outside axis 0 of 'idx' (extent 4)"});
  CHECK(diagnose("", "  let v = tensor.read(idx, [-1]);\n") ==
        Lines{"10:29 E0419 index -1 is outside axis 0 of 'idx' (extent 4)"});
  CHECK(diagnose("", "  let v = tensor.read(idx, [3]);\n  tensor.write(x, [0], 1.0);\n").empty());
}

TEST_CASE("a reshape's element count is compared exactly, past 64 bits") {
  CHECK(only(diagnose("", "  call use(tensor.reshape(idx, [4294967295, 4294967295, 4294967295]));\n"),
             "E0304") ==
        Lines{"10:12 E0304 tensor.reshape changes the element count: [4] and [4294967295, "
              "4294967295, 4294967295] differ in their products"});
  CHECK(only(diagnose("", "  call use(tensor.reshape(idx, [2, 2]));\n"), "E0304").empty());
}

TEST_CASE("a reshape of a view that certainly is not contiguous is an error") {
  const std::string grid =
      "kernel aiv g(in a: Tensor[[?], FP32]);\n"
      "orchestration o(in x: Tensor[[4, 64], FP32], n: Scalar[INDEX]) {\n";
  auto codes_of = [&](const std::string& body) {
    return check_text("module m;\n" + grid + body + "}\n").codes();
  };
  CHECK(codes_of("  call g(tensor.reshape(tensor.slice(x, [4, 32], [0, 0]), [128]));\n") ==
        std::vector<std::string>{"E0422"});
  // Spanning every axis but the first: contiguous.
  CHECK(codes_of("  call g(tensor.reshape(tensor.slice(x, [2, 64], [1, 0]), [128]));\n").empty());
  // Not known: checked when the orchestration runs.
  CHECK(codes_of("  call g(tensor.reshape(tensor.slice(x, [1, n], [0, 0]), [n]));\n").empty());
  // A slice of a slice that is not contiguous is not either.
  CHECK(codes_of("  let v = tensor.slice(x, [4, 32], [0, 0]);\n"
                 "  call g(tensor.reshape(tensor.slice(v, [1, 32], [0, 0]), [32]));\n") ==
        std::vector<std::string>{"E0422"});
}

TEST_CASE("arguments of one task that overlap: outputs are an error, in and out a warning") {
  auto run = [](const std::string& call) {
    return check_text(
               "module m;\n"
               "kernel aiv k(in a: Tensor[[2, 8], FP32], out b: Tensor[[2, 8], FP32],\n"
               "             out c: Tensor[[2, 8], FP32]);\n"
               "orchestration o(inout y: Tensor[[8, 8], FP32], in z: Tensor[[2, 8], FP32],\n"
               "                i: Scalar[INDEX]) {\n" +
               call + "}\n")
        .codes();
  };
  using Codes = std::vector<std::string>;
  CHECK(run("  call k(z, tensor.slice(y, [2, 8], [0, 0]), tensor.slice(y, [2, 8], [1, 0]));\n") ==
        Codes{"E0504"});
  CHECK(run("  call k(tensor.slice(y, [2, 8], [4, 0]), tensor.slice(y, [2, 8], [5, 0]),\n"
            "         tensor.slice(y, [2, 8], [0, 0]));\n") == Codes{"aliased-arguments"});
  // Disjoint rows, or rows that cannot be told apart (i), are not reported.
  CHECK(run("  call k(tensor.slice(y, [2, 8], [4, 0]), tensor.slice(y, [2, 8], [0, 0]),\n"
            "         tensor.slice(y, [2, 8], [2, 0]));\n")
            .empty());
  CHECK(run("  call k(tensor.slice(y, [2, 8], [i, 0]), tensor.slice(y, [2, 8], [0, 0]),\n"
            "         tensor.slice(y, [2, 8], [2, 0]));\n")
            .empty());
  // The same rows at i and i + 1 overlap whatever i is.
  CHECK(run("  call k(z, tensor.slice(y, [2, 8], [i, 0]), tensor.slice(y, [2, 8], [i + 1, 0]));\n") ==
        Codes{"E0504"});
}

}  // namespace taskc::test
