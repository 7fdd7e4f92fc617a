// The passes over the task graph (dot_passes.h): "may overlap" edges
// between views of one buffer and their bounds, --collapse, --focus and
// --rankdir, on small programs whose every node is known.
#include "dot_passes.h"

#include <catch2/catch.hpp>

#include "dot_test_support.h"

using namespace taskc;
using namespace taskc::test;

namespace {

const char* const kOverlapEdge =
    "[label=\"may overlap\", style=dotted, dir=none, color=darkorange, "
    "fontcolor=darkorange, weight=0]";

// A KV-cache slot written, then read back with what came before it.
const char* const kCacheProgram = R"(module cache;
dim ROWS;
kernel aiv put(in row: Tensor[[1, 64], FP32], out slot: Tensor[[1, 64], FP32]);
kernel aiv get(in rows: Tensor[[?, 64], FP32], out o: Tensor[[?, 64], FP32]);
orchestration o(in new_row: Tensor[[1, 64], FP32], inout key_cache: Tensor[[ROWS, 64], FP32],
                out y: Tensor[[ROWS, 64], FP32], out z: Tensor[[2, 64], FP32],
                pos: Scalar[INDEX]) {
  let slot = tensor.slice(key_cache, [1, 64], [pos, 0]);
  call put(new_row, slot);
  let seen = tensor.slice(key_cache, [pos + 1, 64], [0, 0]);
  call get(seen, tensor.slice(y, [pos + 1, 64], [0, 0]));
  call get(seen, tensor.slice(y, [pos + 1, 64], [0, 0]));
  let later = tensor.slice(key_cache, [4, 64], [pos + 1, 0]);
  call get(later, tensor.slice(y, [4, 64], [pos + 1, 0]));
  let head = tensor.slice(key_cache, [2, 64], [0, 0]);
  call get(head, z);
  call get(key_cache, y);
}
)";

}  // namespace

TEST_CASE("views of one buffer that may overlap are linked once", "[emit_dot]") {
  std::string dot = graph(kCacheProgram);
  check_well_formed(dot);
  std::string slot = id_of(dot, "slot\\n");
  std::string seen = id_of(dot, "seen\\n");
  std::string later = id_of(dot, "later\\n");
  std::string head = id_of(dot, "head\\n");
  REQUIRE(!slot.empty());
  REQUIRE(!seen.empty());
  // The written slot may lie in the rows read back: one edge, however many
  // tasks read them.
  CHECK(has(dot, slot + " -> " + seen + " " + kOverlapEdge));
  CHECK(has(dot, slot + " -> " + head + " " + kOverlapEdge));
  // The two tasks reading seen write rows 0..pos of y through two views
  // of their own: those are the same rows.
  std::string y_seen = id_of(dot, "tensor.slice(y, [pos + 1, 64], [0, 0])");
  std::string y_later = id_of(dot, "tensor.slice(y, [4, 64], [pos + 1, 0])");
  REQUIRE(!y_seen.empty());
  REQUIRE(!y_later.empty());
  CHECK(y_seen == "tensor2");  // and tensor3, the second task's
  CHECK(has(dot, "tensor2 -> tensor3 " + std::string(kOverlapEdge)));
  CHECK(count(dot, "may overlap") == 3);
  // Not drawn: later starts right after the slot and after seen (disjoint),
  // head and seen are only read, a view and its buffer are linked by the
  // slice edge, and a view never with itself; the y views written at rows
  // 0..pos and from pos + 1 on are disjoint.
  CHECK_FALSE(has(dot, later + " [label=\"may"));
  CHECK_FALSE(has(dot, "-> " + later + " [label=\"may"));
  CHECK_FALSE(has(dot, seen + " -> " + head + " [label=\"may"));
  CHECK_FALSE(has(dot, "entry1 -> " + slot + " [label=\"may"));
  CHECK_FALSE(has(dot, "-> " + y_later + " [label=\"may"));
  CHECK_FALSE(has(dot, "  " + y_later + " -> "));
}

TEST_CASE("a buffer with too many views gets a note instead of overlap edges",
          "[emit_dot]") {
  const size_t max_views = taskc::dot::kMaxOverlapViews;
  std::string body;
  for (size_t i = 0; i <= max_views; ++i) {
    body += "  call put(tensor.slice(buf, [1], [s + " + std::to_string(i) + " * s]));\n";
  }
  std::string dot = graph(R"(module many;
dim N;
kernel aiv put(out t: Tensor[[1], FP32]);
orchestration o(out buf: Tensor[[N], FP32], s: Scalar[INDEX]) {
)" + body + "}\n");
  check_well_formed(dot);
  CHECK_FALSE(has(dot, "may overlap"));
  CHECK(has(dot, "xlabel=\"" + std::to_string(max_views + 1) +
                     " views: overlaps not drawn\""));
  // One view fewer: every pair is drawn.
  body = body.substr(body.find('\n') + 1);
  dot = graph(R"(module many;
dim N;
kernel aiv put(out t: Tensor[[1], FP32]);
orchestration o(out buf: Tensor[[N], FP32], s: Scalar[INDEX]) {
)" + body + "}\n");
  CHECK(count(dot, "may overlap") == max_views * (max_views - 1) / 2);
}

TEST_CASE("overlap edges stop at a bound for the whole graph, a buffer at a time",
          "[emit_dot]") {
  const size_t per_buffer = taskc::dot::kMaxOverlapViews;
  const size_t pairs = per_buffer * (per_buffer - 1) / 2;
  const size_t buffers = taskc::dot::kMaxOverlapEdges / pairs + 1;
  std::string body;
  for (size_t b = 0; b < buffers; ++b) {
    std::string name = "buf" + std::to_string(b);
    body += "  let " + name + " = tensor.create([4096], FP32);\n";
    for (size_t i = 0; i < per_buffer; ++i) {
      body += "  call put(tensor.slice(" + name + ", [1], [s + " + std::to_string(i) +
              " * s]));\n";
    }
  }
  std::string dot = graph(R"(module bounded;
kernel aiv put(out t: Tensor[[1], FP32]);
orchestration o(s: Scalar[INDEX]) {
)" + body + "}\n");
  check_well_formed(dot);
  // Every buffer but the last fits; the last one's edges would not.
  CHECK(count(dot, "may overlap") == (buffers - 1) * pairs);
  CHECK(count(dot, "views: overlaps not drawn") == 1);
  std::string last = "buf" + std::to_string(buffers - 1);
  size_t at = dot.find("label=\"" + last + "\\n");
  REQUIRE(at != std::string::npos);
  std::string line = dot.substr(at, dot.find('\n', at) - at);
  CHECK(has(line, ", xlabel=\"" + std::to_string(per_buffer) + " views: overlaps not drawn\"]"));
}

namespace {

const char* const kFoldProgram = R"(module folds;
dim N;
kernel aiv k(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]);
kernel aiv acc(inout a: Tensor[[N], FP32]);
orchestration o(in x: Tensor[[N], FP32], out y: Tensor[[N], FP32], flag: Scalar[BOOL]) {
  let t = tensor.create([N], FP32);
  call k(x, t);
  for i in range(4) {
    let u = tensor.create([N], FP32);
    call k(x, u);
    call k(x, u);
    for j in range(2) {
      call acc(t);
    }
  }
  scope {
    call k(t, y);
    for i2 in range(2) {
      call acc(y);
    }
  }
  if flag {
    call acc(y);
  } else {
    call k(x, y);
  }
}
)";

}  // namespace

TEST_CASE("--collapse loops: each outermost loop is one node", "[emit_dot]") {
  DotOptions options;
  options.collapse = DotCollapse::kLoops;
  std::string full = graph(kFoldProgram);
  std::string dot = graph_with(kFoldProgram, options);
  check_well_formed(dot);
  std::string loop = id_of(dot, "for i in range(4)");
  REQUIRE(!loop.empty());
  CHECK(has(dot, loop + " [label=\"for i in range(4)\\ntrip count: 4\\n3 tasks\", "
                        "shape=box3d, style=dashed, color=gray30]"));
  // Its tasks, the inner loop and the tensor created inside are gone; the
  // edges from x are one edge, the INOUT of t is one edge.
  CHECK_FALSE(has(dot, "for j in"));
  CHECK_FALSE(has(dot, "task1 ["));
  CHECK_FALSE(has(dot, "label=\"u\\n"));
  CHECK(count(dot, "entry0 -> " + loop + " [label=\"IN\"]") == 1);
  CHECK(count(dot, " -> " + loop + " [label=\"INOUT\", dir=both]") == 1);
  // The loop inside the scope folds there; scope and branches stay.
  std::string inner = id_of(dot, "for i2 in range(2)");
  CHECK(has(dot, "    " + inner + " [label=\"for i2 in range(2)\\ntrip count: 2\\n1 task\""));
  CHECK(has(dot, "label=\"scope\"; style=rounded"));
  CHECK(has(dot, "label=\"if flag\""));
  CHECK(has(dot, "\\nloops collapsed\""));
  // The outer loop's u, tasks 1 to 3 become one node; the inner loop's
  // task 5 becomes one node.
  CHECK(node_count(dot) + 3 == node_count(full));
}

TEST_CASE("--collapse scopes: every outermost scope, loop and branch is one node",
          "[emit_dot]") {
  DotOptions options;
  options.collapse = DotCollapse::kScopes;
  std::string dot = graph_with(kFoldProgram, options);
  check_well_formed(dot);
  CHECK(count(dot, "subgraph cluster_") == 0);
  CHECK(has(dot, "[label=\"scope\\n2 tasks\", shape=box3d, color=steelblue]"));
  CHECK(has(dot, "[label=\"if flag\\n1 task\", shape=box3d, color=darkgoldenrod]"));
  CHECK(has(dot, "[label=\"else\\n1 task\", shape=box3d, color=darkgoldenrod]"));
  CHECK(has(dot, "\\n3 tasks\", shape=box3d, style=dashed"));
  CHECK(has(dot, "task0 [label=\"task 0: k"));
  // The scope's tasks write y: one OUT edge from the folded scope.
  std::string scope = id_of(dot, "scope\\n");
  CHECK(has(dot, scope + " -> entry1 [label=\"OUT\"]"));
  CHECK(has(dot, "\\nscopes collapsed\""));
}

TEST_CASE("--focus: the neighbourhood of a tensor or a kernel", "[emit_dot]") {
  auto p = plan_source(kVectorExample, "v.kir");
  CHECK(dot_focus_names(p->plan) ==
        std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "kernel_add",
                                 "kernel_add_scalar", "kernel_mul"});
  DotOptions options;
  options.focus = "d";
  std::string dot = emit_task_graph_dot(p->plan, "v.kir", "9.9.9", options);
  check_well_formed(dot);
  // The tasks that touch d (task 1 writes it, task 3 reads it) and what
  // they touch: c, d, e, g.
  CHECK(has(dot, "  task1 ["));
  CHECK(has(dot, "  task3 ["));
  for (const char* gone : {"task0 [", "task2 [", "task4 [", "entry0 [", "entry2 ["}) {
    CHECK_FALSE(has(dot, gone));
  }
  for (const char* kept : {"label=\"c\\n", "label=\"d\\n", "label=\"e\\n", "label=\"g\\n"}) {
    CHECK(has(dot, kept));
  }
  CHECK(has(dot, "\\nfocus on d\""));
  options.focus = "kernel_mul";
  dot = emit_task_graph_dot(p->plan, "v.kir", "9.9.9", options);
  CHECK(node_count(dot) == 4);  // task 3 and d, e, g
  CHECK(has(dot, "  task3 ["));
}

TEST_CASE("--focus on a buffer takes its views; on a kernel, its group's tasks",
          "[emit_dot]") {
  DotOptions options;
  options.focus = "key_cache";
  std::string dot = graph_with(kCacheProgram, options);
  check_well_formed(dot);
  // Every task touches a view of key_cache: all are kept; z and the y views
  // are what they touch.
  for (int i = 0; i < 6; ++i) CHECK(has(dot, "  task" + std::to_string(i) + " ["));
  CHECK(has(dot, "may overlap"));
  options.focus = "slot";
  dot = graph_with(kCacheProgram, options);
  CHECK(has(dot, "  task0 ["));
  CHECK_FALSE(has(dot, "  task1 ["));
  // The slot still shows whose memory it is.
  CHECK(has(dot, "entry1 -> " + id_of(dot, "slot\\n") + " [label=\"slice\""));
  const char* lanes = R"(module lanes;
dim N;
kernel aic cube(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]);
kernel aiv vec(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]);
group both(in a: Tensor[[N], FP32], out b: Tensor[[N], FP32]) { aic cube; aiv vec; }
orchestration o(in x: Tensor[[N], FP32], out y: Tensor[[N], FP32], out w: Tensor[[N], FP32]) {
  call both(x, y);
  call vec(x, w);
  call cube(y, w);
}
)";
  options.focus = "cube";
  dot = graph_with(lanes, options);
  CHECK(has(dot, "  task0 ["));
  CHECK_FALSE(has(dot, "  task1 ["));
  CHECK(has(dot, "  task2 ["));
}

TEST_CASE("--rankdir LR lays the graph out left to right; views combine", "[emit_dot]") {
  DotOptions options;
  options.left_to_right = true;
  std::string dot = graph_with(kFoldProgram, options);
  CHECK(has(dot, ", newrank=true, rankdir=LR];"));
  CHECK_FALSE(has(graph(kFoldProgram), "rankdir"));
  // Focus, then fold: the loop's count is what the focus kept.
  options.focus = "u";
  options.collapse = DotCollapse::kLoops;
  dot = graph_with(kFoldProgram, options);
  check_well_formed(dot);
  CHECK(has(dot, "trip count: 4\\n2 tasks\""));
  CHECK(has(dot, "\\nfocus on u, loops collapsed\""));
}
