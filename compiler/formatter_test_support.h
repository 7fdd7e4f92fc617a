// Shared by the formatter unit tests: in-memory .kir text parsed and
// formatted, and the properties every formatted program has.
#ifndef TASKC_COMPILER_FORMATTER_TEST_SUPPORT_H
#define TASKC_COMPILER_FORMATTER_TEST_SUPPORT_H

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "ast_dump.h"
#include "formatter.h"
#include "parser.h"

namespace taskc::test {

struct Parsed {
  std::unique_ptr<SourceFile> file;  // the tokens view its text
  TokenStream stream;
  Module module;
  std::vector<Diagnostic> diagnostics;
};

inline Parsed parse_text(std::string text) {
  Parsed p;
  p.file = std::make_unique<SourceFile>("test.kir", std::move(text));
  DiagnosticSink sink;
  p.stream = tokenize(*p.file, sink);
  p.module = parse(p.stream, sink);
  p.diagnostics = sink.sorted();
  return p;
}

// `text` formatted; it must parse.
inline std::string fmt(const std::string& text) {
  Parsed p = parse_text(text);
  INFO(text);
  for (const Diagnostic& d : p.diagnostics) INFO(d.code + ": " + d.message);
  REQUIRE(p.diagnostics.empty());
  return format_module(p.module, p.stream);
}

inline std::vector<std::string> comment_texts(const Parsed& p) {
  std::vector<std::string> out;
  for (const Comment& c : p.stream.comments) {
    std::string text(c.text);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.pop_back();
    }
    out.push_back(text);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The properties every formatted program has: the same tree and comments,
// a fixed point, clean line ends.
inline void check_properties(const std::string& source) {
  INFO("source:\n" << source);
  Parsed original = parse_text(source);
  REQUIRE(original.diagnostics.empty());
  std::string once = format_module(original.module, original.stream);
  INFO("formatted:\n" << once);

  Parsed reparsed = parse_text(once);
  REQUIRE(reparsed.diagnostics.empty());
  CHECK(dump_module(reparsed.module) == dump_module(original.module));
  CHECK(comment_texts(reparsed) == comment_texts(original));
  CHECK(format_module(reparsed.module, reparsed.stream) == once);

  REQUIRE(once.size() >= 2);
  CHECK(once.back() == '\n');
  CHECK(once[once.size() - 2] != '\n');
  CHECK(once.find(" \n") == std::string::npos);
  CHECK(once.find("\t\n") == std::string::npos);
  CHECK(once.find("\n\n\n") == std::string::npos);
  CHECK(once.find('\r') == std::string::npos);
}

}  // namespace taskc::test

#endif  // TASKC_COMPILER_FORMATTER_TEST_SUPPORT_H
