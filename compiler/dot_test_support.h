// Helpers of the task-graph tests (emit_dot_test.cc, dot_passes_test.cc):
// the DOT of a .kir source, a structural check of DOT text, and searches
// in it.
#ifndef TASKC_COMPILER_DOT_TEST_SUPPORT_H
#define TASKC_COMPILER_DOT_TEST_SUPPORT_H

#include <catch2/catch.hpp>

#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "emit_dot.h"
#include "plan_test_support.h"

namespace taskc::test {

inline std::string graph(const std::string& kir, const std::string& input = "test.kir") {
  auto p = plan_source(kir, input);
  return emit_task_graph_dot(p->plan, input, "9.9.9");
}

// Structural well-formedness: strings closed on their line, plain ASCII,
// braces balanced outside strings, node ids unique, edge ends declared.
// Returns the first problem, or "".
inline std::string structure_problem(const std::string& dot) {
  bool in_string = false;
  int depth = 0;
  for (size_t i = 0; i < dot.size(); ++i) {
    auto c = static_cast<unsigned char>(dot[i]);
    std::string at = " at offset " + std::to_string(i);
    if (c >= 0x7f || (c < 0x20 && c != '\n')) return "a byte outside printable ASCII" + at;
    if (in_string) {
      if (c == '\n') return "a line break in a string" + at;
      if (c == '\\' && (i + 1 == dot.size() || dot[++i] == '\n')) {
        return "a backslash ends a string line" + at;
      }
      if (c == '"') in_string = false;
      continue;
    }
    if (c == '/' && i + 1 < dot.size() && dot[i + 1] == '/') {
      i = dot.find('\n', i);  // a comment runs to the end of the line
      if (i == std::string::npos) return "a comment without a line end";
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{') ++depth;
    if (c == '}' && --depth < 0) return "an unbalanced '}'" + at;
  }
  if (in_string) return "an unterminated string";
  if (depth != 0) return "unbalanced braces";
  std::set<std::string> nodes;
  std::regex node_line(R"(^ *([A-Za-z_][A-Za-z0-9_]*) \[)");
  std::regex edge_line(R"(^ *([A-Za-z0-9_]+) -> ([A-Za-z0-9_]+) \[)");
  std::smatch m;
  std::istringstream lines(dot);
  std::vector<std::pair<std::string, std::string>> edges;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_search(line, m, edge_line)) {
      edges.emplace_back(m[1], m[2]);
    } else if (std::regex_search(line, m, node_line) && m[1] != "graph" &&
               m[1] != "node" && m[1] != "edge" && !nodes.insert(m[1]).second) {
      return "node " + std::string(m[1]) + " is declared twice";
    }
  }
  for (const auto& [from, to] : edges) {
    if (!nodes.count(from) || !nodes.count(to)) {
      return "edge " + from + " -> " + to + " names an undeclared node";
    }
  }
  return "";
}

inline void check_well_formed(const std::string& dot) {
  INFO(dot);
  CHECK(structure_problem(dot) == "");
}

inline bool has(const std::string& dot, const std::string& text) {
  return dot.find(text) != std::string::npos;
}

inline size_t count(const std::string& dot, const std::string& text) {
  size_t n = 0;
  for (size_t at = dot.find(text); at != std::string::npos; at = dot.find(text, at + 1)) ++n;
  return n;
}

inline std::string graph_with(const std::string& kir, const DotOptions& options) {
  auto p = plan_source(kir, "test.kir");
  return emit_task_graph_dot(p->plan, "test.kir", "9.9.9", options);
}

// The id of the node whose label starts with `label` (the first line of a
// label, or all of it), or "" when none does.
inline std::string id_of(const std::string& dot, const std::string& label) {
  std::regex node(R"(\n *([A-Za-z0-9_]+) \[label=")");
  for (std::sregex_iterator it(dot.begin(), dot.end(), node), end; it != end; ++it) {
    size_t at = static_cast<size_t>(it->position(0) + it->length(0));
    if (dot.compare(at, label.size(), label) == 0) return (*it)[1];
  }
  return "";
}

// Nodes drawn (the graph's own label is not one).
inline size_t node_count(const std::string& dot) {
  std::regex node(R"(\n *(?!graph )[A-Za-z0-9_]+ \[label=)");
  return static_cast<size_t>(
      std::distance(std::sregex_iterator(dot.begin(), dot.end(), node), std::sregex_iterator()));
}

}  // namespace taskc::test

#endif  // TASKC_COMPILER_DOT_TEST_SUPPORT_H
