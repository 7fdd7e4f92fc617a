// Checker diagnostics about names, declarations, groups, module options and
// warnings, and how they are reported: in source order, each once, with no
// follow-on diagnostics after one mistake.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "checker_test_support.h"

namespace taskc::test {
namespace {

const char* const kCall = "  call vec_add(a, b, c);\n";

// with_body() under another module header (still one line).
std::string with_header(const std::string& header, const std::string& body) {
  std::string text = with_body(body);
  return header + text.substr(text.find('\n'));
}

const char* const kGroupModule = R"(module m;
dim N;
kernel aic cube(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
kernel aiv vec(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
group g(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  aic cube;
  aiv vec;
}
orchestration o(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  call g(a, c);
}
)";

// kGroupModule with `from` replaced by `to`.
std::string group_module(const std::string& from, const std::string& to) {
  std::string text = kGroupModule;
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

TEST_CASE("a correct program has no diagnostics", "[checker]") {
  check_clean(with_body(kCall));
  check_clean(kGroupModule);
}

TEST_CASE("E01: syntax errors stop before the checker runs", "[checker]") {
  Checked lex = check_text("module m;\nconst X = 1 $ 2;\nconst Y = zz;\n");
  REQUIRE_FALSE(lex.diagnostics.empty());
  CHECK(lex.lines()[0] == "2:13 E0101 unexpected character '$'");
  CHECK_FALSE(lex.result.syntax_ok);
  CHECK_FALSE(lex.result.program);
  Lines codes = lex.codes();
  CHECK(std::count(codes.begin(), codes.end(), "E0201") == 0);

  Checked parse = check_text("module m;\nconst X = ;\n");
  REQUIRE_FALSE(parse.diagnostics.empty());
  CHECK(parse.codes()[0] == "E0107");
  CHECK_FALSE(parse.result.program);
}

TEST_CASE("E0201: undefined names, with a suggestion when one is close",
          "[checker]") {
  CHECK(check_text(with_body("  call vec_add(a, bb, c);\n")).lines() ==
        Lines{"5:19 E0201 undefined name 'bb'; did you mean 'b'?"});
  CHECK(check_text(with_body("  call vec_ad(a, b, c);\n")).lines() ==
        Lines{"5:8 E0201 undefined kernel 'vec_ad'; did you mean 'vec_add'?"});
  CHECK(check_text(with_body("  call vec_add(a, b, cc);\n")).lines() ==
        Lines{"5:22 E0201 undefined name 'cc'; did you mean 'c'?"});
  // Nothing close: no suggestion ('x' is not a typo of 'a' or 'N').
  CHECK(check_text(with_body(std::string(kCall) + "  let y = x + 1;\n")).lines() ==
        Lines{"6:11 E0201 undefined name 'x'"});
  CHECK(check_text(with_body(std::string(kCall) + "  let w = weights;\n")).lines() ==
        Lines{"6:11 E0201 undefined name 'weights'"});
  // Block scoping: a let does not outlive its scope, and the message says
  // where that ended rather than guessing another name.
  CHECK(check_text(with_body(std::string(kCall) +
                             "  scope {\n    let part = 1;\n  }\n  let q = part;\n"))
            .lines() == Lines{"9:11 E0201 undefined name 'part': 'part' belongs to the "
                              "block that ended at line 8",
                              "  note 7:9 'part' declared here"});
  CHECK(check_text(with_body(std::string(kCall) +
                             "  for k0 in range(4) {\n    let k = k0;\n  }\n"
                             "  let q = k0 + 1;\n"))
            .lines() == Lines{"9:11 E0201 undefined name 'k0': 'k0' belongs to the "
                              "loop that ended at line 8",
                              "  note 6:7 'k0' declared here"});
  // Assigned after its loop; and the latest scope of a name is the one told.
  CHECK(check_text(with_body("  scope {\n    var n = 1;\n  }\n"
                             "  if true {\n    var n = 2;\n    n = 3;\n  }\n  n = 4;\n" +
                             std::string(kCall)))
            .lines() == Lines{"12:3 E0201 undefined variable 'n': 'n' belongs to the "
                              "block that ended at line 11",
                              "  note 9:9 'n' declared here"});
  CHECK(check_text(with_body(kCall, " type V = Vect;")).lines() ==
        Lines{"2:17 E0201 undefined type 'Vect'"});
  // Suggestions are names of the kind expected there.
  CHECK(check_text(with_body(kCall, " type Vec = Tensor[[N], FP32]; type W = Vecc;"))
            .lines() == Lines{"2:47 E0201 undefined type 'Vecc'; did you mean 'Vec'?"});
  CHECK(check_text(with_body(std::string(kCall) + "  let k = vec_ad;\n")).lines() ==
        Lines{"6:11 E0201 undefined name 'vec_ad'"});
  CHECK(check_text(with_body(std::string(kCall) + "  var count = 0;\n  let cnt = 1;\n"
                             "  coun = 2;\n"))
            .lines() == Lines{"8:3 E0201 undefined variable 'coun'; did you mean 'count'?"});
}

TEST_CASE("one mistake gives one diagnostic: no follow-on errors or warnings",
          "[checker]") {
  // An undefined name's uses are not errors again.
  CHECK(check_text(with_body("  let x = qq + 1;\n  let y = x * 2;\n"
                             "  call vec_add(a, b, c, blocks = y);\n"
                             "  call vec_add(a, b, c, blocks = x);\n"))
            .lines() == Lines{"5:11 E0201 undefined name 'qq'"});
  // A parameter whose type is undefined: its arguments are not checked
  // against a guessed type (kernel, group and entry parameters).
  std::string kernel_param = with_body(kCall);
  kernel_param.replace(kernel_param.find("in a: Tensor[[N], FP32]"), 23, "in a: Vec");
  CHECK(check_text(kernel_param).lines() == Lines{"3:26 E0201 undefined type 'Vec'"});
  std::string entry_param = with_body(kCall);
  entry_param.replace(entry_param.find("o(in a: Tensor[[N], FP32]"), 25, "o(in a: Vec");
  CHECK(check_text(entry_param).lines() == Lines{"4:23 E0201 undefined type 'Vec'"});
  CHECK(check_text(group_module("group g(in a: Tensor[[N], FP32]", "group g(in a: Vec"))
            .lines() == Lines{"5:15 E0201 undefined type 'Vec'"});
  // A call of an undefined kernel: no "never called" for the kernel meant,
  // no "never written" for its arguments, no uninitialized read after it.
  CHECK(check_text(with_body("  let t = tensor.create([N], FP32);\n"
                             "  call vec_ad(a, t, c);\n  call vec_add(t, b, c);\n"))
            .codes() == Lines{"E0201"});
  // Missing or mistyped arguments of written parameters.
  CHECK(check_text(with_body("  call vec_add(a, b);\n")).codes() == Lines{"E0401"});
  CHECK(check_text(with_body("  call vec_add(a, b, 1.0);\n")).codes() == Lines{"E0403"});
  std::string fp16 = with_body(kCall);
  fp16.replace(fp16.rfind("FP32"), 4, "FP16");
  CHECK(check_text(fp16).codes() == Lines{"E0301"});
  // A misused tensor.write still writes its tensor.
  const std::string writer = "module m;\ndim N;\norchestration o(out c: Tensor[[N], FP32]) {\n";
  CHECK(check_text(writer + "  tensor.write(c, 0, 1.0);\n}\n").lines() ==
        Lines{"4:19 E0307 an element index must be a list such as [M, N]"});
  CHECK(check_text(writer + "  tensor.write(c, [0, 0], 1.0);\n}\n").codes() ==
        Lines{"E0302"});
  CHECK(check_text(writer + "  tensor.write(cc, [0], 1.0);\n}\n").codes() ==
        Lines{"E0201"});
  CHECK(check_text(writer + "  tensor.write(c, [0]);\n}\n").codes() == Lines{"E0410"});
  // A shape that is not a list is one error, not also a rank error.
  CHECK(check_text(with_body(std::string(kCall) + "  let v = tensor.read(a, 0);\n"))
            .codes() == Lines{"E0307"});
  CHECK(check_text(with_body(std::string(kCall) + "  let t = tensor.create(N, FP32);\n"))
            .codes() == Lines{"E0307"});
  CHECK(check_text(with_body(std::string(kCall) + "  let t = tensor.create(shp, FP32);\n"))
            .codes() == Lines{"E0201"});
  CHECK(check_text(with_body(std::string(kCall) + "  let r = tensor.reshape(a, N);\n"))
            .codes() == Lines{"E0307"});
  CHECK(check_text(with_body(std::string(kCall) + "  let s = tensor.slice(a, [N], 0);\n"))
            .codes() == Lines{"E0307"});
}

TEST_CASE("errors are reported in source order, each once", "[checker]") {
  // Emitted in another order: the dim (line 2) when the orchestration binds
  // dims, the group member (line 6) after the orchestration body.
  Checked c = check_text(R"(module m;
dim N, K;
const Z = 1 // 0;
kernel aiv vec(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
group g(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  aic vec;
  aiv vec;
}
type Big = Tensor[[1, 1, 1, 1, 1, 1], FP32];
kernel aiv big(in x: Big, in y: Big);
orchestration o(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  let x = undefined1;
  call g(a, c);
  let y = Z + Z * 2;
  call vec(a, c, blocks = Z);
}
)");
  std::vector<std::string> lines = c.lines();
  CHECK(lines == Lines{
                     "2:8 E0209 dim 'K' is not the whole extent of any entry tensor "
                     "axis, so nothing binds it",
                     "3:11 E0309 division by zero in a constant expression",
                     "6:3 E0701 group member 'vec' is declared aiv but listed as aic",
                     "  note 4:12 'vec' declared here",
                     "9:12 E0306 tensor rank 6 exceeds the limit of 5",
                     "10:12 unused-kernel kernel 'big' is never called; it is left "
                     "out of the manifest",
                     "12:11 E0201 undefined name 'undefined1'",
                 });
}

TEST_CASE("E0202 duplicate and E0203 shadowing name the first declaration",
          "[checker]") {
  CHECK(check_text(with_body(std::string(kCall) + "  let t = 1;\n  let t = 2;\n"))
            .lines() == Lines{"7:7 E0202 duplicate name 't'",
                              "  note 6:7 't' first declared here"});
  CHECK(check_text(with_body(std::string(kCall) +
                             "  let t = 1;\n  scope {\n    let t = 2;\n  }\n"))
            .lines() == Lines{"8:9 E0203 't' shadows an outer declaration",
                              "  note 6:7 't' declared here"});
  CHECK(check_text(with_body(std::string(kCall) + "  for N in range(4) {\n  }\n"))
            .lines() == Lines{"6:7 E0203 'N' shadows an outer declaration",
                              "  note 2:5 'N' declared here"});
  // A duplicate kernel is one error (not also an unused kernel).
  std::string text = with_body(kCall);
  size_t line3 = text.find("kernel");
  text.insert(line3, text.substr(line3, text.find('\n', line3) + 1 - line3));
  CHECK(check_text(text).lines() ==
        Lines{"4:12 E0202 duplicate name 'vec_add'",
              "  note 3:12 'vec_add' first declared here"});
  CHECK(check_text(with_body(kCall, " const N = 1;")).lines() ==
        Lines{"2:14 E0202 duplicate name 'N'", "  note 2:5 'N' first declared here"});
}

TEST_CASE("E0204 wrong kind of name", "[checker]") {
  // Calling a dim: the call's arguments and the kernel meant are not
  // reported again.
  CHECK(check_text(with_body("  call N(a, b, c);\n")).lines() ==
        Lines{"5:8 E0204 'N' is not a kernel or group and cannot be called",
              "  note 2:5 'N' declared here"});
  CHECK(check_text(with_body(std::string(kCall) + "  let k = vec_add;\n")).lines() ==
        Lines{"6:11 E0204 'vec_add' is a kernel, not a value; submit it with "
              "'call vec_add(...)'"});
  CHECK(check_text(with_body(std::string(kCall) +
                             "  let s = tensor.slice(N, [1], [0]);\n"))
            .lines() == Lines{"6:24 E0204 tensor.slice needs a tensor, not Scalar[INDEX]"});
  std::string alias_misuse = with_body(kCall);
  alias_misuse.replace(alias_misuse.find("in a: Tensor[[N], FP32]"), 23, "in a: N");
  CHECK(check_text(alias_misuse).lines() == Lines{"3:26 E0204 'N' is not a type"});
}

TEST_CASE("E0205 C++ names, E0206 assignment, E0207 orchestration count",
          "[checker]") {
  Checked keyword = check_text(with_body(std::string(kCall) + "  let class = 1;\n"));
  REQUIRE(keyword.codes() == Lines{"E0205"});
  CHECK(keyword.diagnostics[0].message.find("'class'") != std::string::npos);
  CHECK(keyword.diagnostics[0].message.find("C++ keyword") != std::string::npos);
  CHECK(check_text(with_body(std::string(kCall) + "  let h = 1;\n  h = 2;\n")).lines() ==
        Lines{"7:3 E0206 cannot assign to 'h': only names declared with 'var' "
              "can be assigned",
              "  note 6:7 'h' declared here"});
  check_clean(with_body(std::string(kCall) + "  var v = 1;\n  v = v + 1;\n"));
  CHECK(check_text("module m;\n").lines() ==
        Lines{"1:8 E0207 module 'm' has no orchestration; exactly one is required"});
  CHECK(check_text(with_body(kCall) + "orchestration p() {\n}\n").lines() ==
        Lines{"7:15 E0207 second orchestration 'p'; a module has exactly one",
              "  note 4:15 first orchestration declared here"});
}

TEST_CASE("E0208 annotations and E0209 unbound dims", "[checker]") {
  std::string text = with_body(kCall);
  text.insert(text.find("kernel"), "@inline\n");
  CHECK(check_text(text).lines() ==
        Lines{"3:1 E0208 unknown annotation '@inline'; kernels take "
              "@source(\"path\") and @dual_aiv"});
  text = with_body(kCall);
  text.insert(text.find("kernel"), "@dual_aiv\n");
  text.replace(text.find("kernel aiv"), 10, "kernel aic");
  CHECK(check_text(text).lines() ==
        Lines{"3:1 E0208 @dual_aiv is only valid on an aiv kernel; 'vec_add' is aic"});
  CHECK(check_text(with_body(kCall, " dim K;")).lines() ==
        Lines{"2:12 E0209 dim 'K' is not the whole extent of any entry tensor "
              "axis, so nothing binds it"});
}

TEST_CASE("E07: group members", "[checker]") {
  CHECK(check_text(group_module("aiv vec;", "aiv vecc;")).lines() ==
        Lines{"7:3 E0701 group member 'vecc' is not a declared kernel"});
  CHECK(check_text(group_module("aiv vec;", "aiv N;")).lines() ==
        Lines{"7:3 E0701 group member 'N' is not a declared kernel"});
  CHECK(check_text(group_module("aic cube;", "aiv cube;")).lines() ==
        Lines{"6:3 E0701 group member 'cube' is declared aic but listed as aiv",
              "  note 3:12 'cube' declared here"});
  CHECK(check_text(group_module("aiv vec;", "aic cube;")).lines() ==
        Lines{"4:12 unused-kernel kernel 'vec' is never called; it is left out of the manifest",
              "7:3 E0701 group 'g' has the lanes {aic A; aiv B;}, {aic A; aiv B; aiv C;} "
              "or {aiv B; aiv C;}"});
  CHECK(check_text(group_module("kernel aiv vec(in a: Tensor[[N], FP32], out c",
                                "kernel aiv vec(in a: Tensor[[N], FP32], inout c"))
            .lines() ==
        Lines{"7:3 E0702 group 'g' member 'vec' must take the group's parameters; "
              "first difference: parameter 2 ('c' vs 'c'): direction out vs inout",
              "  note 4:12 'vec' declared here"});
  CHECK(check_text(group_module("kernel aic cube(in a: Tensor[[N], FP32]",
                                "kernel aic cube(in a: Tensor[[N], FP16]"))
            .lines()[0] ==
        "6:3 E0702 group 'g' member 'cube' must take the group's parameters; "
        "first difference: parameter 1 ('a' vs 'a'): dtype FP32 vs FP16");
}

TEST_CASE("E08: module options", "[checker]") {
  check_clean(with_header("module m(target = \"a5\", runtime = \"tensormap_and_ringbuffer\");",
                          kCall));
  CHECK(check_text(with_header("module m(targt = \"a5\");", kCall)).lines() ==
        Lines{"1:10 E0801 unknown module option 'targt'; did you mean 'target'?"});
  CHECK(check_text(with_header("module m(zzz = 1);", kCall)).lines() ==
        Lines{"1:10 E0801 unknown module option 'zzz'"});
  CHECK(check_text(with_header("module m(target = \"a9\");", kCall)).lines() ==
        Lines{"1:19 E0801 unknown target; expected \"a2a3\" or \"a5\""});
  CHECK(check_text(with_header("module m(target = \"a5\", target = \"a5\");", kCall))
            .lines() == Lines{"1:25 E0801 module option 'target' is given twice"});
}

TEST_CASE("warnings and the -W policy", "[checker]") {
  const std::string unused_kernel =
      "2:19 unused-kernel kernel 'spare' is never called; it is left out of "
      "the manifest";
  const std::string spare = " kernel aiv spare(in a: Tensor[[N], FP32]);";
  Checked c = check_text(with_body(kCall, spare));
  CHECK(c.lines() == Lines{unused_kernel});
  CHECK(c.diagnostics[0].severity == Severity::kWarning);
  CHECK_FALSE(c.result.sink.has_errors());

  Checked both = check_text(with_body(""));
  CHECK(both.lines() ==
        Lines{"3:12 unused-kernel kernel 'vec_add' is never called; it is left out "
              "of the manifest",
              "4:67 unwritten-output entry tensor 'c' is declared out but no task "
              "writes it"});

  WarningPolicy quiet;
  REQUIRE(quiet.apply_flag("no-unwritten-output"));
  CHECK(check_text(with_body(""), quiet).codes() == Lines{"unused-kernel"});
  WarningPolicy werror;
  REQUIRE(werror.apply_flag("error"));
  Checked promoted = check_text(with_body(kCall, spare), werror);
  REQUIRE(promoted.codes() == Lines{"unused-kernel"});
  CHECK(promoted.diagnostics[0].severity == Severity::kError);
  CHECK(promoted.diagnostics[0].promoted_warning);
  CHECK(promoted.result.sink.has_errors());
  REQUIRE(werror.apply_flag("no-unused-kernel"));
  CHECK(check_text(with_body(kCall, spare), werror).diagnostics.empty());
}

TEST_CASE("uninitialized-read: a created tensor read before any task writes it",
          "[checker]") {
  CHECK(check_text(with_body("  let t = tensor.create([N], FP32);\n"
                             "  call vec_add(t, b, c);\n  call vec_add(a, t, c);\n"))
            .lines() == Lines{"6:16 uninitialized-read tensor 't' is read before "
                              "any task writes it"});
  check_clean(with_body("  let t = tensor.create([N], FP32);\n"
                        "  call vec_add(a, b, t);\n  call vec_add(t, b, c);\n"));
  // Through a view, and by tensor.read.
  CHECK(check_text(with_body("  let t = tensor.create([N, 2], FP32);\n"
                             "  let v = tensor.reshape(t, [2 * N]);\n" + std::string(kCall) +
                             "  let x = tensor.read(v, [0]);\n"))
            .lines() == Lines{"8:23 uninitialized-read tensor 'v' is read before "
                              "any task writes it"});
  // Named as the program spells it: the let behind a view, an inline
  // tensor.create by its expression (never an internal name such as 'view').
  CHECK(check_text(with_body("  let t = tensor.create([N, 2], FP32);\n" +
                             std::string(kCall) +
                             "  call vec_add(tensor.reshape(t, [2 * N]), b, c);\n"))
            .lines() == Lines{"7:16 uninitialized-read tensor 't' is read before "
                              "any task writes it"});
  CHECK(check_text(with_body("  call vec_add(tensor.create([N], FP32), b, c);\n"))
            .lines() == Lines{"5:16 uninitialized-read 'tensor.create([N], FP32)' is read "
                              "before any task writes it"});
  // A call reads its inputs before it writes its outputs (and t as both
  // an input and the output of one task is also aliased-arguments).
  CHECK(check_text(with_body("  let t = tensor.create([N], FP32);\n"
                             "  call vec_add(t, b, t);\n" + std::string(kCall)))
            .codes() == Lines{"uninitialized-read", "aliased-arguments"});
  WarningPolicy off;
  REQUIRE(off.apply_flag("no-uninitialized-read"));
  CHECK(check_text(with_body("  let t = tensor.create([N], FP32);\n"
                             "  call vec_add(t, b, c);\n"),
                   off)
            .diagnostics.empty());
}

}  // namespace
}  // namespace taskc::test
