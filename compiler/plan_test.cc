// The task plan: func_ids, lanes, payload layout, allocation batching and
// the sig_count == tensor_count invariant.
#include "plan.h"

#include <catch2/catch.hpp>

#include "plan_test_support.h"

using namespace taskc;
using namespace taskc::test;

namespace {

const char* const kMixed = R"kir(module mixed;
dim S;
kernel aic cube(in q: Tensor[[S, 64], BF16], inout o: Tensor[[S, 64], FP32], n: Scalar[INT32]);
@dual_aiv
kernel aiv vec(in q: Tensor[[S, 64], BF16], inout o: Tensor[[S, 64], FP32], n: Scalar[INT32]);
kernel aiv single(in q: Tensor[[S, 64], BF16], inout o: Tensor[[S, 64], FP32], n: Scalar[INT32]);
kernel aiv never(in q: Tensor[[S, 64], BF16]);
group both(in q: Tensor[[S, 64], BF16], inout o: Tensor[[S, 64], FP32], n: Scalar[INT32]) {
  aic cube;
  aiv vec;
}
group half(in q: Tensor[[S, 64], BF16], inout o: Tensor[[S, 64], FP32], n: Scalar[INT32]) {
  aic cube;
  aiv single;
}
orchestration run(steps: Scalar[INT32], in q: Tensor[[S, 64], BF16],
                  inout o: Tensor[[S, 64], FP32]) {
  call cube(q, o, steps);
  call vec(q, nodep o, 1);
  call single(q, o, 2);
  call both(q, o, 3, blocks = 4);
  call half(q, o, 4);
}
)kir";

PayloadMethod method(const PlanTask& t, size_t i) { return t.tensors.at(i).method; }

}  // namespace

TEST_CASE("func_ids are dense in declaration order over dispatched kernels") {
  auto p = plan_source(kMixed);
  const Plan& plan = p->plan;
  REQUIRE(plan.kernels.size() == 3);  // `never` is not dispatched
  CHECK(plan.kernels[0].name == "cube");
  CHECK(plan.kernels[1].name == "vec");
  CHECK(plan.kernels[2].name == "single");
  for (size_t i = 0; i < plan.kernels.size(); ++i) {
    CHECK(plan.kernels[i].func_id == static_cast<int>(i));
  }
  CHECK(plan.kernels[0].is_aic);
  CHECK(plan.kernels[1].dual_aiv);
  CHECK(plan.kernels[0].call_sites == 3);  // direct + two groups
  CHECK(plan.kernels[1].call_sites == 2);
  CHECK(plan.kernels[0].source == "kernels/aic/cube.cpp");
  CHECK(plan.kernels[0].signature ==
        std::vector<Direction>{Direction::kIn, Direction::kInOut});
  CHECK(plan.kernels[0].scalar_count == 1);
}

TEST_CASE("lanes for aic, aiv, dual aiv and groups") {
  auto p = plan_source(kMixed);
  auto tasks = tasks_of(p->plan);
  REQUIRE(tasks.size() == 5);
  // aic kernel: {id, -1, -1}
  CHECK(tasks[0]->submit == SubmitKind::kAic);
  CHECK((tasks[0]->aic == 0 && tasks[0]->aiv0 == -1 && tasks[0]->aiv1 == -1));
  // @dual_aiv aiv kernel called directly: {-1, id, id}
  CHECK(tasks[1]->submit == SubmitKind::kMixed);
  CHECK((tasks[1]->aic == -1 && tasks[1]->aiv0 == 1 && tasks[1]->aiv1 == 1));
  // plain aiv: rt_submit_aiv_task
  CHECK(tasks[2]->submit == SubmitKind::kAiv);
  CHECK((tasks[2]->aic == -1 && tasks[2]->aiv0 == 2 && tasks[2]->aiv1 == -1));
  // group with a dual aiv member: {aic, aiv, aiv}
  CHECK(tasks[3]->is_group);
  CHECK(tasks[3]->submit == SubmitKind::kMixed);
  CHECK((tasks[3]->aic == 0 && tasks[3]->aiv0 == 1 && tasks[3]->aiv1 == 1));
  // group with a single aiv member: {aic, aiv, -1}
  CHECK((tasks[4]->aic == 0 && tasks[4]->aiv0 == 2 && tasks[4]->aiv1 == -1));

  REQUIRE(p->plan.groups.size() == 2);
  CHECK(p->plan.groups[0].name == "both");
  CHECK(p->plan.groups[0].aic == "cube");
  CHECK(p->plan.groups[0].aiv == "vec");
  CHECK(p->plan.groups[0].dual_aiv);
  CHECK_FALSE(p->plan.groups[1].dual_aiv);
}

TEST_CASE("payload: tensors in parameter order with their methods, then scalars") {
  auto p = plan_source(kMixed);
  auto tasks = tasks_of(p->plan);
  const PlanTask& t0 = *tasks[0];
  REQUIRE(t0.tensors.size() == 2);
  CHECK(arg_name(p->plan, t0, 0) == "ext_q");
  CHECK(arg_name(p->plan, t0, 1) == "ext_o");
  CHECK(method(t0, 0) == PayloadMethod::kInput);
  CHECK(method(t0, 1) == PayloadMethod::kInOut);
  REQUIRE(t0.scalars.size() == 1);
  CHECK(t0.scalars[0].dtype == DType::kInt32);
  CHECK(t0.scalars[0].value.kind == PlanExprKind::kVar);
  CHECK(t0.scalars[0].value.name == "steps");
  CHECK(method(*tasks[1], 1) == PayloadMethod::kNoDep);
  CHECK(tasks[1]->scalars[0].value.kind == PlanExprKind::kInt);
  CHECK(tasks[1]->scalars[0].value.int_value == 1);
  REQUIRE(tasks[3]->option(CallKeyword::kBlocks));
  CHECK(tasks[3]->option(CallKeyword::kBlocks)->value.int_value == 4);
  for (size_t i = 0; i < tasks.size(); ++i) {
    CHECK(tasks[i]->index == static_cast<int>(i));
    CHECK(tasks[i]->line == 18 + i);
  }
}

TEST_CASE("entry interface: tensor and scalar indexes, dims, arg count") {
  auto p = plan_source(kMixed);
  const Plan& plan = p->plan;
  CHECK(plan.orchestration == "run");
  CHECK(plan.expected_arg_count == 3);
  CHECK(plan.entry_scalar_count == 1);
  CHECK(plan.entry_signature == std::vector<Direction>{Direction::kIn, Direction::kInOut});
  REQUIRE(plan.entry_params.size() == 3);
  CHECK(plan.entry_params[0].scalar_index == 0);
  CHECK(plan.entry_params[1].tensor_index == 0);
  CHECK(plan.entry_params[1].cxx_name == "ext_q");
  CHECK(plan.entry_params[2].tensor_index == 1);
  REQUIRE(plan.dims.size() == 1);
  CHECK(plan.dims[0].name == "S");
  CHECK(plan.dims[0].param == 1);
  CHECK(plan.dims[0].tensor_index == 0);
  CHECK(plan.dims[0].axis == 0);
  CHECK(plan.dims[0].used);  // the entry check of o axis 0 reads S
  // q axis 1 and o axes 0 and 1 are checked when the orchestration starts.
  CHECK(plan.entry_checks.size() == 3);
}

TEST_CASE("the vector example plan") {
  auto p = plan_source(kVectorExample);
  const Plan& plan = p->plan;
  REQUIRE(plan.kernels.size() == 3);
  CHECK(plan.kernels[1].name == "kernel_add_scalar");
  CHECK(plan.kernels[1].scalar_count == 2);
  auto tasks = tasks_of(plan);
  REQUIRE(tasks.size() == 5);
  CHECK(tasks[1]->aiv0 == 1);
  CHECK(tasks[1]->scalars.at(0).value.kind == PlanExprKind::kFloat);
  CHECK(tasks[1]->scalars.at(1).dtype == DType::kUint32);
  // Every created tensor is first a whole-tensor out argument, so its task
  // allocates it: a create-info where it is declared, no alloc_tensors.
  auto create_info_name = [&](const PlanNode& n) {
    REQUIRE(n.get<PlanCreateInfo>());
    return plan.tensor(n.get<PlanCreateInfo>()->tensor).cxx_name;
  };
  CHECK(create_info_name(plan.body.nodes.at(0)) == "c");
  const PlanScope* scope = plan.body.nodes.at(2).get<PlanScope>();
  REQUIRE(scope);
  CHECK(create_info_name(scope->body.nodes.at(0)) == "d");
  CHECK(create_info_name(scope->body.nodes.at(2)) == "g");
  for (size_t i = 0; i < 4; ++i) CHECK(tasks[i]->allocates);
  CHECK_FALSE(tasks[4]->allocates);  // f is the entry's
}

TEST_CASE("a created tensor first used inout is allocated by alloc_tensors") {
  auto p = plan_source(R"kir(module m;
dim N;
kernel aiv inc(inout x: Tensor[[N], FP32]);
kernel aiv copy(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
orchestration o(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  let t = tensor.create([N], FP32, init = 0.0);
  let u = tensor.create([N], FP32);
  call inc(t);
  call copy(a, u);
  call copy(u, c);
}
)kir");
  const Plan& plan = p->plan;
  CHECK(alloc_names(plan, plan.body.nodes.at(0)) == std::vector<std::string>{"t"});
  auto tasks = tasks_of(plan);
  REQUIRE(tasks.size() == 3);
  CHECK_FALSE(tasks[0]->allocates);
  CHECK(tasks[1]->allocates);
  // u is read by the last call; its allocating call passes the create-info.
  CHECK(plan.tensor(tasks[1]->tensors[1].tensor).used);
}

TEST_CASE("a tensor its task allocates and nothing reads later is unused") {
  auto p = plan_source(R"kir(module m;
dim N;
kernel aiv copy(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
orchestration o(in a: Tensor[[N], FP32]) {
  let scratch = tensor.create([N], FP32);
  call copy(a, scratch);
}
)kir");
  auto tasks = tasks_of(p->plan);
  REQUIRE(tasks.size() == 1);
  REQUIRE(tasks[0]->allocates);
  // Its C++ name is declared after the submit and needs `(void)`.
  CHECK_FALSE(p->plan.tensor(tasks[0]->tensors[1].tensor).used);
}

TEST_CASE("creations are batched at the block start, 16 per alloc_tensors") {
  std::string text = "module m;\nkernel aiv k(in a: Tensor[[?], FP32]);\n"
                     "orchestration o(n: Scalar[INDEX]) {\n";
  for (int i = 0; i < 17; ++i) {
    text += "  let t" + std::to_string(i) + " = tensor.create([n], FP32);\n";
  }
  text += "  let m = n + 1;\n  let late = tensor.create([m], FP32);\n"
          "  call k(late);\n}\n";
  auto p = plan_source(text);
  const Plan& plan = p->plan;
  const PlanBlock& body = plan.body;
  CHECK(alloc_names(plan, body.nodes.at(0)).size() == 16);
  CHECK(alloc_names(plan, body.nodes.at(1)) == std::vector<std::string>{"t16"});
  CHECK_FALSE(plan.tensor(body.nodes[0].get<PlanAlloc>()->tensors[0]).used);
  // `late` uses `m`, computed in the block: it stays where it is.
  REQUIRE(body.nodes.at(2).get<PlanScalarDecl>());
  CHECK(alloc_names(plan, body.nodes.at(3)) == std::vector<std::string>{"late"});
  CHECK(plan.tensor(body.nodes[3].get<PlanAlloc>()->tensors[0]).used);
}

TEST_CASE("task ids bound by let, deps and usage") {
  auto p = plan_source(R"kir(module m;
kernel aiv k();
orchestration o() {
  scope manual {
    let t1 = call k();
    let t2 = call k(deps = [t1]);
    call k(deps = [t1]);
  }
}
)kir");
  auto tasks = tasks_of(p->plan);
  REQUIRE(tasks.size() == 3);
  CHECK(tasks[0]->result.name == "t1");
  CHECK(tasks[0]->result.used);
  CHECK(tasks[1]->result.name == "t2");
  CHECK_FALSE(tasks[1]->result.used);
  REQUIRE(tasks[1]->deps.size() == 1);
  CHECK(tasks[1]->deps[0].kind == PlanExprKind::kTaskId);
  CHECK(tasks[1]->deps[0].name == "t1");
  CHECK(tasks[2]->result.kind == PlanTaskResult::Kind::kNone);
}

TEST_CASE("the invariant: lane signatures match every task's payload") {
  auto p = plan_source(kMixed);
  CHECK_NOTHROW(check_plan_invariants(p->plan));

  SECTION("a signature shorter than the payload") {
    Plan broken = p->plan;
    broken.kernels[1].signature.pop_back();  // vec, a lane of group `both`
    CHECK_THROWS_AS(check_plan_invariants(broken), InternalError);
  }
  SECTION("an empty signature (the bug taskc exists for)") {
    Plan broken = p->plan;
    broken.kernels[2].signature.clear();
    CHECK_THROWS_WITH(check_plan_invariants(broken),
                      Catch::Contains("sig_count 0"));
  }
  SECTION("a method that contradicts the direction") {
    Plan broken = p->plan;
    mutable_tasks_of(broken)[0]->tensors[0].method = PayloadMethod::kOutput;
    CHECK_THROWS_WITH(check_plan_invariants(broken), Catch::Contains("add_output"));
  }
  SECTION("add_input for an OUT or INOUT parameter") {
    Plan broken = p->plan;
    PlanTask& t0 = *mutable_tasks_of(broken)[0];  // cube(in q, inout o, n)
    REQUIRE(t0.tensors[1].method == PayloadMethod::kInOut);
    t0.tensors[1].method = PayloadMethod::kInput;
    CHECK_THROWS_WITH(check_plan_invariants(broken),
                      Catch::Contains("add_input") && Catch::Contains("INOUT"));
    Plan out = p->plan;
    out.kernels[0].signature[1] = Direction::kOut;  // now `out o`
    mutable_tasks_of(out)[0]->tensors[1].method = PayloadMethod::kInput;
    CHECK_THROWS_WITH(check_plan_invariants(out),
                      Catch::Contains("add_input") && Catch::Contains("OUT"));
  }
  SECTION("add_no_dep matches any direction") {
    Plan changed = p->plan;
    mutable_tasks_of(changed)[0]->tensors[0].method = PayloadMethod::kNoDep;
    CHECK_NOTHROW(check_plan_invariants(changed));
  }
  SECTION("a lane on the wrong core type") {
    Plan broken = p->plan;
    mutable_tasks_of(broken)[0]->aic = 2;  // an aiv kernel on the aic lane
    CHECK_THROWS_AS(check_plan_invariants(broken), InternalError);
  }
  SECTION("a scalar count that differs") {
    Plan broken = p->plan;
    mutable_tasks_of(broken)[2]->scalars.clear();
    CHECK_THROWS_AS(check_plan_invariants(broken), InternalError);
  }
  SECTION("func_ids that are not dense") {
    Plan broken = p->plan;
    broken.kernels[1].func_id = 5;
    CHECK_THROWS_AS(check_plan_invariants(broken), InternalError);
  }
}

TEST_CASE("scalar expressions carry explicit conversions and folded constants") {
  auto p = plan_source(R"kir(module m;
const K = 4;
kernel aiv k(x: Scalar[UINT8], y: Scalar[FP32]);
orchestration o(n: Scalar[INT32], f: Scalar[FP32]) {
  let a = K * 2;
  let b = cast(n, INDEX) // a;
  call k(a, f * 2.0);
  call k(cast(b, UINT8), cast(n, FP32));
}
)kir");
  auto tasks = tasks_of(p->plan);
  REQUIRE(tasks.size() == 2);
  // `a` is a compile-time constant: folded, never declared.
  CHECK(tasks[0]->scalars[0].value.kind == PlanExprKind::kInt);
  CHECK(tasks[0]->scalars[0].value.int_value == 8);
  CHECK(tasks[0]->scalars[0].value.dtype == DType::kUint8);
  const PlanExpr& y = tasks[0]->scalars[1].value;
  CHECK(y.kind == PlanExprKind::kBinary);
  CHECK(y.operands.at(1).kind == PlanExprKind::kFloat);
  const PlanScalarDecl* let_b = p->plan.body.nodes.at(0).get<PlanScalarDecl>();
  REQUIRE(let_b);
  CHECK(let_b->name == "b");
  CHECK(let_b->value.op == PlanOp::kFloorDiv);
  CHECK(let_b->value.operands.at(0).kind == PlanExprKind::kCast);
  // cast(b, UINT8) may not fit (b is n // 8 of an INT32): a checked cast,
  // declared once in the task's prelude.
  const PlanExpr& narrowed = tasks[1]->scalars[0].value;
  CHECK(narrowed.kind == PlanExprKind::kVar);
  REQUIRE_FALSE(tasks[1]->prelude.empty());
  const PlanScalarDecl* decl = tasks[1]->prelude.at(0).get<PlanScalarDecl>();
  REQUIRE(decl);
  CHECK(decl->name == narrowed.name);
  CHECK(decl->value.kind == PlanExprKind::kCast);
  CHECK(decl->value.check == "line 8: cast(b, UINT8) does not fit UINT8");
}

TEST_CASE("loop bounds that may change are read once, before the loop") {
  auto p = plan_source(R"kir(module m;
kernel aiv k(i: Scalar[INDEX]);
orchestration o(n: Scalar[INDEX]) {
  var stop = n;
  for i in range(0, stop, 2) {
    stop = stop - 1;
    call k(i);
  }
  for j in range(n) { call k(j); }
}
)kir");
  const auto& nodes = p->plan.body.nodes;
  REQUIRE(nodes.size() == 4);
  const PlanScalarDecl* bound = nodes[1].get<PlanScalarDecl>();
  const PlanFor* loop = nodes[2].get<PlanFor>();
  REQUIRE(bound);
  REQUIRE(loop);
  CHECK(bound->generated);
  CHECK(loop->stop.name == bound->name);
  CHECK(loop->step.int_value == 2);
  CHECK(loop->body.runtime_scope);
  REQUIRE(nodes[3].get<PlanFor>());
  CHECK(nodes[3].get<PlanFor>()->stop.name == "n");  // an entry scalar cannot change
}

// Front-end bugs found while writing the planner; the checker now reports
// them instead of crashing or letting uncompilable C++ through.
TEST_CASE("checker: a declared type on a task-id let and <stdint.h> macro names") {
  auto check = [](const std::string& text) {
    FrontendResult r = run_frontend(std::make_unique<SourceFile>("t.kir", text), WarningPolicy{});
    std::string codes;
    for (const Diagnostic& d : r.sink.sorted()) codes += d.code + " ";
    return codes;
  };
  CHECK(check("module m;\nkernel aic k();\norchestration o() {\n"
              "  let t: Scalar[INDEX] = call k();\n}\n") == "E0307 ");
  CHECK(check("module m;\ndim SIZE_MAX;\nkernel aiv k(in a: Tensor[[SIZE_MAX], FP32]);\n"
              "orchestration o(in x: Tensor[[SIZE_MAX], FP32]) {\n"
              "  let INT32_MAX = 1;\n  let UINT8_C = 2;\n  let INT_FAST16_MAX = 3;\n"
              "  let INT32_MAXIMUM = 4;\n  call k(x);\n}\n") ==
        "E0205 E0205 E0205 E0205 ");
}

TEST_CASE("the planner refuses an expression the checker did not record") {
  FrontendResult r = run_frontend(std::make_unique<SourceFile>("t.kir", kVectorExample),
                                  WarningPolicy{});
  REQUIRE(r.program);
  REQUIRE_FALSE(r.sink.has_errors());
  CHECK_NOTHROW(build_plan(*r.program));
  // Forget what the checker found for every expression of one statement:
  // the planner must not guess a dtype of its own.
  const Stmt& first_call = *r.program->orchestration->body.stmts.at(1);
  REQUIRE(first_call.kind == StmtKind::kCall);
  for (const Arg& a : first_call.call->args) r.program->forget_info(*a.value);
  CHECK_THROWS_WITH(build_plan(*r.program), Catch::Contains("was not checked"));
}
