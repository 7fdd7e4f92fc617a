#include "emit_dot.h"

#include <catch2/catch.hpp>

#include "plan_test_support.h"

using namespace taskc;
using namespace taskc::test;

TEST_CASE("placeholder") {
  auto p = plan_source(kVectorExample, "vector_example.kir");
  CHECK_FALSE(emit_task_graph_dot(p->plan, "vector_example.kir", "9.9.9").empty());
}
