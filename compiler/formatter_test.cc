#include "formatter.h"

#include <catch2/catch.hpp>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "formatter_test_support.h"

namespace taskc {
namespace {

using test::check_properties;
using test::fmt;
using test::Parsed;
using test::parse_text;

const char* const kVectorExample = R"(module vector_example(target = "a2a3");

dim N;                                    # bound at run time from an entry tensor

@source("kernels/aiv/kernel_add.cpp")
kernel aiv kernel_add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32],
                      out c: Tensor[[N], FP32]);
@source("kernels/aiv/kernel_add_scalar.cpp")
kernel aiv kernel_add_scalar(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32],
                             s: Scalar[FP32], n: Scalar[UINT32]);
@source("kernels/aiv/kernel_mul.cpp")
kernel aiv kernel_mul(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32],
                      out c: Tensor[[N], FP32], n: Scalar[UINT32]);

# f = (a + b + 1) * (a + b + 2) + (a + b)
orchestration vector_example(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32],
                             out f: Tensor[[N], FP32]) {
  let c = tensor.create([N], FP32);
  call kernel_add(a, b, c);
  scope {
    let d = tensor.create([N], FP32);
    let e = tensor.create([N], FP32);
    let g = tensor.create([N], FP32);
    call kernel_add_scalar(c, d, 1.0, 3);
    call kernel_add_scalar(c, e, 2.0, 3);
    call kernel_mul(d, e, g, 3);
    call kernel_add(g, c, f);
  }
}
)";

// Programs that together use every construct of the grammar.
const char* const kCorpus[] = {
    kVectorExample,
    R"(module m(target="a5",runtime="tensormap_and_ringbuffer",);
dim M,N,K;
const TILE:Scalar[INDEX]=0x80;
const BIG=1_000_000;
const HALF=0.5;
const ON=true;
type Tile=Tensor[[TILE,?],BF16];
@dual_aiv kernel aiv v(in a:Tile,out b:Tensor[[(M+1)*2,N],BF16],x:Scalar[FP32],);
kernel aic c(inout a:Tensor[[M],INT8]);
group g(inout a:Tensor[[M],INT8]){aic c;aiv v2;}
orchestration o(in a:Tensor[[M,N],BF16],inout b:Tensor[[M],INT8],n:Scalar[INDEX]){
let t=tensor.create([M,N],BF16);let s:Tile=tensor.slice(a,[TILE,N],[0,0]);
var acc:Scalar[INDEX]=0;
for i in range(n){acc=acc+i*2;}
for i in range(1,n){}
for i in range(0,n,TILE){let r=tensor.reshape(t,[N,M]);}
if acc>3 and not ON{call c(b);}elif acc==0 or acc<0{}else{scope manual{let id=call c(b,deps=[],);}}
scope{call g(nodep b,blocks=4,sync_start=false);}
tensor.write(b,[0],cast(tensor.read(a,[0,0]),INT8));
acc=min(max(acc,1),select(ON,2,3))//2%3;
acc=-acc - -1;
}
)",
    R"(module exprs;
const A = (1 + 2) * 3;
const B = 1 - (2 - 3);
const C = (1 - 2) - 3;
const D = -(1 + 2);
const E = not (true and false);
const F = (not true) == false;
const G = (1 < 2) == (3 < 4);
const H = 1 + 2 * 3 - 4 // 5 % 6 / 7;
const I = 1 * (2 * 3);
const J = -9223372036854775808;
const K = --1;
const L = "quote \" backslash \\ newline \n tab \t ctrl \x01 del \x7f utf8 é";
const P = 1e-7 + 1e20 + 100000.0 + 2.50 + 0.1 + 123456789.125;
const Q = [[1, 2], [], [3,]];
const R = a or b and c or not d;
const S = (a or b) and c;
)",
    R"(# header comment

module c; # after module
# before dim
dim N; # after dim


# after two blank lines
kernel aiv k(a: Tensor[[N], FP32], # after a
             b: Tensor[[N], FP32]); # after k
orchestration o() { # after open
  # first in body
  call k(a, b); # after call

  # after blank
  scope {
    # only comment
  }
  if x { } # after empty if
  else { # after else open
  }
  # before close
}
# end of file
)",
};

TEST_CASE("the language.md example is already formatted", "[formatter]") {
  // Its lists are broken by hand and its comment sits in a column of its
  // own choosing: both stay.
  CHECK(fmt(kVectorExample) == kVectorExample);
}

TEST_CASE("canonical spacing, one construct per line, trailing commas kept",
          "[formatter]") {
  CHECK(fmt("module m(target=\"a5\",);dim A,B;const X=a+b*c;") ==
        "module m(target = \"a5\",);\ndim A, B;\nconst X = a + b * c;\n");
  CHECK(fmt("module m;kernel aic k(in a:Tensor[[N,128],BF16],s:Scalar[FP32],);"
            "orchestration o(){call k(a,nodep b,blocks=4,);let t:Scalar[INDEX]"
            "=1;var v=[1,2,];v=v;}") ==
        R"(module m;
kernel aic k(in a: Tensor[[N, 128], BF16], s: Scalar[FP32],);
orchestration o() {
  call k(a, nodep b, blocks = 4,);
  let t: Scalar[INDEX] = 1;
  var v = [1, 2,];
  v = v;
}
)");
}

TEST_CASE("blocks: indentation, empty blocks, if chains", "[formatter]") {
  CHECK(fmt("module m; orchestration o() {} ") ==
        "module m;\norchestration o() {}\n");
  CHECK(fmt("module m; group g(a: Tensor[[4], FP32]) { aic x; aiv y; }") ==
        "module m;\ngroup g(a: Tensor[[4], FP32]) {\n  aic x;\n  aiv y;\n}\n");
  CHECK(fmt("module m; orchestration o() { if a { } elif b { x = 1; } "
            "else { } scope manual { for i in range(0, n, 2) { } } }") ==
        R"(module m;
orchestration o() {
  if a {} elif b {
    x = 1;
  } else {}
  scope manual {
    for i in range(0, n, 2) {}
  }
}
)");
}

TEST_CASE("task ids: TaskId vars and arrays, stores from calls, none", "[formatter]") {
  CHECK(fmt("module m; orchestration o() { var t:TaskId=none; var ids : TaskId[ 4 ] = none;"
            "ids[ i ]=call k( deps=[ids[0],t] ); t=ids[1]; if t!=none { t = none; } }") ==
        R"(module m;
orchestration o() {
  var t: TaskId = none;
  var ids: TaskId[4] = none;
  ids[i] = call k(deps = [ids[0], t]);
  t = ids[1];
  if t != none {
    t = none;
  }
}
)");
}

TEST_CASE("parentheses only where precedence needs them", "[formatter]") {
  auto expr = [](const std::string& text) {
    std::string out = fmt("module m; const X = " + text + ";");
    return out.substr(out.find("= ") + 2, out.size() - out.find("= ") - 4);
  };
  CHECK(expr("(a + b) * c") == "(a + b) * c");
  CHECK(expr("a - (b - c)") == "a - (b - c)");
  CHECK(expr("(a - b) - c") == "a - b - c");
  CHECK(expr("a + (b * c)") == "a + b * c");
  CHECK(expr("((a))") == "a");
  CHECK(expr("-(a + b)") == "-(a + b)");
  CHECK(expr("-(-a)") == "--a");
  CHECK(expr("(-a) * b") == "-a * b");
  CHECK(expr("not (a and b)") == "not (a and b)");
  CHECK(expr("(not a) and b") == "not a and b");
  CHECK(expr("(not a) == b") == "(not a) == b");
  CHECK(expr("not (a == b)") == "not a == b");
  CHECK(expr("(a < b) == c") == "(a < b) == c");
  CHECK(expr("a == (b < c)") == "a == (b < c)");
  CHECK(expr("(a or b) and (c or d)") == "(a or b) and (c or d)");
  CHECK(expr("a or (b or c)") == "a or (b or c)");
  CHECK(expr("a / (b * c)") == "a / (b * c)");
  CHECK(expr("-(not a)") == "-(not a)");
  CHECK(expr("f((a + b), [(c)])") == "f(a + b, [c])");
}

// The canonical form of an expression alone (format_expr, as diagnostics
// print it): no source, so literals are written from their values.
std::string canonical_value(const std::string& text) {
  Parsed p = parse_text("module m; const X = " + text + ";");
  REQUIRE(p.diagnostics.empty());
  REQUIRE(p.module.decls.size() == 1);
  return format_expr(*p.module.decls[0].value);
}

TEST_CASE("literals", "[formatter]") {
  auto value = [](const std::string& text) {
    std::string out = fmt("module m; const X = " + text + ";");
    return out.substr(out.find("= ") + 2, out.size() - out.find("= ") - 4);
  };
  // Numbers keep the user's spelling; strings are canonical.
  CHECK(value("0xFF_FF") == "0xFF_FF");
  CHECK(value("1_000") == "1_000");
  CHECK(value("-9223372036854775808") == "-9223372036854775808");
  CHECK(value("1.0") == "1.0");
  CHECK(value("2.50") == "2.50");
  CHECK(value("1e-5") == "1e-5");
  CHECK(value("1.5E+20") == "1.5E+20");
  CHECK(value("\"a\\x41\\x1b\\x7F\\xff\\\"\\\\\\n\\t\xc3\xa9\"") ==
        "\"aA\\x1b\\x7f\\xff\\\"\\\\\\n\\t\xc3\xa9\"");
  // Without the source, floats are the shortest exact decimal.
  CHECK(canonical_value("1.0") == "1.0");
  CHECK(canonical_value("2.50") == "2.5");
  CHECK(canonical_value("100000.0") == "100000.0");
  CHECK(canonical_value("1e-7") == "1e-7");
  CHECK(canonical_value("1.5E+20") == "1.5e20");
  CHECK(canonical_value("0.1") == "0.1");
  CHECK(canonical_value("0.30000000000000004") == "0.30000000000000004");
  CHECK(canonical_value("1.7976931348623157e308") ==
        "1.7976931348623157e308");
  CHECK(canonical_value("0x1F") == "0x1F");
}

TEST_CASE("a long list on one line fills lines after its '('",
          "[formatter]") {
  std::string source =
      "module m; orchestration o() { scope { let t = call a_long_kernel_name("
      "first_argument, second_argument, nodep third, blocks = 4); } }";
  CHECK(fmt(source) == R"(module m;
orchestration o() {
  scope {
    let t = call a_long_kernel_name(first_argument, second_argument,
                                    nodep third, blocks = 4);
  }
}
)");
}

TEST_CASE("a declaration of exactly 80 columns stays on one line",
          "[formatter]") {
  auto kernel_with_param = [](size_t name_length) {
    return "kernel aiv k(" + std::string(name_length, 'x') + ": Scalar[FP32]);";
  };
  std::string exact = kernel_with_param(51);
  REQUIRE(exact.size() == 80);
  CHECK(fmt("module m;\n" + exact) == "module m;\n" + exact + "\n");
  // One item that does not fit after the '(' but does 4 columns in.
  CHECK(fmt("module m;\n" + kernel_with_param(52)) ==
        "module m;\nkernel aiv k(\n    " + std::string(52, 'x') +
            ": Scalar[FP32]);\n");
  // One that fits nowhere stays where it is.
  CHECK(fmt("module m;\n" + kernel_with_param(70)) ==
        "module m;\n" + kernel_with_param(70) + "\n");
}

TEST_CASE("comments are preserved in place", "[formatter]") {
  CHECK(fmt(kCorpus[3]) == R"(# header comment

module c;  # after module
# before dim
dim N;  # after dim

# after two blank lines
kernel aiv k(a: Tensor[[N], FP32],  # after a
             b: Tensor[[N], FP32]);  # after k
orchestration o() {  # after open
  # first in body
  call k(a, b);  # after call

  # after blank
  scope {
    # only comment
  }
  # after empty if
  if x {} else {  # after else open
  }
  # before close
}
# end of file
)");
}

TEST_CASE("a comment inside an expression moves before its statement",
          "[formatter]") {
  CHECK(fmt("module m; const X = 1 + # c\n 2;") ==
        "module m;\n# c\nconst X = 1 + 2;\n");
  CHECK(fmt("module m; orchestration o() {\n  let t = # why\n    a;\n}") ==
        "module m;\norchestration o() {\n  # why\n  let t = a;\n}\n");
}

TEST_CASE("blank lines: kept once, never added, never after '{'",
          "[formatter]") {
  CHECK(fmt("module m;\ndim A;\n\n\n\ndim B;\ndim C;\nconst X = 1;") ==
        "module m;\ndim A;\n\ndim B;\ndim C;\nconst X = 1;\n");
  CHECK(fmt("module m; orchestration o() {\n\n  x = 1;\n\n\n  y = 2;\n\n}") ==
        "module m;\norchestration o() {\n  x = 1;\n\n  y = 2;\n}\n");
}

TEST_CASE("CRLF input and tabs", "[formatter]") {
  // The comment keeps its display column (the tab reached column 16).
  CHECK(fmt("module m;\r\n\tdim N;\t# tab\t\r\n") ==
        "module m;\ndim N;          # tab\n");
}

TEST_CASE("idempotence and round trip over the corpus", "[formatter]") {
  for (const char* source : kCorpus) check_properties(source);
}

// Splices comments, line breaks and blank lines into random token gaps of
// every corpus program: each variant is the same program, so it must format
// to a fixed point with the same tree and the same comments.
TEST_CASE("idempotence and round trip with random comments and breaks",
          "[formatter]") {
  std::mt19937 random(20240611);
  const char* insertions[] = {" # eol\n",   "\n# own line\n",
                              "\n\n",       "\n",
                              "\n  # indented\n\n", "  #\n",
                              "\r\n# crlf \r\n", "\t#\ttab\t\n"};
  int variants = 0;
  for (const char* source : kCorpus) {
    Parsed original = parse_text(source);
    std::vector<size_t> gaps;  // byte offsets just past a token
    for (const Token& t : original.stream.tokens) {
      if (t.kind == TokenKind::kEof) break;
      gaps.push_back(static_cast<size_t>(t.text.data() -
                                         original.file->text().data()) +
                     t.text.size());
    }
    for (int round = 0; round < 40; ++round) {
      std::string text = source;
      // From the back, so earlier offsets stay valid.
      for (auto it = gaps.rbegin(); it != gaps.rend(); ++it) {
        if (random() % 4 != 0) continue;
        text.insert(*it, insertions[random() % std::size(insertions)]);
      }
      check_properties(text);
      ++variants;
    }
  }
  CHECK(variants == 40 * static_cast<int>(std::size(kCorpus)));
}

}  // namespace
}  // namespace taskc
