// The streamed token window: parse_source is parse(tokenize(...)) in
// bounded memory.
#include "token_window.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "ast_dump.h"
#include "internal_error.h"
#include "parser.h"

namespace taskc {
namespace {

std::string repeated(const std::string& text, size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

// The module dump and every diagnostic (code, place, message) of a parse.
std::string outcome(const Module& module, const DiagnosticSink& sink) {
  std::string text = dump_module(module);
  for (const Diagnostic& d : sink.sorted()) {
    text += d.code + " " + std::to_string(d.span.begin.line) + ":" +
            std::to_string(d.span.begin.column) + " " + d.message + "\n";
  }
  return text + "unkept " + std::to_string(sink.unkept_errors()) + "\n";
}

TEST_CASE("parse_source gives the module and diagnostics of parse(tokenize(...))") {
  const std::string program =
      "module m(target = \"a2a3\");\ndim N;\n@source(\"k.cpp\")\n"
      "kernel aiv k(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32], s: Scalar[FP32]);\n"
      "orchestration o(in x: Tensor[[N], FP32], out y: Tensor[[N], FP32]) {\n"
      "  # a comment\n  let t = tensor.create([N], FP32);\n"
      "  for i in range(0, 4) { call k(x, t, 1.5); }\n"
      "  if N > 2 { call k(t, y, 2.0); } else { call k(x, y, 0.5); }\n}\n";
  const std::vector<std::string> sources = {
      program,
      "",
      program + repeated(";", 5000),                     // a flood at the top level
      repeated("\"a string\" ", 3000) + program,         // strings where a declaration goes
      "module m;\norchestration o() {\n" + repeated("let x = \"s\" + ;\n", 3000) + "}\n",
      "module m;\norchestration o() {\n" + repeated(";", 100005) + "\n}\n$ @\n",  // the limit, then lexical errors
      "module m;\n" + repeated("{", 3000) + repeated(";", 3000) + "}\nconst X = 1 +;\n",
      "module m;\nconst X = " + repeated("(", 300) + "1;\n\x01 \"unterminated\n",
      "module m;\nconst S = \"\\q\";\nconst T = 12ab;\nkernel aiv k(in a: Tensor[[?], FP32]);",
  };
  for (const std::string& source : sources) {
    SourceFile file("t.kir", source);
    DiagnosticSink whole_sink, streamed_sink;
    const TokenStream tokens = tokenize(file, whole_sink);
    const Module whole = parse(tokens, whole_sink);
    const Module streamed = parse_source(file, streamed_sink);
    INFO(source.substr(0, 200));
    CHECK(outcome(streamed, streamed_sink) == outcome(whole, whole_sink));
  }
}

TEST_CASE("a window over the source holds only the tokens near its position") {
  SourceFile file("t.kir", repeated("\"s\" ; x ", 100000));
  DiagnosticSink sink;
  TokenWindow window(file, sink);
  size_t most = 0;
  size_t index = 0;
  for (; !window.at(index).is(TokenKind::kEof); ++index) {
    const Token& token = window.at(index);
    // A string literal's decoded bytes stay with it while it is held.
    if (index % 3 == 0) REQUIRE(token.string_value == "s");
    if (index > 64) window.release_before(index - 64);
    most = std::max(most, window.held());
  }
  CHECK(index == 300000);
  CHECK(most < 4096);  // not 300000
  // Past the end: the kEof token, also after releasing everything before it.
  window.release_before(index);
  CHECK(window.at(index + 5).is(TokenKind::kEof));
  CHECK(window.held() < 4096);
  // Going back to a released token is a bug in the parser, reported as one.
  CHECK_THROWS_AS(window.at(0), InternalError);
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("drain reports the lexical errors past where the parser stopped") {
  SourceFile file("t.kir", "module m; " + repeated("x ", 10000) + "$ 12ab");
  DiagnosticSink sink;
  TokenWindow window(file, sink);
  CHECK(window.at(1).text == "m");
  CHECK_FALSE(sink.has_errors());
  window.drain();
  CHECK(sink.error_count() == 2);
  CHECK(window.held() <= 4);  // drained tokens are not kept
}

TEST_CASE("a window over a TokenStream is that stream") {
  SourceFile file("t.kir", "module m; const X = \"v\";");
  DiagnosticSink sink;
  const TokenStream tokens = tokenize(file, sink);
  TokenWindow window(tokens);
  window.release_before(5);
  CHECK(&window.at(0) == &tokens.tokens[0]);
  CHECK(window.at(6).string_value == "v");
  CHECK(&window.at(1000) == &tokens.tokens.back());
}

}  // namespace
}  // namespace taskc
