#include "diagnostics.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "utf8.h"

namespace taskc {
namespace {

Span span(uint32_t line, uint32_t column, uint32_t end_line,
          uint32_t end_column) {
  return Span{Pos{line, column}, Pos{end_line, end_column}};
}
Span span(uint32_t line, uint32_t column, uint32_t end_column) {
  return span(line, column, line, end_column);
}

Diagnostic error_at(Span s, std::string message = "bad",
                    std::string code = "E0201") {
  return Diagnostic{Severity::kError, std::move(code), false,
                    std::move(message), s, {}, std::nullopt};
}

// The caret line alone (the second line of a one-diagnostic rendering).
std::string caret_line(const SourceFile& file, Span s) {
  std::string out = render_text({error_at(s)}, file, RenderOptions{});
  size_t first = out.find('\n');
  size_t second = out.find('\n', first + 1);
  size_t third = out.find('\n', second + 1);
  return out.substr(second + 1, third - second - 1);
}

// The source line as shown (the second line of a rendering).
std::string shown_line(const SourceFile& file, Span s) {
  std::string out = render_text({error_at(s)}, file, RenderOptions{});
  size_t first = out.find('\n');
  size_t second = out.find('\n', first + 1);
  return out.substr(first + 1, second - first - 1);
}

const char* const kSource = "module m;\ndim N;\n  call k(a, b);\n";

TEST_CASE("render_text: an error with a note", "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  Diagnostic d = error_at(span(3, 8, 9), "'k' is a dim", "E0204");
  d.notes.push_back({span(2, 5, 6), "'N' declared here"});
  d.notes.push_back({std::nullopt, "a note about the file"});
  CHECK(render_text({d}, file, RenderOptions{}) ==
        "test.kir:3:8: error: 'k' is a dim [E0204]\n"
        "    3 |   call k(a, b);\n"
        "      |        ^\n"
        "test.kir:2:5: note: 'N' declared here\n"
        "test.kir: note: a note about the file\n");
}

TEST_CASE("render_text: underline width follows the span", "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  CHECK(caret_line(file, span(3, 3, 7)) == "      |   ^~~~");      // "call"
  CHECK(caret_line(file, span(3, 3, 16)) == "      |   ^~~~~~~~~~~~~");
  CHECK(caret_line(file, span(3, 8, 8)) == "      |        ^");    // empty
  CHECK(caret_line(file, span(1, 1, 1, 1)) == "      | ^");
  // A span over several lines is underlined to the end of its first line.
  CHECK(caret_line(file, span(1, 8, 3, 2)) == "      |        ^~");
}

TEST_CASE("render_text: warnings, promoted warnings and codes",
          "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  Diagnostic w{Severity::kWarning, "unused-kernel", false, "never called",
               span(2, 5, 6), {}, std::nullopt};
  Diagnostic p = w;
  p.severity = Severity::kError;
  p.promoted_warning = true;
  std::string text = render_text({w, p}, file, RenderOptions{});
  CHECK(text.find("test.kir:2:5: warning: never called [-Wunused-kernel]\n") !=
        std::string::npos);
  CHECK(text.find("test.kir:2:5: error: never called [-Werror=unused-kernel]\n") !=
        std::string::npos);
}

TEST_CASE("render_text: tabs, UTF-8 and positions past the end of a line",
          "[diagnostics]") {
  SourceFile tabs("t.kir", "\tlet\tx = 1;\n");
  CHECK(shown_line(tabs, span(1, 6, 7)) == "    1 |  let x = 1;");
  CHECK(caret_line(tabs, span(1, 6, 7)) == "      |      ^");
  // "é" is two bytes but one column: 'oops' is at byte column 15, display 13.
  SourceFile utf8("u.kir", "let s = \"\xC3\xA9\"; oops\n");
  CHECK(shown_line(utf8, span(1, 15, 19)) == "    1 | let s = \"\xC3\xA9\"; oops");
  CHECK(caret_line(utf8, span(1, 15, 19)) == "      |              ^~~~");
  // An underline over the multi-byte character is one column wide.
  CHECK(caret_line(utf8, span(1, 10, 12)) == "      |          ^");
  // Invalid bytes print as '?', one column each, and the caret still lines up.
  SourceFile bad("b.kir", "x \xC0\xAF\xFF y\n");
  CHECK(shown_line(bad, span(1, 7, 8)) == "    1 | x ??? y");
  CHECK(caret_line(bad, span(1, 7, 8)) == "      |       ^");
  // Past the end of the line (a missing ';'): the caret follows the text.
  SourceFile short_line("s.kir", "abc\n");
  CHECK(caret_line(short_line, span(1, 4, 5)) == "      |    ^");
  CHECK(caret_line(short_line, span(1, 40, 41)) == "      |    ^");
  // Past the last line: an empty source line.
  CHECK(shown_line(short_line, span(9, 1, 1)) == "    9 | ");
  CHECK(caret_line(short_line, span(9, 1, 1)) == "      | ^");
}

TEST_CASE("render_text: the gutter widens for long line numbers",
          "[diagnostics]") {
  std::string text(123456, '\n');
  text += "x\n";
  SourceFile file("big.kir", text);
  std::string out = render_text({error_at(span(123457, 1, 2))}, file, RenderOptions{});
  CHECK(out == "big.kir:123457:1: error: bad [E0201]\n"
               "123457 | x\n"
               "       | ^\n");
}

TEST_CASE("render_text: a long line is shown around the caret", "[diagnostics]") {
  // 1 MB on one line: the snippet stays about 200 columns wide.
  std::string line(1000000, 'a');
  line.replace(500000, 3, "BAD");
  SourceFile file("long.kir", line);
  std::string out = render_text({error_at(span(1, 500001, 500004))}, file,
                                RenderOptions{});
  CHECK(out.size() < 600);
  std::string shown = shown_line(file, span(1, 500001, 500004));
  std::string caret = caret_line(file, span(1, 500001, 500004));
  CHECK(shown == "    1 | ..." + std::string(100, 'a') + "BAD" +
                     std::string(97, 'a') + "...");
  CHECK(caret == "      | " + std::string(103, ' ') + "^~~");
  // Near the start: no leading cut; the caret keeps its real column.
  std::string head = shown_line(file, span(1, 11, 12));
  CHECK(head == "    1 | " + std::string(200, 'a') + "...");
  CHECK(caret_line(file, span(1, 11, 12)) == "      | " + std::string(10, ' ') + "^");
  // Near the end (and past it): no trailing cut.
  std::string tail = shown_line(file, span(1, 1000001, 1000002));
  CHECK(tail == "    1 | ..." + std::string(200, 'a'));
  CHECK(caret_line(file, span(1, 1000001, 1000002)) ==
        "      | " + std::string(203, ' ') + "^");
  CHECK(caret_line(file, span(1, 999991, 999992)) ==
        "      | " + std::string(193, ' ') + "^");
  // A long underline is cut at the window's end.
  CHECK(caret_line(file, span(1, 500001, 600001)) ==
        "      | " + std::string(103, ' ') + "^" + std::string(99, '~'));
  // Exactly 200 columns fit; multi-byte characters count as one column.
  std::string wide;
  for (int i = 0; i < 200; ++i) wide += "\xC3\xA9";
  SourceFile fits("w.kir", wide);
  CHECK(shown_line(fits, span(1, 1, 3)) == "    1 | " + wide);
}

TEST_CASE("render_text: color escapes only when enabled", "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  Diagnostic d = error_at(span(3, 8, 9), "oops");
  d.notes.push_back({span(2, 5, 6), "here"});
  Diagnostic w{Severity::kWarning, "unused-kernel", false, "w", span(3, 3, 7), {},
               std::nullopt};
  std::string plain = render_text({w, d}, file, RenderOptions{false, 20});
  CHECK(plain.find('\033') == std::string::npos);
  std::string color = render_text({d}, file, RenderOptions{true, 20});
  CHECK(color ==
        "\033[1mtest.kir:3:8:\033[0m \033[1;31merror:\033[0m oops [E0201]\n"
        "    3 |   call k(a, b);\n"
        "      |        \033[1;32m^\033[0m\n"
        "\033[1mtest.kir:2:5:\033[0m \033[1;36mnote:\033[0m here\n");
  CHECK(render_text({w}, file, RenderOptions{true, 20}).find("\033[1;35mwarning:") !=
        std::string::npos);
}

TEST_CASE("render_text: max_errors cuts the output", "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  Diagnostic w{Severity::kWarning, "unused-kernel", false, "w", span(2, 1, 4), {},
               std::nullopt};
  std::vector<Diagnostic> ds = {error_at(span(1, 1, 2), "first"), w,
                                error_at(span(3, 1, 2), "second"),
                                error_at(span(3, 3, 4), "third"), w};
  std::string out = render_text(ds, file, RenderOptions{false, 1});
  CHECK(out.find("first") != std::string::npos);
  CHECK(out.find("second") == std::string::npos);
  CHECK(out.find(": warning:") == std::string::npos);  // after the cut
  CHECK(out.substr(out.rfind('\n', out.size() - 2) + 1) ==
        "test.kir: note: 2 more errors not shown (--max-errors=1)\n");
  out = render_text(ds, file, RenderOptions{false, 2});
  CHECK(out.find(": warning:") != std::string::npos);  // before the second
  CHECK(out.find("third") == std::string::npos);
  CHECK(out.find("1 more error not shown (--max-errors=2)\n") != std::string::npos);
  out = render_text(ds, file, RenderOptions{false, 0});  // unlimited
  CHECK(out.find("third") != std::string::npos);
  CHECK(out.find("not shown") == std::string::npos);
  CHECK(render_text(ds, file, RenderOptions{false, 3}).find("not shown") ==
        std::string::npos);
  std::string color = render_text(ds, file, RenderOptions{true, 2});
  CHECK(color.substr(color.rfind("\033[1mtest.kir:")) ==
        "\033[1mtest.kir:\033[0m \033[1;36mnote:\033[0m 1 more error not shown "
        "(--max-errors=2)\n");
}

TEST_CASE("render_json: one object per line", "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  Diagnostic d = error_at(span(3, 8, 9), "'k' is a \"dim\"", "E0204");
  d.notes.push_back({span(2, 5, 6), "declared here"});
  d.notes.push_back({std::nullopt, "no span"});
  Diagnostic w{Severity::kWarning, "unused-kernel", false, "w", span(2, 1, 4), {},
               std::nullopt};
  std::string out = render_json({w, d}, file, RenderOptions{true, 20});
  CHECK(out ==
        "{\"severity\":\"warning\",\"code\":\"unused-kernel\",\"message\":\"w\","
        "\"file\":\"test.kir\",\"line\":2,\"column\":1,\"end_line\":2,"
        "\"end_column\":4,\"notes\":[],\"fixits\":[]}\n"
        "{\"severity\":\"error\",\"code\":\"E0204\",\"message\":\"'k' is a "
        "\\\"dim\\\"\",\"file\":\"test.kir\",\"line\":3,\"column\":8,"
        "\"end_line\":3,\"end_column\":9,\"notes\":[{\"message\":\"declared "
        "here\",\"file\":\"test.kir\",\"line\":2,\"column\":5,\"end_line\":2,"
        "\"end_column\":6},{\"message\":\"no span\"}],\"fixits\":[]}\n");
  CHECK(out.find('\033') == std::string::npos);  // never colored
}

TEST_CASE("render_text: a fix-it at the caret is shown under it", "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  Diagnostic d = error_at(span(2, 7, 7), "expected ';'", "E0107");
  d.fixit = FixIt{span(2, 7, 7), ";"};
  CHECK(render_text({d}, file, RenderOptions{}) ==
        "test.kir:2:7: error: expected ';' [E0107]\n"
        "    2 | dim N;\n"
        "      |       ^\n"
        "      |       ;\n");
  // One that starts elsewhere is left to the JSON form.
  d.fixit = FixIt{span(2, 1, 1), "x"};
  CHECK(render_text({d}, file, RenderOptions{}).find("|       x") == std::string::npos);
  CHECK(render_text({d}, file, RenderOptions{}).find("| x") == std::string::npos);
  d.fixit = FixIt{span(2, 7, 7), "\x01;"};  // shown as printable text
  CHECK(render_text({d}, file, RenderOptions{true, 20}).find("\033[1;32m?;\033[0m\n") !=
        std::string::npos);
}

TEST_CASE("render_json: a fix-it", "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  Diagnostic d = error_at(span(3, 3, 7), "no call", "E0107");
  d.fixit = FixIt{span(3, 3, 3), "call "};
  nlohmann::json j = nlohmann::json::parse(render_json({d}, file, RenderOptions{}));
  REQUIRE(j["fixits"].size() == 1);
  CHECK(j["fixits"][0] == nlohmann::json{{"line", 3}, {"column", 3}, {"end_line", 3},
                                         {"end_column", 3}, {"replacement", "call "}});
}

TEST_CASE("render_json: the cut and invalid UTF-8 stay valid JSON",
          "[diagnostics]") {
  SourceFile file("t\xFF.kir", kSource);
  std::vector<Diagnostic> ds = {error_at(span(1, 1, 2), "bad \xC0 byte"),
                                error_at(span(2, 1, 2)), error_at(span(3, 1, 2))};
  std::string out = render_json(ds, file, RenderOptions{false, 1});
  std::istringstream lines(out);
  std::vector<nlohmann::json> objects;
  for (std::string line; std::getline(lines, line);) {
    objects.push_back(nlohmann::json::parse(line));
  }
  REQUIRE(objects.size() == 2);
  CHECK(objects[0]["message"] == "bad \xEF\xBF\xBD byte");  // U+FFFD
  CHECK(objects[1]["severity"] == "note");
  CHECK(objects[1]["code"] == "");
  CHECK(objects[1]["message"] == "2 more errors not shown (--max-errors=1)");
  CHECK(objects[1]["notes"].empty());
  CHECK(objects[1]["fixits"].empty());
}

TEST_CASE("printable replaces control bytes and invalid UTF-8", "[diagnostics]") {
  CHECK(printable("plain text") == "plain text");
  CHECK(printable("") == "");
  CHECK(printable("a\tb") == "a\tb");  // tabs stay
  CHECK(printable("a\nb\rc") == "a?b?c");
  CHECK(printable(std::string("a\0b", 3)) == "a?b");
  CHECK(printable("\x1b[31mred") == "?[31mred");
  CHECK(printable("del\x7f") == "del?");
  CHECK(printable("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(printable("\xFF") == "?");
  CHECK(printable("\xC3") == "?");            // truncated
  CHECK(printable("x\xC3") == "x?");
  CHECK(printable("\xC0\xAF") == "??");       // overlong
  CHECK(printable("\xED\xA0\x80") == "???");  // surrogate
  CHECK(printable("\xF4\x90\x80\x80") == "????");  // above U+10FFFF
  CHECK(printable("\x80z") == "?z");          // stray continuation byte
  CHECK(printable("\xC2\x9B" "2J") == "?2J");  // C1 control (CSI)
  CHECK(printable("\xC2\xA0") == "\xC2\xA0");  // U+00A0 is printable
}

TEST_CASE("WarningPolicy::apply_flag", "[diagnostics]") {
  WarningPolicy p;
  CHECK(p.is_enabled(Warning::kUnusedKernel));
  CHECK(p.apply_flag("no-unused-kernel"));
  CHECK_FALSE(p.is_enabled(Warning::kUnusedKernel));
  CHECK(p.is_enabled(Warning::kUnwrittenOutput));
  CHECK(p.apply_flag("unused-kernel"));
  CHECK(p.is_enabled(Warning::kUnusedKernel));
  CHECK_FALSE(p.all_errors);
  CHECK(p.apply_flag("error"));
  CHECK(p.all_errors);
  CHECK(p.apply_flag("no-error"));
  CHECK_FALSE(p.all_errors);
  CHECK_FALSE(p.apply_flag("unused-kernal"));
  CHECK_FALSE(p.apply_flag("no-such-warning"));
  CHECK_FALSE(p.apply_flag(""));
  CHECK_FALSE(p.apply_flag("no-"));
  CHECK(p.enabled.size() == 1);  // unknown names change nothing
  for (const std::string& name : known_warnings()) {
    CHECK(p.apply_flag("no-" + name));
    CHECK_FALSE(p.is_enabled(*find_warning(name)));
  }
  CHECK(known_warnings() == std::vector<std::string>{
                                "unused-kernel", "unwritten-output",
                                "uninitialized-read", "manual-hazard", "predicate-order",
                                "aliased-arguments"});
}

TEST_CASE("DiagnosticSink applies the warning policy", "[diagnostics]") {
  WarningPolicy off;
  off.apply_flag("no-unused-kernel");
  DiagnosticSink quiet(off);
  quiet.warning(Warning::kUnusedKernel, span(1, 1, 2), "w");
  CHECK(quiet.sorted().empty());
  CHECK_FALSE(quiet.has_errors());

  WarningPolicy werror;
  werror.apply_flag("error");
  DiagnosticSink strict(werror);
  strict.warning(Warning::kUnwrittenOutput, span(1, 1, 2), "w");
  REQUIRE(strict.sorted().size() == 1);
  CHECK(strict.sorted()[0].severity == Severity::kError);
  CHECK(strict.sorted()[0].promoted_warning);
  CHECK(strict.has_errors());
  CHECK(strict.error_count() == 1);

  DiagnosticSink normal;
  normal.warning(Warning::kUninitializedRead, span(1, 1, 2), "w");
  CHECK(normal.sorted().at(0).severity == Severity::kWarning);
  CHECK_FALSE(normal.has_errors());
}

TEST_CASE("sorted: source order, stable, duplicates once", "[diagnostics]") {
  DiagnosticSink sink;
  sink.error(ErrorCode::E0301, span(3, 5, 6), "c");
  sink.error(ErrorCode::E0201, span(1, 9, 10), "b");
  sink.error(ErrorCode::E0201, span(1, 2, 3), "a");
  sink.error(ErrorCode::E0307, span(3, 5, 6), "d");   // same place: after "c"
  sink.error(ErrorCode::E0301, span(3, 5, 6), "c");   // duplicate of "c"
  sink.error(ErrorCode::E0301, span(3, 5, 6), "c2");  // same code, other message
  sink.error(ErrorCode::E0201, span(1, 2, 3), "a");   // duplicate of "a"
  sink.warning(Warning::kUnusedKernel, span(2, 1, 2), "w");
  std::vector<std::string> order;
  for (const Diagnostic& d : sink.sorted()) order.push_back(d.message);
  CHECK(order == std::vector<std::string>{"a", "b", "w", "c", "d", "c2"});
  // The same message at another place is not a duplicate.
  DiagnosticSink two;
  two.error(ErrorCode::E0201, span(1, 2, 3), "x");
  two.error(ErrorCode::E0201, span(1, 4, 5), "x");
  CHECK(two.sorted().size() == 2);
}


// The last line of a rendering.
std::string last_line(const std::string& out) {
  return out.substr(out.rfind('\n', out.size() - 2) + 1);
}

TEST_CASE("the sink keeps the first kMaxKept diagnostics and counts the rest",
          "[diagnostics]") {
  constexpr size_t kKept = DiagnosticSink::kMaxKept;
  const size_t total = 5 * kKept + 7;
  DiagnosticSink sink;
  // In a scrambled order (a full-period step modulo `total`), so that later
  // reports keep landing before what an earlier compaction kept, with a
  // warning on every tenth line and a repeated report of every line.
  size_t warnings = 0;
  for (size_t i = 0, line = 0; i < total; ++i, line = (line + 7919) % total) {
    auto l = static_cast<uint32_t>(line + 1);
    sink.error(ErrorCode::E0107, span(l, 1, 2), "e" + std::to_string(l));
    if (l % 10 == 0) {
      sink.warning(Warning::kUnusedKernel, span(l, 5, 6), "w");
      ++warnings;
    }
  }
  for (uint32_t l = 1; l <= total; ++l) {
    sink.error(ErrorCode::E0107, span(l, 1, 2), "e" + std::to_string(l));
  }
  CHECK(sink.error_count() == 2 * total);
  std::vector<Diagnostic> kept = sink.sorted();
  REQUIRE(kept.size() == kKept);
  // Exactly the first kKept in source order: lines 1.. with their warnings.
  size_t kept_errors = 0;
  uint32_t line = 0;
  for (const Diagnostic& d : kept) {
    if (d.severity == Severity::kError) {
      CHECK(d.span.begin.line == ++line);
      CHECK(d.message == "e" + std::to_string(line));
      ++kept_errors;
    } else {
      CHECK(d.span.begin.line == line);
      CHECK(line % 10 == 0);
    }
  }
  CHECK(kept_errors + kept_errors / 10 == kKept);
  // The repeats of kept errors were removed; the repeats of the others fell
  // past the cut and are counted again (see unkept_errors()).
  CHECK(sink.unkept_errors() == 2 * (total - kept_errors));
  CHECK(sink.unkept_warnings() == warnings - kept_errors / 10);

  SourceFile file("flood.kir", "module m;\n");
  RenderOptions all{false, 0, sink.unkept_errors(), sink.unkept_warnings()};
  CHECK(last_line(render_text(kept, file, all)) ==
        "flood.kir: note: " + std::to_string(sink.unkept_errors()) + " more errors and " +
            std::to_string(sink.unkept_warnings()) +
            " more warnings not shown (taskc keeps the first 10000 diagnostics)\n");
  RenderOptions twenty = all;
  twenty.max_errors = 20;
  CHECK(last_line(render_text(kept, file, twenty)) ==
        "flood.kir: note: " + std::to_string(kept_errors - 20 + sink.unkept_errors()) +
            " more errors not shown (--max-errors=20)\n");
  std::string json = render_json(kept, file, all);
  CHECK(nlohmann::json::parse(last_line(json))["message"] ==
        std::to_string(sink.unkept_errors()) + " more errors and " +
            std::to_string(sink.unkept_warnings()) +
            " more warnings not shown (taskc keeps the first 10000 diagnostics)");
}

TEST_CASE("the sink: repeats at one place are removed across compactions",
          "[diagnostics]") {
  DiagnosticSink sink;
  for (size_t i = 0; i < 3 * DiagnosticSink::kMaxKept; ++i) {
    sink.error(ErrorCode::E0101, span(2, 1, 2), "same");
    sink.warning(Warning::kUnusedKernel, span(1, 1, 2), "w" + std::to_string(i % 3));
  }
  std::vector<Diagnostic> kept = sink.sorted();
  REQUIRE(kept.size() == 4);
  CHECK(kept[0].message == "w0");
  CHECK(kept[2].message == "w2");
  CHECK(kept[3].message == "same");
  CHECK(sink.unkept_errors() == 0);
  CHECK(sink.unkept_warnings() == 0);
  CHECK(sink.error_count() == 3 * DiagnosticSink::kMaxKept);
}

TEST_CASE("render: only warnings not kept", "[diagnostics]") {
  SourceFile file("test.kir", kSource);
  std::vector<Diagnostic> ds = {error_at(span(1, 1, 2), "first")};
  CHECK(last_line(render_text(ds, file, RenderOptions{false, 20, 0, 1})) ==
        "test.kir: note: 1 more warning not shown (taskc keeps the first 10000 "
        "diagnostics)\n");
  CHECK(last_line(render_text(ds, file, RenderOptions{false, 20, 2, 0})) ==
        "test.kir: note: 2 more errors not shown (taskc keeps the first 10000 "
        "diagnostics)\n");
  CHECK(render_text(ds, file, RenderOptions{false, 20, 0, 0}).find("not shown") ==
        std::string::npos);
}


// The snippet of a caret at `begin`..`end` (bytes) on `raw`, computed the
// plain way: decode the whole line, then cut the 200-column window.
std::pair<std::string, std::string> reference_snippet(std::string_view raw, size_t begin,
                                                      size_t end) {
  std::vector<std::string> chars;
  size_t start = 0, stop = 0;
  for (size_t i = 0; i < raw.size();) {
    auto c = static_cast<unsigned char>(raw[i]);
    size_t len = c < 0x80 ? 1 : utf8_sequence_length(raw, i);
    bool control = c < 0x80 ? (c < 0x20 && c != '\t') || c == 0x7f
                            : len == 2 && c == 0xC2 && static_cast<unsigned char>(raw[i + 1]) < 0xA0;
    chars.push_back(len == 0 || control ? "?" : c == '\t' ? " " : std::string(raw.substr(i, len)));
    if (i < begin) ++start;
    if (i < end) ++stop;
    i += len == 0 ? 1 : len;
  }
  size_t lo = 0, hi = chars.size();
  if (hi > 200) {
    lo = start > 100 ? start - 100 : 0;
    hi = std::min(chars.size(), lo + 200);
    lo = hi - 200;
  }
  std::string line = lo > 0 ? "..." : "";
  for (size_t k = lo; k < hi; ++k) line += chars[k];
  if (hi < chars.size()) line += "...";
  size_t length = std::min(stop, hi) > start ? std::min(stop, hi) - start : 1;
  std::string caret = std::string((lo > 0 ? 3 : 0) + start - lo, ' ') + "^" +
                      std::string(length - 1, '~');
  return {"    1 | " + line, "      | " + caret};
}

TEST_CASE("render_text: a snippet anywhere on a long line of mixed bytes",
          "[diagnostics]") {
  // Characters of 1 to 4 bytes, a tab, controls (C0 and a two-byte C1),
  // stray continuation bytes (alone and in runs), and truncated sequences.
  const std::vector<std::string> pieces = {
      "a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\t", "\x01", "\xC2\x85",
      "\x80", "\x80\x80\x80\x80\x80", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "b"};
  std::string raw;
  for (uint32_t x = 12345; raw.size() < 6000;) {
    x = x * 1103515245u + 12345u;
    raw += pieces[(x >> 16) % pieces.size()];
  }
  SourceFile file("mixed.kir", raw);
  auto columns = [](size_t byte) { return static_cast<uint32_t>(byte + 1); };
  for (size_t begin = 0; begin <= raw.size(); ++begin) {
    for (size_t width : {size_t{0}, size_t{1}, size_t{7}, size_t{900}}) {
      size_t end = std::min(raw.size(), begin + width);
      INFO("begin " << begin << " end " << end);
      Span s = span(1, columns(begin), columns(end));
      auto [line, caret] = reference_snippet(raw, begin, end);
      std::string out = render_text({error_at(s)}, file, RenderOptions{});
      size_t first = out.find('\n'), second = out.find('\n', first + 1);
      REQUIRE(out.substr(first + 1, second - first - 1) == line);
      REQUIRE(out.substr(second + 1, out.find('\n', second + 1) - second - 1) == caret);
    }
  }
}

}  // namespace
}  // namespace taskc
