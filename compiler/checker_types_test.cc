// The checked Program (signatures, dims, call sites, shape checks, constants)
// and the type, call, direction and limit diagnostics (E03..E06).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "checker_test_support.h"

namespace taskc::test {
namespace {

const char* const kCall = "  call vec_add(a, b, c);\n";

const Symbol& symbol(const Program& p, const std::string& name) {
  for (const Symbol& s : p.symbols) {
    if (s.name == name) return s;
  }
  FAIL("no symbol " << name);
  throw;  // unreachable
}

// The CallInfo of the only call in the program.
const CallInfo& only_call(const Program& p) {
  REQUIRE(p.calls.size() == 1);
  return p.calls[0];
}

bool same(const SymInt& a, const char* text) { return a.to_string() == text; }

TEST_CASE("kernel and entry signatures", "[checker]") {
  Checked c = check_clean(R"(module m;
dim N;
kernel aiv k(x: Tensor[[N], FP32], s: Scalar[FP32], out y: Tensor[[N], FP32],
             n: Scalar[UINT32], inout z: Tensor[[N], FP32]);
orchestration o(in a: Tensor[[N], FP32], inout b: Tensor[[N], FP32], f: Scalar[FP32],
                out c: Tensor[[N], FP32], n: Scalar[INDEX]) {
  call k(a, f, c, 3, b);
}
)");
  const Program& p = c.program();
  const KernelInfo& k = kernel(p, "k");
  CHECK(k.signature == Dirs{Direction::kIn, Direction::kOut, Direction::kInOut});
  CHECK(k.scalar_count == 2);
  REQUIRE(k.params.size() == 5);
  CHECK(k.params[0].direction == Direction::kIn);  // tensors default to in
  CHECK(k.params[1].direction == Direction::kNone);
  CHECK_FALSE(k.params[3].is_tensor);
  CHECK(k.params[3].dtype == DType::kUint32);
  CHECK(k.params[0].shape_text == std::vector<std::string>{"N"});
  CHECK(k.source == "kernels/aiv/k.cpp");
  CHECK(k.call_sites == 1);
  CHECK(p.entry_signature == Dirs{Direction::kIn, Direction::kInOut, Direction::kOut});
  CHECK(p.entry_scalar_count == 2);
  CHECK(p.entry_params.size() == 5);
  CHECK(p.created_tensor_count == 0);
  CHECK(p.target == "a2a3");
}

TEST_CASE("dims bind to their first whole axis; other axes are entry checks",
          "[checker]") {
  Checked c = check_clean(R"(module m;
dim M, N, K;
kernel aiv mm(in x: Tensor[[M, N], FP32], in w: Tensor[[N, K], FP32],
              out y: Tensor[[M, K], FP32]);
orchestration o(in x: Tensor[[M, N], FP32], in w: Tensor[[N, K], FP32],
                out y: Tensor[[M, K], FP32], in bias: Tensor[[128], FP32]) {
  call mm(x, w, y);
}
)");
  const Program& p = c.program();
  REQUIRE(p.dims.size() == 3);
  CHECK((p.dims[0].name == "M" && p.dims[0].param == 0 && p.dims[0].axis == 0));
  CHECK((p.dims[1].name == "N" && p.dims[1].param == 0 && p.dims[1].axis == 1));
  CHECK((p.dims[2].name == "K" && p.dims[2].param == 1 && p.dims[2].axis == 1));
  REQUIRE(p.entry_checks.size() == 4);
  CHECK((p.entry_checks[0].param == 1 && p.entry_checks[0].axis == 0));
  CHECK(same(p.entry_checks[0].extent, "N"));
  CHECK((p.entry_checks[1].param == 2 && p.entry_checks[1].axis == 0));
  CHECK(same(p.entry_checks[1].extent, "M"));
  CHECK((p.entry_checks[2].param == 2 && p.entry_checks[2].axis == 1));
  CHECK(same(p.entry_checks[2].extent, "K"));
  CHECK((p.entry_checks[3].param == 3 && p.entry_checks[3].axis == 0));
  CHECK(same(p.entry_checks[3].extent, "128"));

  // `2 * N` does not bind N; the later whole axis does.
  Checked later = check_clean(R"(module m;
dim N;
orchestration o(in a: Tensor[[2 * N], FP32], in b: Tensor[[N], FP32]) {
}
)");
  const Program& q = later.program();
  CHECK((q.dims.at(0).param == 1 && q.dims.at(0).axis == 0));
  REQUIRE(q.entry_checks.size() == 1);
  CHECK(same(q.entry_checks[0].extent, "2*N"));
}

TEST_CASE("call sites count group calls for members; created tensors",
          "[checker]") {
  Checked c = check_clean(R"(module m;
dim N;
kernel aic cube(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
kernel aiv vec(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
kernel aiv other(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
group g(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  aiv vec;
  aic cube;
}
orchestration o(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  let t = tensor.create([N], FP32);
  let u = tensor.create([N, 2], FP32);
  call g(a, t);
  call vec(t, c);
  for i in range(2) {
    let t2 = call g(t, c);
    call other(a, c);
  }
}
)");
  const Program& p = c.program();
  CHECK(kernel(p, "cube").call_sites == 2);
  CHECK(kernel(p, "vec").call_sites == 3);
  CHECK(kernel(p, "other").call_sites == 1);
  REQUIRE(p.groups.size() == 1);
  CHECK(p.groups[0].call_sites == 2);
  CHECK(p.groups[0].aic_kernel == 0);
  CHECK(p.groups[0].aiv_kernel == 1);
  CHECK(p.groups[0].signature == Dirs{Direction::kIn, Direction::kOut});
  CHECK(p.created_tensor_count == 2);
  CHECK(symbol(p, "t").type.root_created == 0);
  CHECK(symbol(p, "u").type.root_created == 1);
  CHECK(symbol(p, "u").type.shape().size() == 2);
  CHECK(symbol(p, "t2").type.kind == ValueKind::kTaskId);
  CHECK(p.calls.size() == 4);
}

TEST_CASE("shapes are compared symbolically", "[checker]") {
  const std::string decls = R"(module m;
dim N, M;
kernel aiv k(in x: Tensor[[N * 2], FP32], out y: Tensor[[N], FP32]);
kernel aiv k4(in x: Tensor[[4], FP32]);
kernel aiv any(in x: Tensor[[?, 2], FP32]);
)";
  const std::string entry =
      "orchestration o(in s: Tensor[[N], FP32], in a: Tensor[[2 * N], FP32], "
      "out b: Tensor[[M], FP32]) {\n";
  // 2*N == N*2 needs no check; M against N is checked at run time.
  Checked c = check_text(decls + entry + "  call k(a, b);\n}\n");
  REQUIRE(c.codes() == Lines{"unused-kernel", "unused-kernel"});
  const CallInfo& call = only_call(c.program());
  REQUIRE(call.shape_checks.size() == 1);
  CHECK(call.shape_checks[0].arg == 1);
  CHECK(call.shape_checks[0].axis == 0);
  CHECK(same(call.shape_checks[0].extent, "N"));
  // 4 against 8 is known to differ.
  CHECK(check_text(decls + entry + "  call k(a, b);\n  let t = tensor.create([8], FP32);\n"
                   "  call k4(t);\n  call any(tensor.create([8, 2], FP32));\n}\n")
            .lines() == Lines{"9:11 E0303 kernel 'k4' parameter 'x' axis 0 has extent 4 "
                              "but the argument's extent is 8",
                              "10:12 uninitialized-read 'tensor.create([8, 2], FP32)' is read "
                              "before any task writes it"});
  // '?' accepts any extent, with no check.
  Checked any = check_text(decls + entry + "  call k(a, b);\n  call k4(tensor.slice(s, [4], [0]));\n"
                           "  call any(tensor.reshape(a, [N, 2]));\n}\n");
  CHECK(any.diagnostics.empty());
  for (const CallInfo& info : any.program().calls) {
    if (info.callee == 2) CHECK(info.shape_checks.empty());
  }
  // A let's declared type is compared the same way.
  CHECK(check_text(decls + entry + "  call k(a, b);\n  call k4(s);\n"
                   "  call any(tensor.reshape(a, [N, 2]));\n"
                   "  let v: Tensor[[N * 2], FP32] = a;\n"
                   "  let w: Tensor[[2 * N + 1], FP32] = a;\n}\n")
            .lines() == Lines{"11:38 E0303 let 'w' axis 0 is declared 2*N + 1 but the "
                              "value's extent is 2*N"});
}

TEST_CASE("type aliases are substituted", "[checker]") {
  Checked c = check_clean(R"(module m;
dim N;
type Vec = Tensor[[N], FP32];
type Vec2 = Vec;
type Idx = Scalar[INDEX];
kernel aiv k(in x: Vec, out y: Vec2, n: Idx);
orchestration o(in a: Vec2, out b: Tensor[[N], FP32]) {
  call k(a, b, 4);
}
)");
  const Program& p = c.program();
  const KernelInfo& k = kernel(p, "k");
  CHECK(k.signature == Dirs{Direction::kIn, Direction::kOut});
  CHECK(k.scalar_count == 1);
  CHECK(k.params[1].shape_text == std::vector<std::string>{"N"});
  CHECK(k.params[2].dtype == DType::kIndex);
  CHECK(p.entry_params[0].is_tensor);
  CHECK(p.entry_params[0].dtype == DType::kFp32);
}

TEST_CASE("const folding, overflow and division by zero (E0309)", "[checker]") {
  Checked c = check_clean(R"(module m;
const A = 6 * 7;
const B = A // 4 - 20;
const C = -7 % 3;
const D = -9223372036854775808;
const F = 1.5 * 2;
const T = A > 40 and not false;
const S = min(A, 50) + max(-1, B);
orchestration o() {
}
)");
  const Program& p = c.program();
  CHECK(symbol(p, "A").constant->i == 42);
  CHECK(symbol(p, "B").constant->i == -10);
  CHECK(symbol(p, "C").constant->i == 2);
  CHECK(symbol(p, "D").constant->i == INT64_MIN);
  CHECK(symbol(p, "F").constant->f == 3.0);
  CHECK(symbol(p, "T").constant->b);
  CHECK(symbol(p, "S").constant->i == 41);
  CHECK(same(symbol(p, "A").symbolic, "42"));

  auto one = [](const std::string& decl) {
    return check_text("module m;\n" + decl + "\norchestration o() {\n}\n").lines();
  };
  const std::string overflow = "2:11 E0309 constant expression overflows INT64";
  CHECK(one("const X = 9223372036854775807 + 1;") == Lines{overflow});
  CHECK(one("const X = 4294967296 * 4294967296;") == Lines{overflow});
  CHECK(one("const X = -9223372036854775807 - 2;") == Lines{overflow});
  CHECK(one("const X = -(-9223372036854775808);") == Lines{overflow});
  CHECK(one("const X = 7 // 0;") ==
        Lines{"2:11 E0309 division by zero in a constant expression"});
  CHECK(one("const X = 7 % (2 - 2);") ==
        Lines{"2:11 E0309 division by zero in a constant expression"});
  // Reported once, however often the const is used.
  CHECK(one("const X = 1 // 0; const Y = X + 1; const Z = X * Y;").size() == 1);
  CHECK(check_text(with_body(std::string(kCall) + "  let x = 1;\n", " const X = N;"))
            .lines() == Lines{"2:18 E0309 the value of const 'X' is not a "
                              "compile-time constant"});
}

TEST_CASE("literals adapt to the parameter's dtype when they fit (E0407)",
          "[checker]") {
  const std::string decls = R"(module m;
dim N;
const BIG = 70000;
const TYPED: Scalar[INT32] = 5;
kernel aiv k(out y: Tensor[[N], FP32], u8: Scalar[UINT8], u32: Scalar[UINT32],
             i16: Scalar[INT16], f: Scalar[FP32]);
orchestration o(out c: Tensor[[N], FP32]) {
)";
  check_clean(decls + "  call k(c, 255, 0, -32768, 1);\n  call k(c, 0, 4294967295, 7, 2.5);\n}\n");
  CHECK(check_text(decls + "  call k(c, 300, -1, BIG, 1);\n}\n").lines() ==
        Lines{"8:13 E0407 integer 300 does not fit kernel 'k' parameter 'u8' of dtype UINT8",
              "8:18 E0407 integer -1 does not fit kernel 'k' parameter 'u32' of dtype "
              "UINT32",
              "8:22 E0407 integer 70000 does not fit kernel 'k' parameter 'i16' of dtype "
              "INT16"});
  CHECK(check_text(decls + "  call k(c, 1, 1.0, TYPED, 1);\n}\n").lines() ==
        Lines{"8:16 E0301 kernel 'k' parameter 'u32' expects dtype UINT32, not FP32; "
              "use cast(x, UINT32)",
              "8:21 E0301 kernel 'k' parameter 'i16' expects dtype INT16, not INT32; "
              "use cast(x, INT16)"});
  // A cast converts what fits (cast(300, UINT8) is E0407: checker_ints_test).
  check_clean(decls + "  call k(c, cast(200, UINT8), 1, cast(TYPED, INT16), 1);\n}\n");
}

TEST_CASE("INDEX and INT64 mix; other dtypes need a cast", "[checker]") {
  const std::string decls = R"(module m;
dim N;
kernel aiv k(out y: Tensor[[N], FP32], n: Scalar[INT64], m: Scalar[INDEX],
             i: Scalar[INT32]);
orchestration o(out c: Tensor[[N], FP32], s: Scalar[INT64], t: Scalar[INDEX],
                u: Scalar[INT32], f: Scalar[FP32]) {
)";
  Checked c = check_clean(decls + "  let x = s + t;\n  let w = u * t;\n"
                          "  call k(c, t, s, u);\n  call k(c, x, w, u + 1);\n}\n");
  CHECK(symbol(c.program(), "x").type.dtype == DType::kIndex);
  CHECK(symbol(c.program(), "w").type.dtype == DType::kIndex);
  CHECK(check_text(decls + "  call k(c, s, t, t);\n}\n").lines() ==
        Lines{"7:19 E0301 kernel 'k' parameter 'i' expects dtype INT32, not INDEX; "
              "use cast(x, INT32)"});
  CHECK(check_text(decls + "  call k(c, s, t, u);\n  let z = u + f;\n}\n").lines() ==
        Lines{"8:11 E0307 operands of '+' have different dtypes INT32 and FP32; use "
              "cast(x, DTYPE)"});
  CHECK(check_text(decls + "  call k(c, s, t, u);\n  let z = f // 2.0;\n  let q = t / 2;\n}\n")
            .codes() == Lines{"E0307", "E0307"});
}

TEST_CASE("E04: calls and keywords; deps in every scope", "[checker]") {
  Checked manual = check_clean(with_body("  scope manual {\n    let t1 = call vec_add(a, b, c);\n"
                                         "    call vec_add(a, b, c, deps = [t1], blocks = 4);\n"
                                         "  }\n"));
  size_t with_deps = 0;
  for (const CallInfo& info : manual.program().calls) {
    const Arg* deps = info.keyword(CallKeyword::kDeps);
    with_deps += deps ? deps->value->items.size() : 0;
    // Positional arguments are stored in parameter order, keywords apart.
    CHECK(info.args.size() == 3);
  }
  CHECK(with_deps == 1);
  // deps are allowed in every scope (language-v2.md §1).
  check_clean(with_body("  let t1 = call vec_add(a, b, c);\n"
                        "  call vec_add(a, b, c, deps = [t1]);\n"));
  auto lines = [](const std::string& body) {
    return check_text(with_body(std::string(kCall) + body)).lines();
  };
  CHECK(lines("  call vec_add(a, b, c, a);\n") ==
        Lines{"6:3 E0401 kernel 'vec_add' takes 3 arguments (a, b, c) but 4 were given",
              "  note 3:12 'vec_add' declared here"});
  // A missing argument shifts the others; that is the one error, not also a
  // kind or dtype error for each argument against the wrong parameter.
  std::string scale = with_body(std::string(kCall) + "  call vec_scale(c, 2.0);\n",
                                " kernel aiv vec_scale(in a: Tensor[[N], FP32], "
                                "out c: Tensor[[N], FP32], f: Scalar[FP32]);");
  CHECK(check_text(scale).lines() ==
        Lines{"6:3 E0401 kernel 'vec_scale' takes 3 arguments (a, c, f) but 2 were given",
              "  note 2:19 'vec_scale' declared here"});
  // The arguments are still checked on their own.
  CHECK(lines("  call vec_add(a, bb);\n") ==
        Lines{"6:3 E0401 kernel 'vec_add' takes 3 arguments (a, b, c) but 2 were given",
              "  note 3:12 'vec_add' declared here",
              "6:19 E0201 undefined name 'bb'; did you mean 'b'?"});
  CHECK(lines("  call vec_add(a, b, c, block = 2);\n") ==
        Lines{"6:25 E0404 unknown keyword argument 'block'; did you mean 'blocks'?"});
  CHECK(lines("  call vec_add(a, b, c, width = 2);\n") ==
        Lines{"6:25 E0404 unknown keyword argument 'width'; task calls take blocks, "
              "sync_start, deps, early_resolve, timing_slot, dispatch_if and dump"});
  CHECK(lines("  call vec_add(a, b, c, blocks = 1 - 1);\n") ==
        Lines{"6:34 E0406 blocks must be at least 1, not 0"});
  CHECK(lines("  for i in range(0, 8, 0) {\n  }\n") ==
        Lines{"6:24 E0408 range step cannot be 0"});
  CHECK(lines("  scope manual {\n    scope {\n    }\n  }\n") ==
        Lines{"7:5 E0409 an automatic scope cannot be nested inside a manual scope (the "
                  "runtime rejects it); use 'scope manual'"});
  CHECK(lines("  let x = mn(1, 2);\n") ==
        Lines{"6:11 E0410 unknown function 'mn'; did you mean 'min'?"});
  CHECK(lines("  let x = tensor.slce(a, [1], [0]);\n") ==
        Lines{"6:11 E0410 unknown tensor operation 'tensor.slce'; did you mean "
              "'tensor.slice'?"});
  CHECK(lines("  call vec_add(a, b, blocks = 2, c);\n") ==
        Lines{"6:34 E0411 positional argument after a keyword argument"});
  CHECK(lines("  call vec_add(a, b, c, blocks = 2, blocks = 3);\n") ==
        Lines{"6:37 E0411 keyword argument 'blocks' is given twice"});
  CHECK(lines("  let t1 = 1;\n  scope manual {\n    call vec_add(a, b, c, deps = [t1]);\n  }\n") ==
        Lines{"8:35 E0307 deps entries are task ids (a name, an array element or none), "
              "not Scalar[INDEX]"});
}

TEST_CASE("E0402/E0403 tensor-scalar mix, E05 nodep and written in-tensors",
          "[checker]") {
  const std::string decls = R"(module m;
dim N;
kernel aiv scale(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32], s: Scalar[FP32]);
orchestration o(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32], f: Scalar[FP32]) {
)";
  CHECK(check_text(decls + "  call scale(a, c, a);\n}\n").lines() ==
        Lines{"5:20 E0402 kernel 'scale' parameter 's' is a scalar but the argument is "
              "Tensor[[N], FP32]"});
  // A type is shown in .kir spellings: a loop variable by its name alone.
  CHECK(check_text(decls + "  for m0 in range(0, N, 64) {\n"
                   "    call scale(a, c, tensor.slice(a, [min(64, N - m0)], [m0]));\n"
                   "  }\n}\n")
            .lines() == Lines{"6:22 E0402 kernel 'scale' parameter 's' is a scalar but the "
                              "argument is Tensor[[min(64, N - m0)], FP32]"});
  CHECK(check_text(decls + "  call scale(f, c, f);\n}\n").lines() ==
        Lines{"5:14 E0403 kernel 'scale' parameter 'a' is a tensor but the argument is "
              "Scalar[FP32]"});
  CHECK(check_text(decls + "  call scale(nodep a, c, nodep f);\n}\n").lines() ==
        Lines{"5:26 E0501 'nodep' applies to tensor arguments; kernel 'scale' "
              "parameter 's' is a scalar"});
  CHECK(check_text(decls + "  call scale(a, c, f);\n  call scale(c, a, f);\n}\n").lines() ==
        Lines{"6:17 E0502 kernel 'scale' parameter 'c' is out but entry tensor 'a' is "
              "declared in; declare it inout",
              "  note 4:17 'a' declared here"});
  // Through another name and through a view.
  CHECK(check_text(decls + "  call scale(a, c, f);\n  let d = a;\n"
                   "  call scale(c, tensor.slice(d, [1], [0]), f);\n}\n")
            .codes() == Lines{"E0502"});
}

TEST_CASE("E03: ranks, reshape, slices, '?' and directions", "[checker]") {
  auto lines = [](const std::string& body) {
    return check_text(with_body(std::string(kCall) + body)).lines();
  };
  CHECK(lines("  call vec_add(a, b, tensor.create([N, 1], FP32));\n") ==
        Lines{"6:22 E0302 kernel 'vec_add' parameter 'c' has rank 1 but the argument "
              "has rank 2"});
  CHECK(lines("  let r = tensor.reshape(tensor.create([4, 64], FP32), [128]);\n") ==
        Lines{"6:11 E0304 tensor.reshape changes the element count from 256 to 128"});
  CHECK(lines("  let s = tensor.slice(tensor.create([128], FP32), [64], [96]);\n") ==
        Lines{"6:11 E0305 slice axis 0 covers [96, 96 + 64) but the tensor's extent "
              "is 128"});
  CHECK(lines("  let t = tensor.create([1, 1, 1, 1, 1, 1], FP32);\n") ==
        Lines{"6:25 E0306 tensor rank 6 is outside 1..5"});
  CHECK(lines("  let t = tensor.create([?], FP32);\n") ==
        Lines{"6:26 E0308 '?' (any size) is only allowed in parameter types"});
  CHECK(lines("  let t: Tensor[[?], FP32] = a;\n") ==
        Lines{"6:18 E0308 '?' (any size) is only allowed in parameter types"});
  CHECK(lines("  let t: Tensor[[?], FP32] = tensor.create([4], FP32);\n") ==
        Lines{"6:18 E0308 '?' (any size) is only allowed in parameter types"});
  // A value of any size is not known to differ from a declared extent.
  check_clean("module m;\norchestration o(in a: Tensor[[?], FP32]) {\n"
              "  let v: Tensor[[4], FP32] = a;\n}\n");
  CHECK(lines("  if a {\n  }\n") ==
        Lines{"6:6 E0307 a condition must be BOOL or an integer, not Tensor[[N], FP32]"});
  CHECK(check_text("module m;\nkernel aiv k(in s: Scalar[FP32]);\n"
                   "orchestration o() {\n  call k(1.0);\n}\n")
            .lines() == Lines{"2:14 E0310 scalar parameter 's' cannot have a direction; "
                              "only tensors are in, out or inout"});
}

TEST_CASE("parameter extents are dims and consts only (E0309)", "[checker]") {
  CHECK(check_text(R"(module m;
dim N;
kernel aiv k(n: Scalar[INDEX], in a: Tensor[[n], FP32], out c: Tensor[[N], FP32]);
orchestration o(m: Scalar[INDEX], in a: Tensor[[m + 1], FP32], out c: Tensor[[N], FP32]) {
  call k(m, a, c);
}
)").lines() == Lines{"3:46 E0309 a parameter extent must be a constant, a dim, or a "
                     "constant expression of them; 'n' is neither",
                     "4:49 E0309 a parameter extent must be a constant, a dim, or a "
                     "constant expression of them; 'm' is neither"});
  check_clean(R"(module m;
dim N;
const T = 64;
kernel aiv k(in a: Tensor[[N // T, T * 2], FP32]);
orchestration o(in a: Tensor[[N // T, T * 2], FP32], in s: Tensor[[N], FP32]) {
  call k(a);
}
)");
}

TEST_CASE("E06: per-kernel and entry limits", "[checker]") {
  auto tensors = [](int count, const char* prefix) {
    std::string out;
    for (int i = 0; i < count; ++i) {
      out += std::string(i ? ", " : "") + prefix + std::to_string(i) +
             ": Tensor[[4], FP32]";
    }
    return out;
  };
  auto scalars = [](int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
      out += std::string(i ? ", " : "") + "s" + std::to_string(i) + ": Scalar[INT32]";
    }
    return out;
  };
  auto errors = [](const std::string& text) {
    Lines out;
    for (const std::string& line : check_text(text).lines()) {
      if (line.find(" E06") != std::string::npos) out.push_back(line);
    }
    return out;
  };
  CHECK(errors("module m;\nkernel aiv big(" + tensors(33, "t") + ");\norchestration o() {\n}\n") ==
        Lines{"2:12 E0601 kernel 'big' has 33 tensor parameters; the limit is 32"});
  CHECK(errors("module m;\nkernel aiv big(" + tensors(32, "t") + ", " + scalars(17) +
               ");\norchestration o() {\n}\n") ==
        Lines{"2:12 E0602 kernel 'big' has 17 scalar parameters; the limit is 16"});
  CHECK(errors("module m;\norchestration o(" + tensors(257, "t") + ") {\n}\n") ==
        Lines{"2:15 E0603 orchestration has 257 entry tensors; the limit is 256"});
  CHECK(errors("module m;\norchestration o(" + scalars(129) + ") {\n}\n") ==
        Lines{"2:15 E0604 orchestration has 129 entry scalars; the limit is 128"});
  CHECK(errors("module m;\norchestration o(" + tensors(256, "t") + ", " + scalars(128) +
               ") {\n}\n")
            .empty());
}

}  // namespace
}  // namespace taskc::test
