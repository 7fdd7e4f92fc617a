// Which later statements name what a statement declares: what decides
// where a part of a long block may end (emit_cpp_parts.cc).
#include "emit_cpp_names.h"

#include <catch2/catch.hpp>

#include "plan_test_support.h"

using namespace taskc;
using namespace taskc::test;

namespace {

const char* const kProgram = R"kir(module m;
dim N;
kernel aiv fill(out o: Tensor[[1], FP32], v: Scalar[INT32]);
kernel aiv use(inout a: Tensor[[1], FP32]);
orchestration o(inout a: Tensor[[N], FP32], n: Scalar[INDEX]) {
  let v = tensor.slice(a, [1], [n]);
  let c = tensor.create([1], FP32);
  let id = call fill(c, 1);
  call use(tensor.slice(a, [1], [n + 1]));
  for i in range(2) {
    call use(v);
  }
  call use(c, deps = [id]);
  var w = call use(a);
  w = call use(a);
}
)kir";

// The index of the block's first node of payload type T after `from`.
template <typename T>
size_t index_of(const std::vector<PlanNode>& nodes, size_t from = 0) {
  for (size_t i = from; i < nodes.size(); ++i) {
    if (nodes[i].get<T>()) return i;
  }
  FAIL("no such node");
  return 0;
}

}  // namespace

TEST_CASE("a declaration's last use is the last statement that names it, nested ones too") {
  auto p = plan_source(kProgram);
  const std::vector<PlanNode>& nodes = p->plan.body.nodes;
  BlockNames names = block_names(p->plan, nodes);
  REQUIRE(names.fixed_last.size() == nodes.size());
  // `v` (a view) is named inside the loop: its statement reaches the loop.
  size_t view = index_of<PlanTensorDecl>(nodes);
  size_t loop = index_of<PlanFor>(nodes);
  CHECK(names.fixed_last[view] == loop);
  // `c`'s create-info is named by the task that allocates it.
  size_t create = index_of<PlanCreateInfo>(nodes);
  size_t fill = index_of<PlanTask>(nodes, create);
  CHECK(names.fixed_last[create] == fill);
  // A loop declares nothing its block sees.
  CHECK(names.fixed_last[loop] == loop);
  // The task's results: named first and last by `use(c, deps = [id])`.
  size_t use_c = index_of<PlanTask>(nodes, loop + 1);
  CHECK(names.uses("c").first == use_c);
  CHECK(names.uses("c").last == use_c);
  CHECK(names.uses("id").last == use_c);
  CHECK(names.fixed_last[fill] == fill);
  // A `var` id is one variable: assigned later, its statement reaches there.
  size_t var = index_of<PlanTask>(nodes, use_c + 1);
  CHECK(names.result_uses.count("w") == 0);
  CHECK(names.fixed_last[var] == nodes.size() - 1);
  // Sizes: a task counts more than a plain statement.
  CHECK(names.bytes[fill] > names.bytes[create]);
}
