// Line diffs: minimal edit scripts (checked against an LCS table on random
// inputs), hunks exactly as diff -u writes them, and a patch applier that
// turns the old text into the new one for every diff.
#include <catch2/catch.hpp>
#include <random>
#include <sstream>

#include "line_diff.h"

namespace taskc {
namespace {

size_t edit_count(const std::vector<LineOp>& ops) {
  size_t count = 0;
  for (LineOp op : ops) count += op != LineOp::kKeep ? 1 : 0;
  return count;
}

// Fewest deletions + insertions, by the textbook LCS table.
size_t minimal_edits(const std::vector<std::string_view>& a,
                     const std::vector<std::string_view>& b) {
  std::vector<std::vector<size_t>> lcs(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1
                               : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  return a.size() + b.size() - 2 * lcs[0][0];
}

// Replays an edit script; fails the test if it does not fit the inputs.
std::string apply_ops(const std::vector<LineOp>& ops,
                      const std::vector<std::string_view>& a,
                      const std::vector<std::string_view>& b) {
  std::string out;
  size_t x = 0, y = 0;
  for (LineOp op : ops) {
    if (op == LineOp::kKeep) {
      REQUIRE(x < a.size());
      REQUIRE(y < b.size());
      REQUIRE(a[x] == b[y]);
      out += a[x++];
      ++y;
    } else if (op == LineOp::kDelete) {
      REQUIRE(x < a.size());
      ++x;
    } else {
      REQUIRE(y < b.size());
      out += b[y++];
    }
  }
  REQUIRE(x == a.size());
  REQUIRE(y == b.size());
  return out;
}

// Applies a unified diff to `old_text` as patch(1) would, checking every
// hunk header against the lines that follow it.
std::string apply_unified(const std::string& old_text, const std::string& diff) {
  const std::vector<std::string_view> old_lines = split_lines(old_text);
  std::vector<std::string> lines;
  std::istringstream in(diff);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() >= 2);
  REQUIRE(lines[0].rfind("--- ", 0) == 0);
  REQUIRE(lines[1].rfind("+++ ", 0) == 0);
  std::string out;
  size_t copied = 0;  // old lines already handled
  size_t i = 2;
  while (i < lines.size()) {
    size_t a_first = 0, a_count = 1, b_first = 0, b_count = 1;
    const std::string& header = lines[i++];
    int fields = std::sscanf(header.c_str(), "@@ -%zu,%zu +%zu,%zu @@", &a_first,
                             &a_count, &b_first, &b_count);
    if (fields != 4) {
      // "-l +l,s", "-l,s +l" or "-l +l": counts of 1 are left out.
      a_count = b_count = 1;
      if (std::sscanf(header.c_str(), "@@ -%zu +%zu,%zu @@", &a_first, &b_first,
                      &b_count) == 3) {
      } else if (std::sscanf(header.c_str(), "@@ -%zu,%zu +%zu @@", &a_first,
                             &a_count, &b_first) == 3) {
      } else {
        REQUIRE(std::sscanf(header.c_str(), "@@ -%zu +%zu @@", &a_first, &b_first) == 2);
      }
    }
    const size_t start = a_count == 0 ? a_first : a_first - 1;
    REQUIRE(start >= copied);
    for (; copied < start; ++copied) out += old_lines[copied];
    size_t seen_a = 0, seen_b = 0;
    while (i < lines.size() && lines[i].rfind("@@", 0) != 0) {
      const std::string& line = lines[i++];
      const bool no_newline =
          i < lines.size() && lines[i] == "\\ No newline at end of file";
      if (no_newline) ++i;
      std::string text = line.substr(1) + (no_newline ? "" : "\n");
      if (line[0] == ' ' || line[0] == '-') {
        REQUIRE(copied < old_lines.size());
        CHECK(old_lines[copied] == text);
        ++copied;
        ++seen_a;
      }
      if (line[0] == ' ' || line[0] == '+') {
        out += text;
        ++seen_b;
      }
      REQUIRE((line[0] == ' ' || line[0] == '-' || line[0] == '+'));
    }
    CHECK(seen_a == a_count);
    CHECK(seen_b == b_count);
  }
  for (; copied < old_lines.size(); ++copied) out += old_lines[copied];
  return out;
}

std::string lines_of(const std::string& letters) {
  std::string out;
  for (char c : letters) out += std::string(1, c) + "\n";
  return out;
}

TEST_CASE("split_lines keeps each line's newline", "[line_diff]") {
  CHECK(split_lines("").empty());
  auto lines = split_lines("a\n\nb");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "a\n");
  CHECK(lines[1] == "\n");
  CHECK(lines[2] == "b");
}

TEST_CASE("the diff of Myers' example is minimal", "[line_diff]") {
  const std::string a = lines_of("abcabba"), b = lines_of("cbabac");
  const auto al = split_lines(a), bl = split_lines(b);
  const auto ops = diff_lines(al, bl);
  CHECK(edit_count(ops) == 5);
  CHECK(apply_ops(ops, al, bl) == b);
}

TEST_CASE("random inputs: minimal scripts and diffs that apply", "[line_diff]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    std::uniform_int_distribution<int> length(0, 14), letter(0, 3);
    std::string a, b;
    for (int i = length(rng); i > 0; --i) a += static_cast<char>('a' + letter(rng));
    for (int i = length(rng); i > 0; --i) b += static_cast<char>('a' + letter(rng));
    std::string old_text = lines_of(a), new_text = lines_of(b);
    if (round % 3 == 1 && !old_text.empty()) old_text.pop_back();  // no final newline
    if (round % 5 == 2 && !new_text.empty()) new_text.pop_back();
    INFO("old " << a << " new " << b << " round " << round);
    const auto al = split_lines(old_text), bl = split_lines(new_text);
    const auto ops = diff_lines(al, bl);
    CHECK(edit_count(ops) == minimal_edits(al, bl));
    CHECK(apply_ops(ops, al, bl) == new_text);
    for (size_t context : {0, 1, 3}) {
      const std::string diff = unified_diff(old_text, new_text, "x.orig", "x", context);
      if (old_text == new_text) {
        CHECK(diff.empty());
      } else {
        CHECK(apply_unified(old_text, diff) == new_text);
      }
    }
  }
}

TEST_CASE("hunks are written as diff -u writes them", "[line_diff]") {
  // Output of GNU diff -u for the same texts (labels aside).
  const std::string old_text = lines_of("abcdefghijklm");
  const std::string new_text = lines_of("aBcdefghijklm") + "n";
  CHECK(unified_diff(old_text, new_text, "f.kir.orig", "f.kir") ==
        "--- f.kir.orig\n+++ f.kir\n"
        "@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n"
        "@@ -11,3 +11,4 @@\n k\n l\n m\n+n\n\\ No newline at end of file\n");
  CHECK(unified_diff("", "x\n", "o", "n") == "--- o\n+++ n\n@@ -0,0 +1 @@\n+x\n");
  CHECK(unified_diff("x\n", "", "o", "n") == "--- o\n+++ n\n@@ -1 +0,0 @@\n-x\n");
  // Changes 6 unchanged lines apart share a hunk; 7 apart do not.
  CHECK(unified_diff(lines_of("abcdefgh"), lines_of("Abcdefgh").replace(14, 1, "H"),
                     "o", "n")
            .find("@@ -1,8 +1,8 @@") != std::string::npos);
  const std::string two = unified_diff(lines_of("abcdefghi"), lines_of("AbcdefghI"), "o", "n");
  CHECK(two.find("@@ -1,4 +1,4 @@") != std::string::npos);
  CHECK(two.find("@@ -6,4 +6,4 @@") != std::string::npos);
}

TEST_CASE("past the work limit the diff stays correct", "[line_diff]") {
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += std::to_string(i * 7 % 1009) + "\n";
    b += std::to_string(i * 11 % 1013) + "\n";
  }
  const auto al = split_lines(a), bl = split_lines(b);
  const auto cheap = diff_lines(al, bl, 1000);
  CHECK(apply_ops(cheap, al, bl) == b);
  const auto full = diff_lines(al, bl);
  CHECK(apply_ops(full, al, bl) == b);
  CHECK(edit_count(full) < edit_count(cheap));
}

}  // namespace
}  // namespace taskc
