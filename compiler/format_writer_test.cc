// The layout `taskc fmt` keeps from the source: comment columns, line
// breaks in lists, trailing commas, blank-line groups, number spellings.
#include "format_writer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "formatter_test_support.h"

namespace taskc {
namespace {

using test::check_properties;
using test::fmt;

// `source` formats to `expected`, which is a fixed point.
void formats_to(const std::string& source, const std::string& expected) {
  CHECK(fmt(source) == expected);
  CHECK(fmt(expected) == expected);
  check_properties(source);
}

// Formatted text that fmt leaves alone.
void stays(const std::string& source) { formats_to(source, source); }

TEST_CASE("display width: UTF-8 sequences and tab stops", "[format_writer]") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("caf\xc3\xa9") == 4);
  CHECK(display_width("\t") == 8);
  CHECK(display_width("ab\tc") == 9);
  CHECK(display_width("\xff") == 1);  // a stray byte is one column
}

TEST_CASE("render_lines: runs of end-of-line comments", "[format_writer]") {
  // Consecutive comments from one source column keep it.
  CHECK(render_lines({{"a;", "# x", 10}, {"bbb;", "# y", 10}}) ==
        "a;        # x\nbbb;      # y\n");
  // The run moves as one when a line's code reaches its column.
  CHECK(render_lines({{"a;", "# x", 6}, {"bbbbbb;", "# y", 6}}) ==
        "a;       # x\nbbbbbb;  # y\n");
  // Different columns are different runs; a blank line ends a run.
  CHECK(render_lines({{"a;", "# x", 4}, {"b;", "# y", 8}, {}, {"c;", "# z", 8}}) ==
        "a;  # x\nb;      # y\n\nc;      # z\n");
  // A column at or past 80 is not kept.
  CHECK(render_lines({{"a;", "# x", 80}}) == "a;  # x\n");
}

TEST_CASE("aligned end-of-line comments stay aligned", "[format_writer]") {
  stays(
      "module m;\n"
      "const A = 1;        # one\n"
      "const BB = 22;      # two\n"
      "const CCC = 333;    # three\n");
  // A line of the run grows past the column: the run moves together, two
  // spaces after the longest code.
  formats_to(
      "module m;\n"
      "const A = 1;   # one\n"
      "const B=1+2;   # two\n",
      "module m;\n"
      "const A = 1;      # one\n"
      "const B = 1 + 2;  # two\n");
}

TEST_CASE("a comment keeps a column of its own choosing", "[format_writer]") {
  stays(
      "module m;\n"
      "dim N;                  # bound at run time\n"
      "const X = 1;\n"
      "const Y = 2;            # the same column, two lines down\n");
  // Not one at column 80 or beyond.
  formats_to("module m;\nconst X = 1;" + std::string(70, ' ') + "# far\n",
             "module m;\nconst X = 1;  # far\n");
}

TEST_CASE("a comment after the last argument stays there", "[format_writer]") {
  stays(
      "module m;\n"
      "orchestration o(in a: Tensor[[4], FP32], out b: Tensor[[4], FP32]) {\n"
      "  call k(a,\n"
      "         b  # last\n"
      "  );\n"
      "  call k(a,\n"
      "         b);  # after the call\n"
      "}\n");
  stays(
      "module m;\n"
      "orchestration o(\n"
      "    in a: Tensor[[4], FP32],\n"
      "    scale: Scalar[FP32]  # 1 / sqrt(HEAD_DIM)\n"
      ") {\n"
      "  call k(a, scale);\n"
      "}\n");
}

TEST_CASE("line breaks in lists stay; continuations line up",
          "[format_writer]") {
  // After the '(' of the line: one column past it.
  formats_to(
      "module m;\n"
      "orchestration o() {\n"
      "  call k(a, b,\n"
      "    c);\n"
      "}\n",
      "module m;\n"
      "orchestration o() {\n"
      "  call k(a, b,\n"
      "         c);\n"
      "}\n");
  // A break right after the '(': 4 columns deeper than its line.
  formats_to(
      "module m;\n"
      "orchestration o() {\n"
      "  call k(\n"
      "  a, b,\n"
      "          c);\n"
      "}\n",
      "module m;\n"
      "orchestration o() {\n"
      "  call k(\n"
      "      a, b,\n"
      "      c);\n"
      "}\n");
  // Nested lists align with their own bracket.
  formats_to(
      "module m;\n"
      "orchestration o() {\n"
      "  let s = tensor.slice(x, [TILE,\n"
      "   N], [0, 0]);\n"
      "}\n",
      "module m;\n"
      "orchestration o() {\n"
      "  let s = tensor.slice(x, [TILE,\n"
      "                           N], [0, 0]);\n"
      "}\n");
  // A comment on its own line inside a list stays, at the items' column.
  formats_to(
      "module m;\n"
      "kernel aiv k(in a: Tensor[[4], FP32],\n"
      "  # the output\n"
      "      out b: Tensor[[4], FP32]);\n",
      "module m;\n"
      "kernel aiv k(in a: Tensor[[4], FP32],\n"
      "             # the output\n"
      "             out b: Tensor[[4], FP32]);\n");
}

TEST_CASE("a closing bracket on its own line lines up with its opening line",
          "[format_writer]") {
  formats_to(
      "module m;\n"
      "orchestration o(\n"
      "    in a: Tensor[[4], FP32],\n"
      "    out b: Tensor[[4], FP32],\n"
      "    ) {\n"
      "  call k(a, b);\n"
      "}\n",
      "module m;\n"
      "orchestration o(\n"
      "    in a: Tensor[[4], FP32],\n"
      "    out b: Tensor[[4], FP32],\n"
      ") {\n"
      "  call k(a, b);\n"
      "}\n");
}

TEST_CASE("trailing commas stay", "[format_writer]") {
  stays("module m(target = \"a5\", runtime = \"tensormap_and_ringbuffer\",);\n");
  formats_to("module m; orchestration o() { call k(a,b,); }",
             "module m;\norchestration o() {\n  call k(a, b,);\n}\n");
}

TEST_CASE("blank-line groups stay, collapsed to one blank line",
          "[format_writer]") {
  // No blank line is added between kinds of declarations.
  stays(
      "module m;\n"
      "dim N;\n"
      "const Block = 128;\n"
      "type Block2 = Tensor[[Block], FP32];\n"
      "\n"
      "kernel aiv k(in a: Block2);\n");
  formats_to("module m;\n\n\n\ndim N;\n\n\nconst C = 1;\n",
             "module m;\n\ndim N;\n\nconst C = 1;\n");
}

TEST_CASE("float literals keep their spelling", "[format_writer]") {
  stays(
      "module m;\n"
      "const EPS: Scalar[FP32] = 1e-5;\n"
      "const HALF = 0.50;\n"
      "const BIG = 1.5E+20;\n");
}

TEST_CASE("a list too long for its line is wrapped", "[format_writer]") {
  // Filled after the '(' ...
  formats_to(
      "module m;\n"
      "kernel aiv vec_add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], "
      "out c: Tensor[[N], FP32]);\n",
      "module m;\n"
      "kernel aiv vec_add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32],\n"
      "                   out c: Tensor[[N], FP32]);\n");
  // ... or 4 columns in when an item does not fit after the '('.
  formats_to(
      "module m;\n"
      "orchestration a_rather_long_orchestration_name(in first: "
      "Tensor[[ROWS, COLS], FP32], out second: Tensor[[ROWS, COLS], FP32]) {}\n",
      "module m;\n"
      "orchestration a_rather_long_orchestration_name(\n"
      "    in first: Tensor[[ROWS, COLS], FP32],\n"
      "    out second: Tensor[[ROWS, COLS], FP32]) {}\n");
  // Module options too.
  formats_to(
      "module a_module_with_a_long_name(target = \"a2a3\", "
      "runtime = \"tensormap_and_ringbuffer\");\n",
      "module a_module_with_a_long_name(target = \"a2a3\",\n"
      "                                 runtime = \"tensormap_and_ringbuffer\");\n");
  // A list the user broke is not re-wrapped, even past 80 columns.
  stays(
      "module m;\n"
      "kernel aiv k(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], in c: "
      "Tensor[[N], FP32],\n"
      "             out d: Tensor[[N], FP32]);\n");
}

}  // namespace
}  // namespace taskc
