// The run-time checks the planner adds (language-v2.md §4): present where
// the checker cannot prove a value in range, absent where it can, each
// naming the .kir line and the tensor or value.
#include <catch2/catch.hpp>

#include "emit_cpp.h"
#include "plan_test_support.h"

using namespace taskc;
using namespace taskc::test;

namespace {

// The formats of every check in the plan: statement checks and those made
// before a tensor.
std::vector<std::string> check_formats(const Plan& plan) {
  std::vector<std::string> out;
  for_each_node(plan.body.nodes, [&](const PlanNode& n) {
    if (const PlanCheck* c = n.get<PlanCheck>()) out.push_back(c->format);
  });
  for (const PlanTensor& t : plan.tensors) {
    for (const PlanCheck& c : t.checks) out.push_back(c.format);
  }
  return out;
}

// The texts of every value checked by a helper (PlanExpr::check).
void collect_checked(const PlanExpr& e, std::vector<std::string>& out) {
  if (!e.check.empty()) out.push_back(e.check);
  for (const PlanExpr& o : e.operands) collect_checked(o, out);
}

std::vector<std::string> checked_values(const Plan& plan) {
  std::vector<std::string> out;
  for_each_node(plan.body.nodes, [&](const PlanNode& n) {
    if (const PlanScalarDecl* d = n.get<PlanScalarDecl>()) collect_checked(d->value, out);
    if (const PlanAssign* a = n.get<PlanAssign>()) collect_checked(a->value, out);
  });
  return out;
}

std::string program(const std::string& params, const std::string& body) {
  return "module m;\ndim N;\n"
         "kernel aiv k(in a: Tensor[[?], FP32]);\n"
         "kernel aiv s(v: Scalar[INT32]);\n"
         "orchestration o(in x: Tensor[[N], FP32], in sel: Tensor[[4], INT32]" +
         params + ") {\n" + body + "}\n";
}

bool has(const std::vector<std::string>& texts, const std::string& part) {
  for (const std::string& t : texts) {
    if (t.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a view inside its tensor by the loop's bounds is not checked") {
  auto p = plan_source(program("",
                               "  for i in range(N) {\n"
                               "    call k(tensor.slice(x, [1], [i]));\n"
                               "  }\n"
                               "  for r in range(0, N, 64) {\n"
                               "    let n = min(64, N - r);\n"
                               "    call k(tensor.slice(x, [n], [r]));\n"
                               "  }\n"));
  CHECK(check_formats(p->plan).empty());
}

TEST_CASE("a view the checker cannot place is checked, naming line and tensor") {
  auto p = plan_source(program(", off: Scalar[INDEX]",
                               "  for r in range(0, N, 64) {\n"
                               "    call k(tensor.slice(x, [64], [r]));\n"
                               "  }\n"
                               "  call k(tensor.slice(x, [2], [off]));\n"));
  std::vector<std::string> formats = check_formats(p->plan);
  REQUIRE(formats.size() == 2);
  CHECK(formats[0] == "line 7: tensor.slice of 'x' axis 0: offset %lld and extent %lld do not "
                      "fit the tensor's extent %lld");
  CHECK(formats[1].rfind("line 9: tensor.slice of 'x'", 0) == 0);
}

TEST_CASE("a dispatch_if index that is a loop variable over the axis needs no check") {
  const std::string kir =
      "module m;\nkernel aiv e(n: Scalar[INT32]);\n"
      "orchestration o(in sel: Tensor[[4], INT32], first: Scalar[INDEX]) {\n"
      "  for i in range(4) { call e(1, dispatch_if = tensor.element(sel, [i]) != 0); }\n"
      "  for j in range(5) { call e(2, dispatch_if = tensor.element(sel, [j]) != 0); }\n"
      "  call e(3, dispatch_if = tensor.element(sel, [first]) != 0);\n"
      "}\n";
  auto p = plan_source(kir);
  CHECK(check_formats(p->plan) ==
        std::vector<std::string>{
            "line 5: dispatch_if index %lld is outside axis 0 of 'sel' (extent %lld)",
            "line 6: dispatch_if index %lld is outside axis 0 of 'sel' (extent %lld)"});
}

TEST_CASE("element indexes, creations and reshapes are checked only when not proven") {
  auto p = plan_source(program(", i: Scalar[INDEX], c: Scalar[INDEX]",
                               "  let t = tensor.create([N, 4], FP32);\n"
                               "  let q = tensor.create([4, 4], FP32);\n"
                               "  tensor.write(q, [0, i % 4], 1.0);\n"
                               "  tensor.write(t, [i, 0], 2.0);\n"
                               "  call s(tensor.read(sel, [i]));\n"
                               "  call s(tensor.read(sel, [i % 4]));\n"
                               "  let u = tensor.create([c], FP32);\n"
                               "  call k(tensor.reshape(tensor.slice(t, [1, c], [0, 0]), [c]));\n"
                               "  call k(u);\n"));
  std::vector<std::string> formats = check_formats(p->plan);
  CHECK(has(formats, "line 9: tensor.write index %lld is outside axis 0 of 't'"));
  CHECK_FALSE(has(formats, "line 8: tensor.write"));  // i % 4 on an axis of 4
  CHECK(has(formats, "line 12: tensor.create extent %lld of axis 0 is outside 0..4294967295"));
  CHECK_FALSE(has(formats, "line 6: tensor.create"));  // [N, 4]: dims fit
  CHECK(has(formats, "line 13: tensor.reshape of 'tensor.slice(t, [1, c], [0, 0])': the view "
                     "is not contiguous"));
  std::vector<std::string> values;
  for_each_node(p->plan.body.nodes, [&](const PlanNode& n) {
    if (const PlanScalarDecl* d = n.get<PlanScalarDecl>()) collect_checked(d->value, values);
  });
  CHECK(has(values, "line 10: tensor.read of 'sel'"));
  CHECK_FALSE(has(values, "line 11: tensor.read"));
}

TEST_CASE("arithmetic, conversions and casts are checked only when they may not fit") {
  auto p = plan_source(program(", a: Scalar[INDEX], f: Scalar[FP32], w: Scalar[INT32]",
                               "  for i in range(N) {\n"
                               "    let small = i * 64 + 1;\n"
                               "    let big = a * 2;\n"
                               "    let narrow = cast(a, INT32);\n"
                               "    let fits = cast(i % 100, INT32);\n"
                               "    let from_float = cast(f, INT32);\n"
                               "    let sum = w + w;\n"
                               "    let neg = -a;\n"
                               "  }\n"));
  std::vector<std::string> values = checked_values(p->plan);
  CHECK(values == std::vector<std::string>{
                      "line 8: a * 2 overflows INDEX",
                      "line 9: cast(a, INT32) does not fit INT32",
                      "line 11: cast(f, INT32) is NaN or outside INT32",
                      "line 12: w + w overflows INT32",
                      "line 13: -a overflows INDEX",
                  });
}

TEST_CASE("a floor division checks its quotient only when it may not fit") {
  auto p = plan_source(program(", v: Scalar[INT8], w: Scalar[INT8], n: Scalar[INDEX]",
                               "  let q = v // w;\n"
                               "  let r = n // 64;\n"
                               "  let m = n // n;\n"
                               "  call s(cast(q, INT32) + cast(r + m, INT32));\n"));
  std::vector<std::string> values = checked_values(p->plan);
  // -128 // -1 is 128; INDEX's minimum divided by -1 is reported by the
  // helper itself.
  CHECK(has(values, "line 6: v // w overflows INT8"));
  CHECK_FALSE(has(values, "line 7:"));
  CHECK(has(values, "line 8: n // n overflows INDEX"));
  std::string cpp = emit_orchestration_cpp(p->plan, "test.kir", "1");
  CHECK(cpp.find("const int8_t q = taskc_narrow<int8_t>(taskc_floordiv(v, w), \"o: line 6: v // "
                 "w overflows INT8\");") != std::string::npos);
  CHECK(cpp.find("const int64_t r = taskc_floordiv(n, 64);") != std::string::npos);
  CHECK(cpp.find("rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"integer division overflows "
                 "INT64\");") != std::string::npos);
}

TEST_CASE("a loop whose step may pass INT64 advances safely") {
  auto p = plan_source(program(", first: Scalar[INDEX]",
                               "  for i in range(N) { call k(x); }\n"
                               "  for j in range(first, 9223372036854775807, 2) { call k(x); }\n"
                               "  for h in range(0, N, first) { call k(x); }\n"));
  std::vector<bool> safe;
  for_each_node(p->plan.body.nodes, [&](const PlanNode& n) {
    if (const PlanFor* f = n.get<PlanFor>()) safe.push_back(f->safe_step);
  });
  CHECK(safe == std::vector<bool>{false, true, true});
  std::string cpp = emit_orchestration_cpp(p->plan, "test.kir", "1");
  CHECK(cpp.find("for (int64_t i = 0; i < N; i += 1) {") != std::string::npos);
  CHECK(cpp.find("j = taskc_loop_next(j, 2, 9223372036854775807)") != std::string::npos);
}

TEST_CASE("a checked value is declared once and stops the orchestration when it fails") {
  auto p = plan_source(program(", a: Scalar[INDEX]", "  call s(cast(a * a, INT32));\n"));
  std::string cpp = emit_orchestration_cpp(p->plan, "test.kir", "1");
  INFO(cpp);
  CHECK(cpp.find("const int32_t task_value0 = taskc_narrow<int32_t>(taskc_mul<int64_t>(a, a, "
                 "\"o: line 6: a * a overflows INDEX\"), \"o: line 6: cast(a * a, INT32) does "
                 "not fit INT32\");\n"
                 "        if (rt_is_fatal()) {\n"
                 "            return;\n"
                 "        }\n") != std::string::npos);
  CHECK(cpp.find("taskc_submit_0((uint64_t)(int32_t)(task_value0))") != std::string::npos);
}

TEST_CASE("entry scalars narrower than 64 bits are checked against their dtype") {
  auto p = plan_source(
      "module m;\nkernel aiv k(a: Scalar[UINT8], b: Scalar[INT16], c: Scalar[BOOL], "
      "d: Scalar[UINT64], e: Scalar[FP32]);\n"
      "orchestration o(a: Scalar[UINT8], b: Scalar[INT16], c: Scalar[BOOL], d: Scalar[UINT64], "
      "e: Scalar[FP32]) {\n  call k(a, b, c, d, e);\n}\n");
  std::string cpp = emit_orchestration_cpp(p->plan, "test.kir", "1");
  CHECK(cpp.find("if (orch_args.scalar(0) > 255ULL) {") != std::string::npos);
  CHECK(cpp.find("if (orch_args.scalar(1) > 65535ULL && orch_args.scalar(1) < "
                 "18446744073709518848ULL) {") != std::string::npos);
  CHECK(cpp.find("if (orch_args.scalar(2) > 1ULL) {") != std::string::npos);
  CHECK(cpp.find("orch_args.scalar(3) >") == std::string::npos);  // 64 bits: any value
  CHECK(cpp.find("orch_args.scalar(4) >") == std::string::npos);  // FP32: its bits
}
