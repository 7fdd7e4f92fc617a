#include "parser.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "ast_dump.h"

namespace taskc {
namespace {

struct Parsed {
  std::unique_ptr<SourceFile> file;  // the tokens view its text
  TokenStream stream;
  Module module;
  std::vector<Diagnostic> diagnostics;

  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics) out.push_back(d.code);
    return out;
  }
};

Parsed parse_text(std::string text) {
  Parsed p;
  p.file = std::make_unique<SourceFile>("test.kir", std::move(text));
  DiagnosticSink sink;
  p.stream = tokenize(*p.file, sink);
  p.module = parse(p.stream, sink);
  p.diagnostics = sink.sorted();
  return p;
}

// The module's names view the source text, so the files of modules handed
// out stay alive for the whole test run.
Module parse_ok(const std::string& text) {
  static std::vector<std::unique_ptr<SourceFile>> sources;
  Parsed p = parse_text(text);
  INFO(text);
  for (const Diagnostic& d : p.diagnostics) INFO(d.code + ": " + d.message);
  REQUIRE(p.diagnostics.empty());
  sources.push_back(std::move(p.file));
  return std::move(p.module);
}

// The dump of one expression, parsed as a const initialiser.
std::string expr(const std::string& text) {
  Module m = parse_ok("module m; const X = " + text + ";");
  return dump_expr(*m.decls.at(0).value);
}

// The dump of an orchestration body.
std::string body(const std::string& text) {
  Module m = parse_ok("module m; orchestration o() {\n" + text + "\n}");
  std::string dump = dump_module(m);
  size_t first = dump.find('\n', dump.find("(orchestration")) + 1;
  return dump.substr(first, dump.size() - first - 2);  // without ")\n"
}

std::vector<std::string> errors_of(const std::string& text) {
  return parse_text(text).codes();
}
using Codes = std::vector<std::string>;

TEST_CASE("module header", "[parser]") {
  Module m = parse_ok("module vector_example(target = \"a5\", runtime = \"x\",);");
  CHECK(m.name == "vector_example");
  REQUIRE(m.kwargs.size() == 2);
  CHECK(m.kwargs[0].name == "target");
  CHECK(m.kwargs[1].value->text == "x");
  CHECK(parse_ok("module m;").kwargs.empty());
  CHECK(m.name_span.begin.column == 8);
}

TEST_CASE("declarations", "[parser]") {
  Module m = parse_ok(R"(module m;
dim N, M;
const C: Scalar[INDEX] = 4;
const F = 1.5;
type Row = Tensor[[?, N * 2], BF16];
@source("k.cpp") @dual_aiv
kernel aiv k(in a: Tensor[[N], FP32], out b: Row, inout c: Tensor[[1, M], FP16],
             s: Scalar[UINT32],);
kernel aic e();
group g(a: Tensor[[N], FP32]) { aic k1; aiv k2; }
orchestration o(in a: Tensor[[N], FP32]) { }
)");
  REQUIRE(m.decls.size() == 8);
  CHECK(m.decls[0].kind == DeclKind::kDim);
  CHECK(m.decls[0].names == std::vector<std::string_view>{"N", "M"});
  const Decl& c = m.decls[1];
  CHECK(c.kind == DeclKind::kConst);
  REQUIRE(c.type);
  CHECK(c.type->kind == TypeKind::kScalar);
  CHECK(c.type->dtype == DType::kIndex);
  CHECK_FALSE(m.decls[2].type);
  const Decl& t = m.decls[3];
  CHECK(t.kind == DeclKind::kType);
  REQUIRE(t.type->shape.size() == 2);
  CHECK(t.type->shape[0].any);
  CHECK(dump_expr(*t.type->shape[1].expr) == "(* N 2)");
  const Decl& k = m.decls[4];
  CHECK(k.kind == DeclKind::kKernel);
  CHECK_FALSE(k.is_aic);
  REQUIRE(k.annotations.size() == 2);
  CHECK(k.annotations[0].name == "source");
  CHECK(k.annotations[0].has_parens);
  CHECK(k.annotations[1].name == "dual_aiv");
  CHECK_FALSE(k.annotations[1].has_parens);
  REQUIRE(k.params.size() == 4);
  CHECK(k.params[0].direction == Direction::kIn);
  CHECK(k.params[1].direction == Direction::kOut);
  CHECK(k.params[1].type.kind == TypeKind::kAlias);
  CHECK(k.params[1].type.alias == "Row");
  CHECK(k.params[2].direction == Direction::kInOut);
  CHECK(k.params[3].direction == Direction::kNone);
  CHECK(k.params[3].name == "s");
  CHECK(m.decls[5].is_aic);
  CHECK(m.decls[5].params.empty());
  CHECK(dump_module(m).find("(group g ((a (Tensor (N) FP32))) (aic k1) "
                            "(aiv k2))") != std::string::npos);
}

TEST_CASE("orchestration declaration", "[parser]") {
  Module m = parse_ok(
      "module m;\norchestration o(in a: Tensor[[4], FP32], n: Scalar[INDEX]) "
      "{ call k(a); }");
  const Decl& o = m.decls.at(0);
  CHECK(o.kind == DeclKind::kOrchestration);
  CHECK(o.params.size() == 2);
  CHECK(o.body.stmts.size() == 1);
  CHECK(o.span.begin.line == 2);
  CHECK(o.body.span.begin.column == 60);
}

TEST_CASE("statements", "[parser]") {
  CHECK(body("let x = 1;") == "  (let x 1)\n");
  CHECK(body("let x: Scalar[INT32] = 1;") == "  (let x (Scalar INT32) 1)\n");
  CHECK(body("let t = call k(a);") == "  (let t (call k a))\n");
  CHECK(body("var v: Scalar[INDEX] = 0;") == "  (var v (Scalar INDEX) 0)\n");
  CHECK(body("v = v + 1;") == "  (set v (+ v 1))\n");
  CHECK(body("call k(a, nodep b, blocks = 4);") ==
        "  (call k a (nodep b) (kw blocks 4))\n");
  CHECK(body("tensor.write(t, [0], 1.5);") ==
        "  (op (tensor.write t (list 0) (float 1.5)))\n");
  CHECK(body("for i in range(4) {}") == "  (for i (range 4)\n  )\n");
  CHECK(body("for i in range(1, 4) {}") == "  (for i (range 1 4)\n  )\n");
  CHECK(body("for i in range(0, n, 2) { call k(i); }") ==
        "  (for i (range 0 n 2)\n    (call k i)\n  )\n");
  CHECK(body("if a { x = 1; }") == "  (if\n    (branch a\n      (set x 1)\n"
                                   "    )\n  )\n");
  CHECK(body("if a {} elif b {} elif c {} else { x = 2; }") ==
        "  (if\n    (branch a\n    )\n    (branch b\n    )\n    (branch c\n"
        "    )\n    (else\n      (set x 2)\n    )\n  )\n");
  CHECK(body("scope { scope manual { call k(deps = [t]); } }") ==
        "  (scope\n    (scope manual\n      (call k (kw deps (list t)))\n"
        "    )\n  )\n");
  CHECK(body("@hint(1) @flag call k();") ==
        "  (@hint (1)) (@flag) (call k)\n");
}

TEST_CASE("statement spans", "[parser]") {
  Module m = parse_ok("module m;\norchestration o() {\n  let x = 1;\n}");
  const Stmt& s = *m.decls.at(0).body.stmts.at(0);
  CHECK(s.span.begin.line == 3);
  CHECK(s.span.begin.column == 3);
  CHECK(s.span.end.column == 13);  // just past ';'
  CHECK(s.name_span.begin.column == 7);
}

TEST_CASE("primary expressions", "[parser]") {
  CHECK(expr("42") == "42");
  CHECK(expr("0x10") == "16");
  CHECK(expr("2.5") == "(float 2.5)");
  CHECK(expr("\"a\\n\"") == "\"a\\x0a\"");
  CHECK(expr("true") == "true");
  CHECK(expr("false") == "false");
  CHECK(expr("BF16") == "BF16");
  CHECK(expr("name") == "name");
  CHECK(expr("[1, 2, 3,]") == "(list 1 2 3)");
  CHECK(expr("[]") == "(list)");
  CHECK(expr("tensor.create([N, 4], FP32)") ==
        "(tensor.create (list N 4) FP32)");
  CHECK(expr("min(a, b)") == "(min a b)");
  CHECK(expr("cast(x, INT8)") == "(cast x INT8)");
  CHECK(expr("select(c, a, b)") == "(select c a b)");
  CHECK(expr("((a))") == "a");
}

TEST_CASE("operator precedence, loosest first", "[parser]") {
  CHECK(expr("a or b and c") == "(or a (and b c))");
  CHECK(expr("not a and b") == "(and (not a) b)");
  CHECK(expr("not a == b") == "(not (== a b))");
  CHECK(expr("not not a") == "(not (not a))");
  CHECK(expr("a == b + c") == "(== a (+ b c))");
  CHECK(expr("a + b * c") == "(+ a (* b c))");
  CHECK(expr("a * -b") == "(* a (neg b))");
  CHECK(expr("-a * b") == "(* (neg a) b)");
  CHECK(expr("--a") == "(neg (neg a))");
  CHECK(expr("(a + b) * c") == "(* (+ a b) c)");
  CHECK(expr("a // b % c / d") == "(/ (% (// a b) c) d)");
  CHECK(expr("a - b - c") == "(- (- a b) c)");
  CHECK(expr("a - (b - c)") == "(- a (- b c))");
  CHECK(expr("a < b and c >= d or e != f") ==
        "(or (and (< a b) (>= c d)) (!= e f))");
  CHECK(expr("a <= b") == "(<= a b)");
  CHECK(expr("a > b") == "(> a b)");
}

TEST_CASE("comparisons do not associate", "[parser]") {
  Parsed p = parse_text("module m; const X = a < b < c;");
  REQUIRE(p.codes() == Codes{"E0107"});
  CHECK(p.diagnostics[0].message.find("do not chain") != std::string::npos);
  CHECK(errors_of("module m; const X = a == b != c;") == Codes{"E0107"});
  CHECK(expr("(a < b) == c") == "(== (< a b) c)");
}

TEST_CASE("2^63 is only valid after a unary minus", "[parser]") {
  CHECK(expr("-9223372036854775808") == "(neg 9223372036854775808)");
  CHECK(expr("9223372036854775807") == "9223372036854775807");
  CHECK(errors_of("module m; const X = 9223372036854775808;") ==
        Codes{"E0106"});
  CHECK(errors_of("module m; const X = -(9223372036854775808);") ==
        Codes{"E0106"});
  CHECK(errors_of("module m; const X = 1 - 9223372036854775808;") ==
        Codes{"E0106"});
}

TEST_CASE("keyword arguments and nodep", "[parser]") {
  Module m = parse_ok(
      "module m; orchestration o() { call k(a, nodep b, blocks = n + 1, "
      "sync_start = true,); }");
  const TaskCall& c = *m.decls[0].body.stmts.at(0)->call;
  REQUIRE(c.args.size() == 4);
  CHECK(c.args[0].keyword.empty());
  CHECK_FALSE(c.args[0].nodep);
  CHECK(c.args[1].nodep);
  CHECK(c.args[2].keyword == "blocks");
  CHECK(dump_expr(*c.args[2].value) == "(+ n 1)");
  CHECK(c.args[3].keyword == "sync_start");
  CHECK(c.kernel == "k");
  // `x == y` is a positional comparison, not a keyword argument.
  CHECK(expr("min(x == y, 1)") == "(min (== x y) 1)");
}

TEST_CASE("'?' extents", "[parser]") {
  Module m = parse_ok("module m; kernel aiv k(a: Tensor[[?, 4, ?], FP32]);");
  const TypeExpr& t = m.decls[0].params.at(0).type;
  REQUIRE(t.shape.size() == 3);
  CHECK(t.shape[0].any);
  CHECK_FALSE(t.shape[1].any);
  CHECK(t.shape[2].any);
  CHECK(t.shape[2].span.begin.column == 41);
}

TEST_CASE("syntax errors say what was expected", "[parser]") {
  Parsed p = parse_text("module m; dim ;");
  REQUIRE(p.codes() == Codes{"E0107"});
  CHECK(p.diagnostics[0].message == "expected dim name, found ';'");
  Parsed r = parse_text("module m; dim in;");
  CHECK(r.diagnostics.at(0).message.find("reserved word 'in'") !=
        std::string::npos);
  CHECK(errors_of("dim N;") == Codes{"E0107"});
  CHECK(errors_of("module m; kernel k();") == Codes{"E0107"});
  CHECK(errors_of("module m; orchestration o() { x; }") == Codes{"E0107"});
  CHECK(errors_of("module m; orchestration o() { for i in range() {} }") ==
        Codes{"E0107"});
  CHECK(errors_of("module m; orchestration o() { for i in range(1,2,3,4) {} }") ==
        Codes{"E0107"});
  CHECK(errors_of("module m; group g() { aic a; }") == Codes{"E0107"});
}

TEST_CASE("error recovery: independent errors are each reported once",
          "[parser]") {
  Parsed p = parse_text(R"(module m;
const A = ;
dim N;
kernel aiv k(a: Tensor[[N], FP32]);
orchestration o() {
  let x = 1 +;
  call k(a);
}
)");
  REQUIRE(p.codes() == Codes{"E0107", "E0107"});
  CHECK(p.diagnostics[0].span.begin.line == 2);
  CHECK(p.diagnostics[1].span.begin.line == 6);
  // The declarations around the errors are still there.
  CHECK(p.module.decls.size() == 3);
  CHECK(p.module.decls[2].body.stmts.size() == 1);

  Parsed q = parse_text(
      "module m;\norchestration o() {\n  scope { let = 1; }\n  x = ;\n}\n");
  REQUIRE(q.codes() == Codes{"E0107", "E0107"});
  CHECK(q.diagnostics[0].span.begin.line == 3);
  CHECK(q.diagnostics[1].span.begin.line == 4);
}

TEST_CASE("a ';' missing at the end of a line: after the line, with a fix-it",
          "[parser]") {
  Parsed p = parse_text("module m;\norchestration o() {\n  let t = 1\n"
                        "  for i in range(2) {\n    let u = 2\n  }\n  let v = 3;\n}\n");
  // Parsing goes on as if the ';' were there: the loop after it is parsed
  // as written, and the second missing ';' (before '}') is reported too.
  REQUIRE(p.codes() == Codes{"E0107", "E0107"});
  const Diagnostic& d = p.diagnostics[0];
  CHECK(d.message == "expected ';' at the end of the line; the next line starts with "
                     "keyword 'for'");
  CHECK(d.span.begin.line == 3);
  CHECK(d.span.begin.column == 12);  // just after "let t = 1"
  REQUIRE(d.fixit);
  CHECK(d.fixit->replacement == ";");
  CHECK(d.fixit->span.begin.column == 12);
  CHECK(d.fixit->span.end.column == 12);
  CHECK(p.diagnostics[1].span.begin.line == 5);
  CHECK(p.module.decls.at(0).body.stmts.size() == 3);
  // Before a '}' on the same line; at the end of the file.
  Parsed q = parse_text("module m; orchestration o() { let t = 1 }");
  REQUIRE(q.codes() == Codes{"E0107"});
  CHECK(q.diagnostics[0].message == "expected ';' before '}'");
  CHECK(q.diagnostics[0].span.begin.column == 40);
  CHECK(parse_text("module m").diagnostics.at(0).message == "expected ';' before end of file");
  // Something else on the same line is not taken for a missing ';'.
  Parsed r = parse_text("module m; orchestration o() { let t = 1 2; }");
  REQUIRE(r.codes() == Codes{"E0107"});
  CHECK(r.diagnostics[0].message == "expected ';', found '2'");
  CHECK_FALSE(r.diagnostics[0].fixit);
}

TEST_CASE("a task call without 'call' says how to write it", "[parser]") {
  Parsed p = parse_text("module m;\norchestration o() {\n  gemm(a, b, c);\n  x = 1;\n}\n");
  REQUIRE(p.codes() == Codes{"E0107"});
  const Diagnostic& d = p.diagnostics[0];
  CHECK(d.message == "expected a statement, found 'gemm(...)'; to submit a task write "
                     "'call gemm(...)'");
  CHECK(d.span.begin.line == 3);
  CHECK(d.span.begin.column == 3);
  REQUIRE(d.fixit);
  CHECK(d.fixit->replacement == "call ");
  CHECK(d.fixit->span.begin.column == 3);
  CHECK(d.fixit->span.end.column == 3);
  // The statement after it is parsed.
  CHECK(p.module.decls.at(0).body.stmts.size() == 1);
}

TEST_CASE("an unterminated block is E0108 with a note", "[parser]") {
  Parsed p = parse_text("module m;\norchestration o() {\n  scope {\n");
  REQUIRE(p.codes() == Codes{"E0108"});
  const Diagnostic& d = p.diagnostics[0];
  CHECK(d.message.find("unterminated block") != std::string::npos);
  REQUIRE(d.notes.size() == 1);
  REQUIRE(d.notes[0].span);
  CHECK(d.notes[0].span->begin.line == 3);
  CHECK(d.notes[0].message == "block opened here");
}

TEST_CASE("deep nesting is one E0109, never a crash", "[parser]") {
  const size_t kDepth = 100000;
  SECTION("parentheses") {
    std::string text = "module m; const X = " + std::string(kDepth, '(') +
                       "1" + std::string(kDepth, ')') + ";";
    CHECK(errors_of(text) == Codes{"E0109"});
  }
  SECTION("unclosed parentheses") {
    CHECK(errors_of("module m; const X = " + std::string(kDepth, '(')) ==
          Codes{"E0109"});
  }
  SECTION("scopes") {
    std::string text = "module m; orchestration o() {";
    for (size_t i = 0; i < kDepth; ++i) text += "scope {";
    CHECK(errors_of(text) == Codes{"E0109"});
  }
  SECTION("lists, not, unary minus") {
    CHECK(errors_of("module m; const X = " + std::string(kDepth, '[')) ==
          Codes{"E0109"});
    std::string nots;
    for (size_t i = 0; i < kDepth; ++i) nots += "not ";
    CHECK(errors_of("module m; const X = " + nots + "a;") == Codes{"E0109"});
    CHECK(errors_of("module m; const X = " + std::string(kDepth, '-') +
                    "a;") == Codes{"E0109"});
  }
  SECTION("operator chains build deep trees too") {
    std::string sum = "a";
    for (size_t i = 0; i < kDepth; ++i) sum += " + a";
    CHECK(errors_of("module m; const X = " + sum + ";") == Codes{"E0109"});
    std::string ands = "a";
    for (size_t i = 0; i < kDepth; ++i) ands += " and a";
    CHECK(errors_of("module m; const X = " + ands + ";") == Codes{"E0109"});
  }
  SECTION("just under the limit is fine") {
    std::string text = "module m; orchestration o() {";
    // Each '(' counts twice: the parenthesis and the expression inside.
    for (int i = 0; i < 50; ++i) text += "scope {";
    text += "let x = " + std::string(60, '(') + "1" + std::string(60, ')') +
            ";";
    for (int i = 0; i < 50; ++i) text += "}";
    CHECK(errors_of(text + "}").empty());
  }
}

}  // namespace
}  // namespace taskc
