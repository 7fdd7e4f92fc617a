#include "lexer.h"

#include <catch2/catch.hpp>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace taskc {
namespace {

// Tokens view the source text, so the file lives as long as the result.
struct Lexed {
  std::unique_ptr<SourceFile> file;
  TokenStream stream;
  std::vector<Diagnostic> diagnostics;

  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics) out.push_back(d.code);
    return out;
  }
  const Token& token(size_t i) const { return stream.tokens.at(i); }
};

Lexed lex(std::string text) {
  Lexed out;
  out.file = std::make_unique<SourceFile>("test.kir", std::move(text));
  DiagnosticSink sink;
  out.stream = tokenize(*out.file, sink);
  out.diagnostics = sink.sorted();
  return out;
}

using Codes = std::vector<std::string>;

TEST_CASE("every token kind", "[lexer]") {
  Lexed l = lex("name module FP32 42 1.5 \"s\" ( ;");
  REQUIRE(l.diagnostics.empty());
  REQUIRE(l.stream.tokens.size() == 9);
  CHECK(l.token(0).kind == TokenKind::kIdent);
  CHECK(l.token(1).kind == TokenKind::kKwModule);
  CHECK(l.token(2).kind == TokenKind::kDType);
  CHECK(l.token(3).kind == TokenKind::kInt);
  CHECK(l.token(4).kind == TokenKind::kFloat);
  CHECK(l.token(5).kind == TokenKind::kString);
  CHECK(l.token(6).kind == TokenKind::kLParen);
  CHECK(l.token(7).kind == TokenKind::kSemicolon);
  CHECK(l.token(8).kind == TokenKind::kEof);
}

TEST_CASE("every punctuator, longest match first", "[lexer]") {
  Lexed l = lex("== != <= >= // ( ) [ ] { } , ; : = < > + - * / % . @ ? a//b");
  REQUIRE(l.diagnostics.empty());
  const char* expected[] = {"==", "!=", "<=", ">=", "//", "(", ")", "[",
                            "]",  "{",  "}",  ",",  ";",  ":", "=", "<",
                            ">",  "+",  "-",  "*",  "/",  "%", ".", "@",
                            "?",  "a",  "//", "b"};
  for (size_t i = 0; i < std::size(expected); ++i) {
    CHECK(l.token(i).text == expected[i]);
    // Each punctuator is a kind of its own, spelt as written.
    if (l.token(i).kind != TokenKind::kIdent) {
      CHECK(is_punctuator(l.token(i).kind));
      CHECK(token_spelling(l.token(i).kind) == expected[i]);
    }
  }
}

TEST_CASE("every keyword and dtype is reserved", "[lexer]") {
  const char* keywords[] = {
      "module", "dim",   "const", "type",  "kernel", "group", "orchestration",
      "aic",    "aiv",   "in",    "out",   "inout",  "let",   "var",
      "call",   "for",   "range", "if",    "elif",   "else",  "scope",
      "manual", "nodep", "and",   "or",    "not",    "true",  "false",
      "tensor", "Tensor", "Scalar"};
  for (const char* k : keywords) {
    Lexed l = lex(k);
    CHECK(is_keyword(l.token(0).kind));
    CHECK(token_spelling(l.token(0).kind) == k);
    CHECK(is_reserved_word(k));
  }
  const char* dtypes[] = {"BOOL",   "INT8",   "INT16",     "INT32",
                          "INT64",  "UINT8",  "UINT16",    "UINT32",
                          "UINT64", "FP16",   "BF16",      "FP32",
                          "FP8E4M3FN", "FP8E8M0", "FP4E2M1", "INDEX"};
  for (const char* d : dtypes) CHECK(lex(d).token(0).kind == TokenKind::kDType);
  CHECK(lex("Module").token(0).kind == TokenKind::kIdent);
  CHECK(lex("fp32").token(0).kind == TokenKind::kIdent);
  CHECK_FALSE(is_reserved_word("int"));
}

TEST_CASE("integers: decimal, '_' separators, hex", "[lexer]") {
  Lexed l = lex("0 123 1_000_000 0xFF 0Xab_cd");
  REQUIRE(l.diagnostics.empty());
  CHECK(l.token(0).int_value == 0);
  CHECK(l.token(1).int_value == 123);
  CHECK(l.token(2).int_value == 1000000);
  CHECK(l.token(2).text == "1_000_000");
  CHECK(l.token(3).int_value == 255);
  CHECK(l.token(4).int_value == 0xabcd);
}

TEST_CASE("malformed integers are E0106", "[lexer]") {
  for (const char* bad : {"1__0", "1_", "0x", "0x_1", "12ab", "0xfg"}) {
    INFO(bad);
    CHECK(lex(bad).codes() == Codes{"E0106"});
  }
}

TEST_CASE("int64 limits", "[lexer]") {
  Lexed max = lex("9223372036854775807 0x7FFFFFFFFFFFFFFF");
  REQUIRE(max.diagnostics.empty());
  CHECK(max.token(0).int_value == 9223372036854775807u);
  CHECK(max.token(1).int_value == 9223372036854775807u);
  // 2^63 is only valid after a unary minus; the lexer keeps the magnitude
  // and the parser decides (parser_test).
  Lexed min_magnitude = lex("9223372036854775808");
  REQUIRE(min_magnitude.diagnostics.empty());
  CHECK(min_magnitude.token(0).int_value == (uint64_t{1} << 63));
  CHECK(lex("9223372036854775809").codes() == Codes{"E0106"});
  CHECK(lex("18446744073709551616").codes() == Codes{"E0106"});
  CHECK(lex("0x10000000000000000").codes() == Codes{"E0106"});
  CHECK(lex("99999999999999999999999").codes() == Codes{"E0106"});
}

TEST_CASE("floats", "[lexer]") {
  Lexed l = lex("1.5 1e3 2.5E-3 6e+2 0.1");
  REQUIRE(l.diagnostics.empty());
  CHECK(l.token(0).float_value == 1.5);
  CHECK(l.token(1).kind == TokenKind::kFloat);
  CHECK(l.token(1).float_value == 1000.0);
  CHECK(l.token(2).float_value == 2.5e-3);
  CHECK(l.token(3).float_value == 600.0);
  CHECK(l.token(4).float_value == 0.1);
  // "1." is an integer followed by '.', not a float.
  Lexed dot = lex("1.");
  CHECK(dot.token(0).kind == TokenKind::kInt);
  CHECK(dot.token(1).text == ".");
  CHECK(lex("1e").codes() == Codes{"E0106"});
  CHECK(lex("1e999").codes() == Codes{"E0106"});
}

TEST_CASE("string escapes", "[lexer]") {
  Lexed l = lex(R"("a\"b\\c\n\t\x41\x7f" "")");
  REQUIRE(l.diagnostics.empty());
  CHECK(l.token(0).string_value == "a\"b\\c\n\tA\x7f");
  CHECK(l.token(1).string_value.empty());
}

TEST_CASE("a bad escape is E0105 and the string still ends", "[lexer]") {
  Lexed l = lex(R"("a\qb" x)");
  CHECK(l.codes() == Codes{"E0105"});
  CHECK(l.diagnostics[0].span.begin.column == 3);
  CHECK(l.token(0).kind == TokenKind::kString);
  CHECK(l.token(1).text == "x");
  CHECK(lex(R"("\x4")").codes() == Codes{"E0105"});
}

TEST_CASE("unterminated strings are E0104", "[lexer]") {
  CHECK(lex("\"abc").codes() == Codes{"E0104"});
  Lexed l = lex("\"abc\nx");
  CHECK(l.codes() == Codes{"E0104"});
  CHECK(l.token(1).text == "x");
  CHECK(l.token(1).span.begin.line == 2);
  CHECK(lex("\"abc\r\nx").codes() == Codes{"E0104"});
}

TEST_CASE("NUL bytes are E0101 everywhere", "[lexer]") {
  using namespace std::string_literals;
  CHECK(lex("a \0 b"s).codes() == Codes{"E0101"});
  CHECK(lex("# c\0mment\n"s).codes() == Codes{"E0101"});
  CHECK(lex("\"s\0\""s).codes() == Codes{"E0101"});
  Lexed l = lex("ab\0"s);
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].span.begin.column == 3);
}

TEST_CASE("invalid UTF-8 is E0102 outside strings and comments", "[lexer]") {
  Lexed bad = lex("a \xff\xfe b");
  CHECK(bad.codes() == Codes{"E0102"});  // one diagnostic for the run
  CHECK(bad.token(1).text == "b");
  CHECK(lex("# \xff comment\nx").diagnostics.empty());
  Lexed in_string = lex("\"\xff\xc0\"");
  CHECK(in_string.diagnostics.empty());
  CHECK(in_string.token(0).string_value == "\xff\xc0");
  // Overlong encodings and surrogates are not UTF-8.
  CHECK(lex("\xc0\xaf").codes() == Codes{"E0102"});
  CHECK(lex("\xed\xa0\x80").codes() == Codes{"E0102"});
}

TEST_CASE("a bare CR is E0103; CRLF is a line end", "[lexer]") {
  Lexed crlf = lex("a\r\nb # c\r\nd");
  REQUIRE(crlf.diagnostics.empty());
  CHECK(crlf.token(1).span.begin.line == 2);
  CHECK(crlf.token(2).span.begin.line == 3);
  CHECK(crlf.stream.comments.at(0).text == "# c");
  CHECK(lex("a\rb").codes() == Codes{"E0103"});
  CHECK(lex("\"a\rb\"").codes() == Codes{"E0103"});
  CHECK(lex("# a\rb\n").codes() == Codes{"E0103"});
}

TEST_CASE("a byte order mark is skipped", "[lexer]") {
  Lexed l = lex("\xEF\xBB\xBFmodule m;");
  REQUIRE(l.diagnostics.empty());
  CHECK(l.token(0).text == "module");
  CHECK(lex("a \xEF\xBB\xBF").codes() == Codes{"E0111"});  // only at the start
}

TEST_CASE("non-ASCII identifiers are E0111", "[lexer]") {
  Lexed l = lex("caf\xc3\xa9 x");
  CHECK(l.codes() == Codes{"E0111"});
  CHECK(l.diagnostics[0].span.begin.column == 4);
  CHECK(l.diagnostics[0].span.end.column == 6);
  CHECK(l.token(0).text == "caf");
  CHECK(lex("\"caf\xc3\xa9\" # \xc3\xa9").diagnostics.empty());
}

TEST_CASE("identifier length limit is E0110", "[lexer]") {
  CHECK(lex(std::string(kMaxIdentifierLength, 'a')).diagnostics.empty());
  Lexed l = lex(std::string(kMaxIdentifierLength + 1, 'a'));
  CHECK(l.codes() == Codes{"E0110"});
  CHECK(l.token(0).kind == TokenKind::kIdent);  // still one token
}

TEST_CASE("stray characters are E0101", "[lexer]") {
  CHECK(lex("a $ b").codes() == Codes{"E0101"});
  CHECK(lex("!a").codes() == Codes{"E0101"});
  CHECK(lex("\x01").codes() == Codes{"E0101"});
}

TEST_CASE("spans are 1-based and columns count bytes", "[lexer]") {
  Lexed l = lex("ab  cd\n  \"\xc3\xa9\" x");
  REQUIRE(l.diagnostics.empty());
  CHECK(l.token(0).span.begin.line == 1);
  CHECK(l.token(0).span.begin.column == 1);
  CHECK(l.token(0).span.end.column == 3);
  CHECK(l.token(1).span.begin.column == 5);
  CHECK(l.token(2).span.begin.line == 2);
  CHECK(l.token(2).span.begin.column == 3);
  CHECK(l.token(2).span.end.column == 7);  // quote, two bytes, quote
  CHECK(l.token(3).span.begin.column == 8);
  const Token& eof = l.stream.tokens.back();
  CHECK(eof.kind == TokenKind::kEof);
  CHECK(eof.span.begin.line == 2);
  CHECK(eof.span.begin.column == 9);
}

TEST_CASE("comments are kept with their position", "[lexer]") {
  Lexed l = lex("# first\nx; # second  \n  # third");
  REQUIRE(l.diagnostics.empty());
  REQUIRE(l.stream.comments.size() == 3);
  CHECK(l.stream.comments[0].text == "# first");
  CHECK(l.stream.comments[0].owns_line);
  CHECK(l.stream.comments[1].text == "# second  ");
  CHECK_FALSE(l.stream.comments[1].owns_line);
  CHECK(l.stream.comments[1].span.begin.column == 4);
  CHECK(l.stream.comments[2].owns_line);
  CHECK(l.stream.comments[2].span.begin.line == 3);
  CHECK(l.stream.tokens.size() == 3);  // x ; EOF
}

TEST_CASE("independent lexical errors are all reported", "[lexer]") {
  Lexed l = lex("a $ b\n\"\\q\"\n1__2 \xff");
  CHECK(l.codes() == Codes{"E0101", "E0105", "E0106", "E0102"});
}

}  // namespace
}  // namespace taskc
