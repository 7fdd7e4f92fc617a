// The bounded JSON reader on its own: values and their tape, strictness, the
// places it reports problems at, and agreement with nlohmann::json on texts
// where both apply.
#include "bounded_json.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "json_oracle.h"

namespace {

using namespace taskc::abi;

// The member `key` of object `object` (the last one when repeated).
uint32_t member(const JsonDocument& doc, uint32_t object,
                std::string_view key) {
  uint32_t found = kNoNode;
  for (uint32_t m : doc.children(object)) {
    if (doc.key(m) == key) found = m;
  }
  REQUIRE(found != kNoNode);
  return found;
}

std::string only_problem(const std::string& text,
                         const JsonReadLimits& limits = JsonReadLimits{}) {
  JsonReadResult result = read_json_bounded(text, limits);
  CHECK_FALSE(result.complete);
  REQUIRE(result.problems.size() == 1);
  const JsonProblem& problem = result.problems[0];
  return problem.pointer.empty() ? problem.message
                                 : problem.pointer + ": " + problem.message;
}

}  // namespace

TEST_CASE("values land on the tape in document order", "[json]") {
  const std::string text =
      R"({"a": [1, -2, 3.5, "x\n\u00e9\ud83d\ude00", true, false, null], "b": {}})";
  JsonReadResult result = read_json_bounded(text);
  REQUIRE(result.complete);
  CHECK(result.problems.empty());
  const JsonDocument& doc = result.document;
  REQUIRE(doc.kind(0) == JsonKind::kObject);
  CHECK(doc.count(0) == 2);
  uint32_t a = member(doc, 0, "a");
  REQUIRE(doc.kind(a) == JsonKind::kArray);
  CHECK(doc.count(a) == 7);
  CHECK(doc.pointer(doc.child_at(a, 3)) == "/a/3");
  int64_t value = 0;
  CHECK((doc.as_int64(doc.child_at(a, 0), &value) && value == 1));
  CHECK((doc.as_int64(doc.child_at(a, 1), &value) && value == -2));
  CHECK(doc.kind(doc.child_at(a, 2)) == JsonKind::kFloat);
  CHECK(doc.number_text(doc.child_at(a, 2)) == "3.5");
  CHECK(doc.string(doc.child_at(a, 3)) == "x\n\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(doc.kind(doc.child_at(a, 4)) == JsonKind::kTrue);
  CHECK(doc.kind(doc.child_at(a, 5)) == JsonKind::kFalse);
  CHECK(doc.kind(doc.child_at(a, 6)) == JsonKind::kNull);
  uint32_t b = member(doc, 0, "b");
  CHECK(doc.next(a) == b);
  CHECK(doc.count(b) == 0);
  CHECK(doc.end(0) == b + 1);
}

TEST_CASE("keys with escapes are decoded and compared decoded", "[json]") {
  JsonReadResult result =
      read_json_bounded(R"({"a\/b": 1, "\u0061": 2, "a": 3})");
  REQUIRE(result.complete);
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].pointer == "/a");
  CHECK(result.problems[0].message == "duplicate key \"a\"");
  const JsonDocument& doc = result.document;
  CHECK(doc.key(doc.child_at(0, 0)) == "a/b");
  CHECK(doc.pointer(doc.child_at(0, 0)) == "/a~1b");
  int64_t value = 0;
  CHECK((doc.as_int64(member(doc, 0, "a"), &value) && value == 3));
  // The earlier "a" is shadowed: iteration sees the later one only.
  size_t members = 0;
  for (uint32_t m : doc.children(0)) {
    (void)m;
    ++members;
  }
  CHECK(members == 2);
}

TEST_CASE("duplicates in an object with many keys", "[json]") {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\": 0, ";
  text += "\"k7\": 1, \"k7\": 2}";
  JsonReadResult result = read_json_bounded(text);
  REQUIRE(result.complete);
  REQUIRE(result.problems.size() == 2);
  for (const JsonProblem& problem : result.problems) {
    CHECK(problem.pointer == "/k7");
    CHECK(problem.message == "duplicate key \"k7\"");
  }
  int64_t value = 0;
  CHECK((result.document.as_int64(member(result.document, 0, "k7"), &value) &&
         value == 2));
}

TEST_CASE("integers: exactly 64 bits, wider ones are floats", "[json]") {
  struct NumberCase {
    const char* text;
    JsonKind kind;
    bool fits_int64;
    int64_t value;
  };
  for (const NumberCase& c : std::vector<NumberCase>{
           {"0", JsonKind::kInteger, true, 0},
           {"-0", JsonKind::kInteger, true, 0},
           {"9223372036854775807", JsonKind::kInteger, true, INT64_MAX},
           {"-9223372036854775808", JsonKind::kInteger, true, INT64_MIN},
           {"9223372036854775808", JsonKind::kInteger, false, 0},
           {"18446744073709551615", JsonKind::kInteger, false, 0},
           {"18446744073709551616", JsonKind::kFloat, false, 0},
           {"-9223372036854775809", JsonKind::kFloat, false, 0},
           {"1.0", JsonKind::kFloat, false, 0},
           {"1e2", JsonKind::kFloat, false, 0},
           {"1e-400", JsonKind::kFloat, false, 0},
           {"0.5e-400", JsonKind::kFloat, false, 0},
       }) {
    INFO(c.text);
    JsonReadResult result = read_json_bounded(c.text);
    REQUIRE(result.complete);
    CHECK(result.document.kind(0) == c.kind);
    int64_t value = 0;
    CHECK(result.document.as_int64(0, &value) == c.fits_int64);
    if (c.fits_int64) CHECK(value == c.value);
    if (c.kind == JsonKind::kInteger && !c.fits_int64) {
      CHECK(std::to_string(result.document.magnitude(0)) == c.text);
    }
  }
  CHECK(read_json_bounded("18446744073709551615").document.magnitude(0) ==
        UINT64_MAX);
}

TEST_CASE("numbers JSON does not allow, and overflow", "[json]") {
  for (const char* text :
       {"01", "-", "-a", "1.", "1.e3", "1e", "1e+", "+1", ".5", "0x10", "1e400",
        "-1e400", "0.5e400", "Infinity", "NaN"}) {
    INFO(text);
    JsonReadResult result = read_json_bounded(text);
    CHECK_FALSE(result.complete);
  }
  CHECK_THAT(only_problem("[1e400]"),
             Catch::StartsWith("/0: parse error at line 1, column 2: number "
                               "overflow parsing '1e400'"));
  // 400 digits then an exponent that brings it back into range.
  std::string big(400, '9');
  CHECK(read_json_bounded(big + "e-300").complete);
  CHECK_FALSE(read_json_bounded(big).complete);
}

TEST_CASE("text after the value is an error with its line and column",
          "[json]") {
  CHECK(only_problem(std::string("{}\n\0garbage", 11)) ==
        "parse error at line 2, column 1: unexpected byte \\x00 after the "
        "JSON value; only whitespace may follow it");
  CHECK(only_problem("[1] [2]") ==
        "parse error at line 1, column 5: unexpected '[' after the JSON "
        "value; only whitespace may follow it");
  CHECK(only_problem("{}}") ==
        "parse error at line 1, column 3: unexpected '}' after the JSON "
        "value; only whitespace may follow it");
  CHECK(read_json_bounded("{} \t\r\n").complete);
  CHECK(read_json_bounded("\xEF\xBB\xBF{}").complete);  // a byte order mark
}

TEST_CASE("syntax errors name the place where reading stopped", "[json]") {
  CHECK(only_problem("{\n  \"a\": [1,\n    tru]}") ==
        "/a/1: parse error at line 3, column 5: invalid literal; expected "
        "true, false or null");
  CHECK(only_problem("{\"a\" 1}") ==
        "/a: parse error at line 1, column 6: unexpected '1'; expected ':'");
  CHECK(
      only_problem("{\"a\": 1,}") ==
      "parse error at line 1, column 9: unexpected '}'; expected a string key");
  CHECK(only_problem("[1,]") ==
        "/1: parse error at line 1, column 4: unexpected ']'; expected a JSON "
        "value");
  CHECK(only_problem("[1 2]") ==
        "parse error at line 1, column 4: unexpected '2'; expected ',' or ']'");
  CHECK(only_problem("{\"a\": [") ==
        "/a: parse error at line 1, column 8: unexpected end of input; "
        "expected a JSON value or ']'");
  CHECK(only_problem("") ==
        "parse error at line 1, column 1: unexpected end of input; expected a "
        "JSON value");
  CHECK(only_problem("[\"a\xff\"]") ==
        "/0: parse error at line 1, column 4: invalid string: ill-formed UTF-8 "
        "byte \\xFF");
  CHECK(only_problem("[\"\\ud800x\"]") ==
        "/0: parse error at line 1, column 3: invalid string: surrogate "
        "U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
  CHECK(only_problem("[\"\\udc00\"]") ==
        "/0: parse error at line 1, column 3: invalid string: surrogate "
        "U+DC00..U+DFFF must follow U+D800..U+DBFF");
  CHECK(only_problem("[\"\\q\"]") ==
        "/0: parse error at line 1, column 4: invalid string: invalid escape "
        "\\q");
  CHECK(only_problem("[\"\\u12g4\"]") ==
        "/0: parse error at line 1, column 3: invalid string: \\u must be "
        "followed by four hex digits");
  CHECK(only_problem("[\"a\tb\"]") ==
        "/0: parse error at line 1, column 4: invalid string: control "
        "character U+0009 must be escaped");
  CHECK(only_problem("[\"abc") ==
        "/0: parse error at line 1, column 6: invalid string: unexpected end "
        "of input; the string has no closing quote");
}

TEST_CASE("ill-formed UTF-8 in strings", "[json]") {
  for (const char* bytes :
       {"\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80",
        "\xf0\x80\x80\xaf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xfe",
        "\xc3", "\xe2\x82", "\xf0\x9f\x98"}) {
    INFO(printable_excerpt(bytes));
    JsonReadResult result = read_json_bounded("\"" + std::string(bytes) + "\"");
    CHECK_FALSE(result.complete);
  }
  for (const char* bytes :
       {"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
        "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf"}) {
    INFO(printable_excerpt(bytes));
    const std::string text = "\"" + std::string(bytes) + "\"";  // outlives
    JsonReadResult result = read_json_bounded(text);            // result
    REQUIRE(result.complete);
    CHECK(result.document.string(0) == bytes);
  }
}

TEST_CASE("the reader agrees with nlohmann::json", "[json]") {
  const std::vector<std::string> texts = {"{}",
                                          "[]",
                                          "0",
                                          "-0",
                                          "\"\"",
                                          "[[[]]]",
                                          "{\"a\":{\"b\":[1,2,{}]}}",
                                          "1.5e-3",
                                          "-1E+2",
                                          "123456789012345678901234567890",
                                          "1e-400",
                                          "\"\\u0000\"",
                                          "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
                                          "[1,2,]",
                                          "{\"a\":1,}",
                                          "[01]",
                                          "[1.]",
                                          "nul",
                                          "[true false]",
                                          "{\"a\" 1}",
                                          "\"\\x\"",
                                          "{\"a\":1,\"a\":[2]}",
                                          " \t\r\n[ 1 , 2 ]\n",
                                          "\xEF\xBB\xBF[1]",
                                          "[1] x",
                                          "\"\xed\xa0\x80\"",
                                          "\"\xf4\x8f\xbf\xbf\"",
                                          "[\"\\ud83d\\ude00\"]",
                                          "{\"\":0}",
                                          "\"\x7f\"",
                                          "\"\x1f\""};
  for (const std::string& text : texts) {
    INFO(printable_excerpt(text));
    JsonReadResult result = read_json_bounded(text);
    CHECK(oracle::disagreement(text, result).empty());
  }
}

TEST_CASE("nesting and value limits", "[json]") {
  JsonReadLimits limits;
  limits.max_depth = 3;
  CHECK(read_json_bounded("[[[]]]", limits).complete);
  CHECK(only_problem("{\"a\": [[[]]]}", limits) ==
        "/a/0: nesting deeper than 3 levels");
  limits = JsonReadLimits{};
  limits.max_values = 3;
  CHECK(read_json_bounded("[1, 2]", limits).complete);
  CHECK(only_problem("[1, 2, 3]", limits) ==
        "more than 3 JSON values; a manifest is far smaller");
}

TEST_CASE("problems past the limit are counted", "[json]") {
  std::string text = "[";
  for (int i = 0; i < 10; ++i)
    text += std::string(i ? "," : "") + "{\"a\":1,\"a\":2}";
  text += "]";
  JsonReadLimits limits;
  limits.max_problems = 4;
  JsonReadResult result = read_json_bounded(text, limits);
  CHECK(result.complete);
  CHECK(result.problems.size() == 4);
  CHECK(result.unlisted_problems == 6);
  CHECK(result.problems[3].pointer == "/3/a");
}

TEST_CASE("keys longer than a node can hold", "[json]") {
  // A node keeps key sizes below 2^24; longer keys live in a side table.
  const std::string key(size_t{1} << 24, 'k');
  const std::string text =
      "{\"" + key + "\": 1, \"b\": {\"" + key + "\": 2, \"" + key + "\": 3}}";
  JsonReadResult result = read_json_bounded(text);
  REQUIRE(result.complete);
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].pointer == "/b/" + key);
  const JsonDocument& doc = result.document;
  CHECK(doc.key(doc.child_at(0, 0)) == key);
  uint32_t b = member(doc, 0, "b");
  int64_t value = 0;
  CHECK((doc.as_int64(member(doc, b, key), &value) && value == 3));
  CHECK(doc.pointer(doc.child_at(b, 1)) == "/b/" + key);
}

TEST_CASE("a partial document is still a tape", "[json]") {
  const std::string text = "{\"a\": [1, {\"b\": [2, 3";
  JsonReadResult result = read_json_bounded(text);
  CHECK_FALSE(result.complete);
  const JsonDocument& doc = result.document;
  REQUIRE(doc.size() == 7);
  CHECK(doc.end(0) == 7);
  CHECK(doc.pointer(6) == "/a/1/b/1");
}

TEST_CASE("keys that share a hash are not duplicates", "[json]") {
  // Same length and ends: only the full comparison tells them apart.
  JsonReadResult result =
      read_json_bounded(R"({"abc": 1, "adc": 2, "a\u0062c": 3, "": 4, "": 5})");
  REQUIRE(result.complete);
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].pointer == "/abc");
  CHECK(result.problems[1].pointer == "/");
  CHECK(result.problems[1].message == "duplicate key \"\"");
}

TEST_CASE("same_text compares every byte at every length", "[json]") {
  for (size_t n = 0; n <= 40; ++n) {
    const std::string a(n, 'x');
    CHECK(same_text(a, std::string(n, 'x')));
    CHECK_FALSE(same_text(a, std::string(n + 1, 'x')));
    for (size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = 'y';
      INFO("length " << n << ", byte " << i);
      CHECK_FALSE(same_text(a, b));
    }
  }
}
