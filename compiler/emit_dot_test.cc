// The task graph in DOT: nodes, edges and clusters for every plan shape,
// label escaping (no input text can leave its string), determinism.
#include "emit_dot.h"

#include <catch2/catch.hpp>

#include <cctype>
#include <cstdlib>
#include <map>
#include <regex>

#include "compiler_test_config.h"
#include "dot_test_support.h"

using namespace taskc;
using namespace taskc::test;

namespace {

// The text taskc means to show for `bytes`: printable ASCII as is, any other
// byte as the four characters \xHH.
std::string display(const std::string& bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f) {
      out += ch;
    } else {
      out += std::string("\\x") + kHex[c >> 4] + kHex[c & 0xF];
    }
  }
  return out;
}

// Graphviz's reading of a string, as its documentation describes escString
// and as Graphviz 2.43 and later behave (Graphviz itself checks this model
// below, when `dot` is installed). An object name (\N, \G, \E, \T, \H, \L)
// shows as "<N>" etc., so that any substitution is seen.
std::string decode_entities(const std::string& text) {
  static const std::map<std::string, std::string> kNamed = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    size_t semi = text.find(';', i);
    if (text[i] == '&' && semi != std::string::npos && semi - i <= 8) {
      std::string name = text.substr(i + 1, semi - i - 1);
      if (kNamed.count(name)) {
        out += kNamed.at(name);
        i = semi;
        continue;
      }
      if (name.size() > 1 && name[0] == '#' &&
          name.find_first_not_of("0123456789", 1) == std::string::npos) {
        out += static_cast<char>(std::stoi(name.substr(1)));
        i = semi;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// One pass over backslash escapes: an object name becomes "<X>"; `\\`
// becomes `\` when `collapse`; anything else is passed to `other`.
template <typename Other>
std::string unescape(const std::string& text, bool collapse, Other other) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    char e = text[++i];
    if (std::string("NGETHL").find(e) != std::string::npos) {
      out += std::string("<") + e + ">";
    } else if (e == '\\' && collapse) {
      out += '\\';
    } else {
      out += other(e);
    }
  }
  return out;
}

std::string graphviz_shows(const std::string& body, DotString where) {
  std::string value;  // the DOT scanner: \" is a quote, \\ stays a pair
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size() && (body[i + 1] == '"' || body[i + 1] == '\\')) {
      value += body[i + 1] == '"' ? "\"" : "\\\\";
      ++i;
    } else {
      value += body[i];
    }
  }
  auto keep = [](char e) { return std::string("\\") + e; };
  auto lines = [](char e) {  // a label's line breaks
    return e == 'n' || e == 'l' || e == 'r' ? std::string("\n") : std::string(1, e);
  };
  if (where == DotString::kLabel) {
    std::string named = unescape(value, false, keep);
    return unescape(decode_entities(named), true, lines);
  }
  // A tooltip: entities, line breaks (dropping any other backslash), names.
  std::string text = decode_entities(value), broken;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      broken += text[i];
    } else if (i + 1 < text.size()) {
      char e = text[++i];
      broken += e == 'n' || e == 'l' ? '\n' : e == 'r' ? '\r' : e;
    }
  }
  return unescape(broken, true, keep);
}

// The bodies of every `attribute="..."` in `dot`.
std::vector<std::string> attribute_bodies(const std::string& dot, const std::string& attribute) {
  std::vector<std::string> out;
  std::string key = attribute + "=\"";
  for (size_t at = dot.find(key); at != std::string::npos; at = dot.find(key, at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(dot[at - 1]))) continue;
    size_t i = at + key.size();
    std::string body;
    for (; i < dot.size() && dot[i] != '"'; ++i) {
      if (dot[i] == '\\' && i + 1 < dot.size()) body += dot[i++];
      body += dot[i];
    }
    out.push_back(body);
  }
  return out;
}

// Text of an SVG attribute or element as Graphviz writes it, unescaped (it
// writes the second of two spaces as &#160;, which shows as a space).
std::string svg_text(std::string text) {
  for (size_t at = text.find("&#160;"); at != std::string::npos; at = text.find("&#160;")) {
    text.replace(at, 6, " ");
  }
  return decode_entities(text);
}

}  // namespace

TEST_CASE("dot_escape keeps every input inside its string", "[emit_dot]") {
  for (DotString where : {DotString::kLabel, DotString::kTooltip}) {
    CHECK(dot_escape("plain/path.cpp", where) == "plain/path.cpp");
    CHECK(dot_escape("a\"b", where) == "a\\\"b");
    CHECK(dot_escape("a&b", where) == "a&amp;b");
    CHECK(dot_escape("&amp;", where) == "&amp;amp;");
  }
  const DotString label = DotString::kLabel, tooltip = DotString::kTooltip;
  CHECK(dot_escape("a\\b", label) == "a\\\\b");
  CHECK(dot_escape("\\", label) == "\\\\");  // cannot escape the closing quote
  CHECK(dot_escape("a\nb\r\t", label) == "a\\\\x0ab\\\\x0d\\\\x09");
  CHECK(dot_escape("\x7f", label) == "\\\\x7f");
  CHECK(dot_escape("\xc3\xa9", label) == "\\\\xc3\\\\xa9");
  CHECK(dot_escape(std::string("a\0b", 3), label) == "a\\\\x00b");
  // Graphviz escapes like \N, \G and \l are shown, not interpreted.
  CHECK(dot_escape("\\N\\l", label) == "\\\\N\\\\l");
  // A tooltip is unescaped twice: four backslashes show one.
  CHECK(dot_escape("a\\b", tooltip) == "a\\\\\\\\b");
  CHECK(dot_escape("\\N\\l", tooltip) == "\\\\\\\\N\\\\\\\\l");
  CHECK(dot_escape("\\\"", tooltip) == "\\\\\\\\\\\"");
  CHECK(dot_escape("\xc3", tooltip) == "\\\\\\\\xc3");
}

TEST_CASE("vector_example: tasks, tensors, IN/OUT edges, a scope", "[emit_dot]") {
  std::string dot = graph(kVectorExample, "vector_example.kir");
  check_well_formed(dot);
  CHECK(dot.rfind("// Generated by taskc 9.9.9 from vector_example.kir.", 0) == 0);
  CHECK(has(dot, "digraph taskc {"));
  CHECK(has(dot, "vector_example.kir: orchestration vector_example (module "
                 "vector_example, target a2a3)"));
  for (int i = 0; i < 5; ++i) CHECK(has(dot, "  task" + std::to_string(i) + " ["));
  CHECK(has(dot, "label=\"task 0: kernel_add\\naiv\\nline 19\""));
  CHECK(has(dot, "entry0 [label=\"a\\nin Tensor[[N], FP32]\""));
  CHECK(has(dot, "entry2 [label=\"f\\nout Tensor[[N], FP32]\""));
  CHECK(has(dot, "label=\"c\\ntensor.create([N], FP32)\""));
  CHECK(has(dot, "entry0 -> task0 [label=\"IN\"]"));
  CHECK(has(dot, "task0 -> tensor0 [label=\"OUT\"]"));
  CHECK(has(dot, "task4 -> entry2 [label=\"OUT\"]"));
  CHECK(count(dot, "subgraph cluster_") == 1);
  CHECK(has(dot, "label=\"scope\"; style=rounded"));
  CHECK(has(dot, "tooltip=\"kernel_add: kernels/aiv/kernel_add.cpp\""));
  // Deterministic.
  CHECK(graph(kVectorExample, "vector_example.kir") == dot);
}

TEST_CASE("loops are drawn once with their trip count", "[emit_dot]") {
  std::string dot = graph(R"(module loops;
dim N;
kernel aiv k(inout t: Tensor[[N], FP32]);
orchestration o(inout x: Tensor[[N], FP32], step: Scalar[INDEX]) {
  for i in range(N) { call k(x); }
  for j in range(2, N, 4) { call k(x); }
  for d in range(N, 0, -2) { call k(x); }
  for c in range(3, 10, 3) { call k(x); }
  var stop = N;
  for r in range(0, stop, step) { stop = stop - 1; call k(x); }
  for e in range(N) { let unused = tensor.create([4], FP32); }
}
)");
  check_well_formed(dot);
  CHECK(has(dot, "label=\"for i in range(N)\\ntrip count: N\""));
  CHECK(has(dot, "label=\"for j in range(2, N, 4)\\ntrip count: max(0, (N - 2 + 3) // 4)\""));
  CHECK(has(dot, "label=\"for d in range(N, 0, -2)\\ntrip count: max(0, (N + 1) // 2)\""));
  CHECK(has(dot, "label=\"for c in range(3, 10, 3)\\ntrip count: 3\""));
  // The stop was read once into a planner temporary; the label shows it.
  CHECK(has(dot, "label=\"for r in range(0, stop, step)\\ntrip count: ceil((stop - 0) / "
                 "step), 0 when the step is 0\""));
  // One task node per call site; the loop without tasks or used tensors is
  // left out, and so is its unused tensor.
  CHECK(count(dot, "subgraph cluster_") == 5);
  CHECK_FALSE(has(dot, "for e in"));
  CHECK_FALSE(has(dot, "unused"));
  CHECK(has(dot, "entry0 -> task0 [label=\"INOUT\", dir=both]"));
}

TEST_CASE("if branches, manual scopes with deps, views and writes", "[emit_dot]") {
  std::string dot = graph(R"(module control;
dim N;
kernel aiv produce(out t: Tensor[[4], FP32]);
kernel aiv consume(in a: Tensor[[?], FP32], out b: Tensor[[4], FP32]);
kernel aiv fill(out c: Tensor[[N], INT32]);
orchestration o(in x: Tensor[[N], FP32], out y: Tensor[[N], FP32],
                out z: Tensor[[N], INT32], flag: Scalar[BOOL], mode: Scalar[INT32]) {
  let tile = tensor.slice(x, [4], [0]);
  if flag {
    call consume(tile, tensor.slice(y, [4], [0]));
  } elif mode > 2 and not flag {
    call consume(nodep tensor.reshape(x, [N]), tensor.slice(y, [4], [4]));
  } else {
    tensor.write(z, [0], 7);
  }
  call fill(z);
  scope manual {
    let buf = tensor.create([4], FP32);
    let t1 = call produce(buf);
    let t2 = call consume(buf, tensor.slice(y, [4], [8]), deps = [t1]);
    let alias = t2;
    call consume(buf, tensor.slice(y, [4], [12]), deps = [alias, t1]);
  }
}
)");
  check_well_formed(dot);
  CHECK(has(dot, "label=\"if flag\""));
  CHECK(has(dot, "label=\"elif mode > 2 and not flag\""));
  CHECK(has(dot, "label=\"else\""));
  CHECK(has(dot, "label=\"scope manual\"; style=\"rounded,bold\""));
  // A named view and an inline one, each with a dotted edge from its base.
  CHECK(has(dot, "label=\"tile\\ntensor.slice(x, [4], [0])\", shape=ellipse, style=dashed"));
  CHECK(has(dot, "label=\"tensor.slice(y, [4], [0])\", shape=ellipse, style=dashed"));
  CHECK(has(dot, "entry0 -> tensor0 [label=\"slice\""));
  CHECK(has(dot, "label=\"tensor.reshape(x, [N])\""));
  CHECK(has(dot, "[label=\"IN nodep\", style=dotted]"));
  // The orchestration's own write, into the entry tensor.
  CHECK(has(dot, "label=\"tensor.write(z, [0], 7)\", shape=note"));
  CHECK(has(dot, "write0 -> entry2 [label=\"write\"]"));
  // Manual dependencies, through a task id alias too.
  CHECK(has(dot, "label=\"task 3: produce\\naiv\\nlet t1\\nline 19\""));
  CHECK(has(dot, "task3 -> task4 [style=dashed, color=firebrick]"));
  CHECK(has(dot, "task4 -> task5 [style=dashed, color=firebrick]"));
  CHECK(has(dot, "task3 -> task5 [style=dashed, color=firebrick]"));
}

TEST_CASE("task ids carried by vars: dashed edges, loop-carried ones labelled",
          "[emit_dot]") {
  std::string dot = graph(R"(module carried;
dim N;
kernel aiv load(out b: Tensor[[N], FP32]);
kernel aiv step(in b: Tensor[[N], FP32], inout acc: Tensor[[N], FP32]);
orchestration o(inout acc: Tensor[[N], FP32], n: Scalar[INDEX]) {
  var prev: TaskId = none;
  var ids: TaskId[2] = none;
  scope manual {
    for i in range(n) {
      let b = tensor.create([N], FP32);
      ids[i % 2] = call load(b);
      prev = call step(b, acc, deps = [ids[i % 2], prev]);
    }
  }
  call step(acc, acc, deps = [prev]);
}
)");
  check_well_formed(dot);
  CHECK(has(dot, "assigns ids[i % 2]"));
  CHECK(has(dot, "assigns prev"));
  // The load of this iteration, through the array: named by it.
  CHECK(has(dot, "task0 -> task1 [label=\"ids\", style=dashed, color=firebrick]"));
  // step of iteration i waits for step of iteration i - 1.
  CHECK(has(dot, "task1 -> task1 [label=\"prev (previous iteration)\", style=dashed, "
                 "color=firebrick, constraint=false]"));
  // After the loop: the last step.
  CHECK(has(dot, "task1 -> task2 [label=\"prev\", style=dashed, color=firebrick]"));
}

TEST_CASE("groups and dual_aiv kernels show their lanes; blocks is shown", "[emit_dot]") {
  std::string dot = graph(R"(module lanes;
dim N;
kernel aic cube(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]);
@dual_aiv
kernel aiv vec(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]);
kernel aiv vec1(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]);
group both(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]) { aic cube; aiv vec; }
group single(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]) { aic cube; aiv vec1; }
orchestration o(in x: Tensor[[N], FP32], out y: Tensor[[N], FP32], n: Scalar[INDEX]) {
  call both(x, y, blocks = 4);
  call single(x, y, blocks = n * 2, sync_start = true);
  call vec(x, y);
  call cube(x, y);
}
)");
  check_well_formed(dot);
  CHECK(has(dot, "task 0: both (group)\\naic cube | aiv0 vec | aiv1 vec\\nblocks = 4"));
  CHECK(has(dot, "task 1: single (group)\\naic cube | aiv0 vec1\\nblocks = n * 2\\n"
                 "sync_start = true"));
  CHECK(has(dot, "task 2: vec\\naiv0 + aiv1 (dual_aiv)"));
  CHECK(has(dot, "task 3: cube\\naic\\n"));
  CHECK(has(dot, "fillcolor=thistle"));
  CHECK(has(dot, "fillcolor=lightblue"));
}

TEST_CASE("hostile @source paths, input names and DOT keywords as names", "[emit_dot]") {
  const std::string source = R"(module node;
dim N;
@source("a\"b\\c}; x -> y [label=\"\\N\"] /* // \xc3\xa9")
kernel aiv edge(in graph: Tensor[[N], FP32], out subgraph: Tensor[[N], FP32]);
orchestration digraph(in strict: Tensor[[N], FP32], out node_out: Tensor[[N], FP32]) {
  let edge_t = tensor.create([N], FP32);
  call edge(strict, edge_t);
  call edge(edge_t, node_out);
}
)";
  std::string input = "dir/in\"}\n{\\x.kir";
  std::string dot = graph(source, input);
  check_well_formed(dot);
  // One line of header comment; the name is shown, escaped.
  CHECK(dot.substr(0, dot.find('\n')) ==
        "// Generated by taskc 9.9.9 from dir/in\"}\\x0a{\\x5cx.kir. Task graph.");
  CHECK(has(dot, "label=\"dir/in\\\"}\\\\x0a{\\\\x.kir: orchestration digraph (module node,"));
  CHECK(has(dot, "tooltip=\"edge: a\\\"b\\\\\\\\c}; x -> y [label=\\\"\\\\\\\\N\\\"] /* // "
                 "\\\\\\\\xc3\\\\\\\\xa9\""));
  // Ids are generated, never names: the DOT keywords only appear in labels.
  CHECK(has(dot, "entry0 [label=\"strict\\nin Tensor[[N], FP32]\""));
  CHECK(count(dot, "[label=\"IN\"]") == 2);
  CHECK(count(dot, "[label=\"OUT\"]") == 2);
}

TEST_CASE("labels and tooltips show exactly the bytes they came from", "[emit_dot]") {
  // Graphviz escapes and entities, backslashes before quotes and at the end.
  const std::vector<std::string> hostile = {
      "\\N", "\\G", "\\T", "\\H", "\\E", "\\L", "\\l", "\\r", "\\n", "a\\\\b",
      "end\\", "\\\"q\"", "&amp;", "&#92;", "&lt;b&gt;", "a&b", "&", "x\\&amp;y",
      "\\\\N", "caf\xc3\xa9", "{x|y}<p>", "dir\\x5cN/k.cpp"};
  // One kernel per string, each named by its @source (a tooltip); the input
  // name is in the title (a label).
  std::string kir = "module m;\ndim N;\n";
  std::string body;
  for (size_t i = 0; i < hostile.size(); ++i) {
    std::string hex;
    for (unsigned char c : hostile[i]) {
      static const char kHex[] = "0123456789abcdef";
      hex += std::string("\\x") + kHex[c >> 4] + kHex[c & 0xF];
    }
    std::string k = "k" + std::to_string(i);
    kir += "@source(\"" + hex + "\")\nkernel aiv " + k + "(inout a: Tensor[[N], FP32]);\n";
    body += "  call " + k + "(a);\n";
  }
  kir += "orchestration o(inout a: Tensor[[N], FP32]) {\n" + body + "}\n";
  auto p = plan_source(kir);
  std::vector<std::string> inputs = hostile;
  inputs.push_back("tab\there\nline.kir");
  const bool have_dot = std::system("command -v dot > /dev/null 2>&1") == 0;
  if (!have_dot) WARN("Graphviz 'dot' not found: checked against the model only");
  ScratchDir dir("taskc-emit-dot-test");
  for (size_t n = 0; n < inputs.size(); ++n) {
    const std::string& input = inputs[n];
    INFO("input name " << display(input));
    std::string dot = emit_task_graph_dot(p->plan, input, "9.9.9");
    check_well_formed(dot);
    std::set<std::string> tooltips, labels;
    for (const std::string& b : attribute_bodies(dot, "tooltip")) {
      tooltips.insert(graphviz_shows(b, DotString::kTooltip));
    }
    for (const std::string& b : attribute_bodies(dot, "label")) {
      std::string shown = graphviz_shows(b, DotString::kLabel);
      std::istringstream lines(shown);
      for (std::string line; std::getline(lines, line);) labels.insert(line);
    }
    std::string title = display(input) + ": orchestration o (module m";
    auto has_title = [&](const std::set<std::string>& lines) {
      return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
        return l.rfind(title, 0) == 0;
      });
    };
    CHECK(has_title(labels));
    for (size_t i = 0; i < hostile.size(); ++i) {
      INFO("@source " << display(hostile[i]));
      CHECK(tooltips.count("k" + std::to_string(i) + ": " + display(hostile[i])) == 1);
    }
    if (!have_dot || (n > 0 && n + 1 != inputs.size())) continue;  // dot: two titles
    // What Graphviz really shows: tooltips (xlink:title) and text lines.
    std::filesystem::path file = dir.write("graph.dot", dot);
    std::string svg;
    int status = run_command("dot -Tsvg '" + file.string() + "'", dir.path() / "svg.txt", &svg);
    REQUIRE(status == 0);
    std::set<std::string> svg_titles, svg_lines;
    std::regex title_attr(R"re(xlink:title="([^"]*)")re");
    std::regex text_element(R"re(<text[^>]*>([^<]*)</text>)re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), title_attr);
         it != std::sregex_iterator(); ++it) {
      svg_titles.insert(svg_text((*it)[1]));
    }
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_element);
         it != std::sregex_iterator(); ++it) {
      svg_lines.insert(svg_text((*it)[1]));
    }
    CHECK(has_title(svg_lines));
    for (size_t i = 0; i < hostile.size(); ++i) {
      INFO("@source " << display(hostile[i]));
      CHECK(svg_titles.count("k" + std::to_string(i) + ": " + display(hostile[i])) == 1);
    }
  }
}

TEST_CASE("the Graphviz model reads escapes as Graphviz does", "[emit_dot]") {
  // What the previous escaping wrote for tooltips: object names were
  // substituted.
  CHECK(graphviz_shows("k: \\\\N \\\\l", DotString::kTooltip) == "k: <N> \\l");
  CHECK(graphviz_shows("k: \\l", DotString::kTooltip) == "k: \n");
  CHECK(graphviz_shows("\\\\N \\\\l &amp;", DotString::kLabel) == "\\N \\l &");
  CHECK(graphviz_shows("&amp;amp;", DotString::kLabel) == "&amp;");
  CHECK(graphviz_shows("a\\nb", DotString::kLabel) == "a\nb");
  CHECK(graphviz_shows("a\\nb", DotString::kTooltip) == "a\nb");
  CHECK(graphviz_shows("\\\\\\\\N", DotString::kTooltip) == "\\N");
}

TEST_CASE("every valid testdata program gives a well-formed graph", "[emit_dot]") {
  const char* const programs[] = {
      "activation_control_flow", "dims_consts_aliases", "dual_aiv_direct_call",
      "grad_accumulate", "kv_cache_update", "manual_scope_deps", "matmul_single",
      "mixed_group_dual_aiv", "moe_dispatch_tensor_write", "nested_scopes_pipeline",
      "paged_attention", "rank5_mx_quant", "scalar_only_kernels", "spmd_row_softmax",
      "tiled_matmul_a5", "vector_example"};
  for (const char* name : programs) {
    INFO(name);
    std::filesystem::path path = std::filesystem::path(TASKC_SOURCE_ROOT) / "testdata" /
                                 "valid" / (std::string(name) + ".kir");
    auto p = plan_source(read_file(path), std::string(name) + ".kir");
    std::string dot = emit_task_graph_dot(p->plan, std::string(name) + ".kir", "9.9.9");
    check_well_formed(dot);
    // One node per task site.
    std::regex task_node(R"(\n *task[0-9]+ \[)");
    auto tasks = std::distance(std::sregex_iterator(dot.begin(), dot.end(), task_node),
                               std::sregex_iterator());
    CHECK(tasks == p->plan.task_count);
  }
}

TEST_CASE("the structural check itself finds broken DOT", "[emit_dot]") {
  CHECK(structure_problem("digraph {\n  a [label=\"x\"];\n}\n") == "");
  CHECK(structure_problem("digraph {\n  a [label=\"x\n\"];\n}\n") != "");
  CHECK(structure_problem("digraph {\n  a [label=\"x\\\"];\n}\n") != "");
  CHECK(structure_problem("digraph {\n  a [label=\"x\"];\n") != "");
  CHECK(structure_problem("digraph {\n  a [label=\"x\"];\n  a -> b [label=\"IN\"];\n}\n") != "");
  CHECK(structure_problem("digraph {\n  a [label=\"\xc3\xa9\"];\n}\n") != "");
}
