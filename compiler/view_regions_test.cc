// View regions in their buffer's coordinates: which views provably share no
// element, and which values may not be cancelled (loops, vars, reads).
#include "view_regions.h"

#include <catch2/catch.hpp>

#include <limits>

#include "plan_test_support.h"

using namespace taskc;
using namespace taskc::test;

namespace {

// A program whose orchestration body is `body`, over an entry tensor `x`
// of [N, 64] FP32 and an INDEX scalar `s`; `use(t)` passes a view to a
// kernel so that it is planned.
std::unique_ptr<Planned> plan_body(const std::string& body) {
  return plan_source(R"(module regions;
dim N;
kernel aiv use(inout t: Tensor[[?, ?], FP32]);
orchestration o(inout x: Tensor[[N, 64], FP32], s: Scalar[INDEX]) {
)" + body + "}\n");
}

TensorId tensor_id(const Planned& p, const std::string& name) {
  for (size_t i = 0; i < p.plan.tensors.size(); ++i) {
    if (p.plan.tensors[i].kir_name == name) return static_cast<TensorId>(i);
  }
  FAIL("no tensor named " << name);
  throw std::logic_error("unreachable");
}

const ViewRegion& region(const Planned& p, const std::vector<ViewRegion>& regions,
                         const std::string& name) {
  return regions.at(static_cast<size_t>(tensor_id(p, name)));
}

// Whether the views named `a` and `b` provably share no element.
bool disjoint(const std::string& body, const std::string& a, const std::string& b) {
  auto p = plan_body(body);
  std::vector<ViewRegion> regions = view_regions(p->plan);
  INFO(body);
  bool forward = provably_disjoint(region(*p, regions, a), region(*p, regions, b));
  CHECK(provably_disjoint(region(*p, regions, b), region(*p, regions, a)) == forward);
  return forward;
}

}  // namespace

TEST_CASE("constant offsets: apart by the extent of the first, or overlapping",
          "[view_regions]") {
  const std::string body = R"(
  let a = tensor.slice(x, [4, 64], [0, 0]);
  let b = tensor.slice(x, [4, 64], [4, 0]);
  let c = tensor.slice(x, [4, 64], [3, 0]);
  let d = tensor.slice(x, [8, 32], [0, 32]);
  call use(a); call use(b); call use(c); call use(d);
)";
  CHECK(disjoint(body, "a", "b"));
  CHECK_FALSE(disjoint(body, "a", "c"));
  CHECK_FALSE(disjoint(body, "b", "c"));
  // d is the right half of rows 0..8: it meets a.
  CHECK_FALSE(disjoint(body, "a", "d"));
  auto p = plan_body(body);
  auto regions = view_regions(p->plan);
  CHECK(region(*p, regions, "d").known);
}

TEST_CASE("values fixed for the run cancel: dims, scalars, lets outside loops",
          "[view_regions]") {
  const std::string body = R"(
  let h = N // 2;
  let lo = tensor.slice(x, [h, 64], [0, 0]);
  let hi = tensor.slice(x, [N - h, 64], [h, 0]);
  let at_s = tensor.slice(x, [2, 64], [s, 0]);
  let after_s = tensor.slice(x, [3, 64], [s + 2, 0]);
  let twice = tensor.slice(x, [1, 64], [2 * s + 7, 0]);
  let twice2 = tensor.slice(x, [1, 64], [s + s + 8, 0]);
  call use(lo); call use(hi); call use(at_s); call use(after_s);
  call use(twice); call use(twice2);
)";
  CHECK(disjoint(body, "lo", "hi"));
  CHECK(disjoint(body, "at_s", "after_s"));
  CHECK(disjoint(body, "twice", "twice2"));
  CHECK_FALSE(disjoint(body, "lo", "at_s"));  // s is unknown
}

TEST_CASE("values that change between views never cancel", "[view_regions]") {
  // One iteration's two tiles are apart, but tile i + 1 of this iteration is
  // tile i of the next: not provably disjoint.
  CHECK_FALSE(disjoint(R"(
  for i in range(4) {
    let t0 = tensor.slice(x, [4, 64], [i * 4, 0]);
    let t1 = tensor.slice(x, [4, 64], [i * 4 + 4, 0]);
    call use(t0); call use(t1);
  }
)", "t0", "t1"));
  // A let inside a loop is a new value each iteration.
  CHECK_FALSE(disjoint(R"(
  for i in range(4) {
    let r = i * 8;
    let t0 = tensor.slice(x, [4, 64], [r, 0]);
    let t1 = tensor.slice(x, [4, 64], [r + 4, 0]);
    call use(t0); call use(t1);
  }
)", "t0", "t1"));
  // A var may change between the two views.
  CHECK_FALSE(disjoint(R"(
  var p = s;
  let t0 = tensor.slice(x, [4, 64], [p, 0]);
  p = p - 4;
  let t1 = tensor.slice(x, [4, 64], [p + 4, 0]);
  call use(t0); call use(t1);
)", "t0", "t1"));
  // Another axis can still tell them apart.
  CHECK(disjoint(R"(
  for i in range(4) {
    let left = tensor.slice(x, [1, 32], [i, 0]);
    let right = tensor.slice(x, [1, 32], [i, 32]);
    call use(left); call use(right);
  }
)", "left", "right"));
}

TEST_CASE("a slice of a slice is placed in the buffer; reshapes keep their region",
          "[view_regions]") {
  const std::string body = R"(
  let upper = tensor.slice(x, [8, 64], [8, 0]);
  let inner = tensor.slice(upper, [4, 64], [0, 0]);
  let first = tensor.slice(x, [8, 64], [0, 0]);
  let flat = tensor.reshape(first, [4, 128]);
  let of_flat = tensor.slice(flat, [1, 128], [3, 0]);
  call use(inner); call use(first); call use(flat); call use(of_flat);
)";
  CHECK(disjoint(body, "inner", "first"));
  // The reshape holds first's elements: apart from inner too.
  CHECK(disjoint(body, "flat", "inner"));
  CHECK_FALSE(disjoint(body, "flat", "first"));
  // A slice of a reshape has coordinates of its own.
  auto p = plan_body(body);
  auto regions = view_regions(p->plan);
  CHECK_FALSE(region(*p, regions, "of_flat").known);
  CHECK_FALSE(disjoint(body, "of_flat", "inner"));
  const ViewRegion& inner = region(*p, regions, "inner");
  REQUIRE(inner.known);
  CHECK(inner.offsets[0].as_constant() == std::optional<int64_t>(8));
}

TEST_CASE("views inside disjoint views are disjoint, wherever they lie in them",
          "[view_regions]") {
  // A KV cache: the rows before position s, and the chunk's rows from s.
  const std::string body = R"(
  let past = tensor.slice(x, [s, 64], [0, 0]);
  let fresh = tensor.slice(x, [8, 64], [s, 0]);
  let shaped = tensor.reshape(fresh, [4, 128]);
  for i in range(4) {
    let block = tensor.slice(past, [2, 64], [i * 2, 0]);
    let slot = tensor.slice(fresh, [1, 64], [i, 0]);
    let row = tensor.slice(shaped, [1, 128], [i, 0]);
    let own = tensor.slice(fresh, [2, 64], [i, 0]);
    call use(block); call use(slot); call use(row); call use(own);
  }
)";
  auto p = plan_body(body);
  auto regions = view_regions(p->plan);
  auto id = [&](const std::string& name) { return tensor_id(*p, name); };
  // Their own offsets hold a loop variable: alone they tell nothing.
  CHECK_FALSE(provably_disjoint(region(*p, regions, "block"), region(*p, regions, "slot")));
  CHECK(provably_disjoint_views(regions, id("block"), id("slot")));
  CHECK(provably_disjoint_views(regions, id("slot"), id("block")));
  // Through a reshape of fresh, and a slice of it in its own coordinates.
  CHECK(provably_disjoint_views(regions, id("row"), id("block")));
  CHECK(regions.at(static_cast<size_t>(id("row"))).within == id("shaped"));
  CHECK(regions.at(static_cast<size_t>(id("shaped"))).within == id("fresh"));
  CHECK(regions.at(static_cast<size_t>(id("fresh"))).within == kNoTensor);
  // Both inside fresh: nothing apart.
  CHECK_FALSE(provably_disjoint_views(regions, id("slot"), id("own")));
  CHECK_FALSE(provably_disjoint_views(regions, id("row"), id("slot")));
}

TEST_CASE("linear forms refuse to overflow", "[view_regions]") {
  LinearForm big;
  big.constant = std::numeric_limits<int64_t>::max();
  LinearForm minus_one;
  minus_one.constant = -1;
  CHECK_FALSE(subtract(big, minus_one).has_value());
  LinearForm atom;
  atom.terms["a"] = std::numeric_limits<int64_t>::min();
  LinearForm one;
  one.terms["a"] = 1;
  CHECK_FALSE(subtract(atom, one).has_value());
  auto zero = subtract(one, one);
  REQUIRE(zero.has_value());
  CHECK(zero->as_constant() == std::optional<int64_t>(0));
  // Huge offsets in a program do not make two views look disjoint.
  CHECK_FALSE(disjoint(R"(
  let a = tensor.slice(x, [1, 64], [s * 4611686018427387904 + 1, 0]);
  let b = tensor.slice(x, [1, 64], [s * 4611686018427387904 * 2, 0]);
  call use(a); call use(b);
)", "a", "b"));
}
