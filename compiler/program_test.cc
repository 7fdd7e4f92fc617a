// Program's compact expression records give back exactly what was stored.
#include "program.h"

#include <catch2/catch.hpp>

#include "checker_test_support.h"
#include "internal_error.h"

namespace taskc {
namespace {

void require_same(const ExprInfo& a, const ExprInfo& b) {
  CHECK(a.type.kind == b.type.kind);
  CHECK(a.type.dtype == b.type.dtype);
  CHECK(a.type.adaptable == b.type.adaptable);
  CHECK(a.type.contiguity == b.type.contiguity);
  CHECK(a.type.root_entry == b.type.root_entry);
  CHECK(a.type.root_created == b.type.root_created);
  CHECK(a.type.id_array == b.type.id_array);
  CHECK(a.type.layout == b.type.layout);
  CHECK(a.symbol == b.symbol);
  REQUIRE(a.constant.has_value() == b.constant.has_value());
  if (a.constant) {
    CHECK(a.constant->kind == b.constant->kind);
    CHECK(a.constant->i == b.constant->i);
    CHECK(a.constant->f == b.constant->f);
    CHECK(a.constant->b == b.constant->b);
  }
  CHECK(a.symbolic.is_unknown() == b.symbolic.is_unknown());
  if (!a.symbolic.is_unknown()) CHECK(SymInt::order(a.symbolic, b.symbolic) == 0);
  CHECK(a.operand_dtype == b.operand_dtype);
  CHECK(a.range == b.range);
}

ExprInfo scalar(DType d) {
  ExprInfo info;
  info.type.kind = ValueKind::kScalar;
  info.type.dtype = d;
  return info;
}

ExprInfo int_constant(int64_t v) {
  ExprInfo info = scalar(DType::kIndex);
  info.type.adaptable = true;
  info.constant = ConstValue{ConstValue::Kind::kInt, v, 0, false};
  info.symbolic = SymInt::constant(v);
  info.range = IntRange::exactly(v);
  return info;
}

TEST_CASE("expression records round-trip every part", "[program]") {
  Program p;
  std::vector<ExprInfo> infos;
  infos.push_back(int_constant(7));
  ExprInfo wide = int_constant(-3);  // a range that is not the constant's
  wide.range = IntRange::between(-3, 100);
  infos.push_back(wide);
  ExprInfo opaque = int_constant(5);  // symbolic unknown
  opaque.symbolic = SymInt::unknown();
  opaque.range = IntRange{};
  infos.push_back(opaque);
  ExprInfo f = scalar(DType::kFp32);
  f.constant = ConstValue{ConstValue::Kind::kFloat, 0, 0.5, false};
  infos.push_back(f);
  ExprInfo b = scalar(DType::kBool);
  b.constant = ConstValue{ConstValue::Kind::kBool, 0, 0, true};
  b.range = IntRange::between(0, 1);
  infos.push_back(b);
  ExprInfo sum = scalar(DType::kInt32);
  sum.symbol = 3;
  sum.symbolic = SymInt::atom("N", 3) * SymInt::constant(2) + SymInt::constant(1);
  sum.operand_dtype = DType::kInt64;
  sum.range = IntRange::between(1, 41);
  infos.push_back(sum);
  ExprInfo tensor;
  tensor.type.kind = ValueKind::kTensor;
  tensor.type.dtype = DType::kBf16;
  tensor.type.root_created = 2;
  tensor.type.contiguity = ValueType::Contiguity::kUnknown;
  tensor.type.layout = p.add_layout(TensorLayout{
      {ExtentValue{false, SymInt::constant(4)}, ExtentValue{true, SymInt::unknown()}},
      {SymInt::constant(0), SymInt::atom("i", 9)},
      {SymInt::constant(4), SymInt::constant(8)}});
  infos.push_back(tensor);
  ExprInfo ids;
  ids.type.kind = ValueKind::kTaskId;
  ids.type.id_array = 16;
  ids.symbol = 0;
  infos.push_back(ids);
  infos.push_back(ExprInfo{});  // an error

  std::vector<Expr> exprs(infos.size() + 1);
  for (size_t i = 0; i < exprs.size(); ++i) exprs[i].id = static_cast<uint32_t>(2 * i);
  for (size_t i = 0; i < infos.size(); ++i) p.set_info(exprs[i], infos[i]);
  for (size_t i = 0; i < infos.size(); ++i) {
    INFO("expression " << i);
    REQUIRE(p.checked(exprs[i]));
    require_same(*p.find_info(exprs[i]), infos[i]);
    require_same(p.info(exprs[i]), infos[i]);
    CHECK(p.range_of(exprs[i]) == infos[i].range);
    CHECK(p.kind_of(exprs[i]) == infos[i].type.kind);
  }
  // Most parts are inline: only what is not the default takes a side entry.
  CHECK(p.expr_constants.size() == 5);
  CHECK(p.expr_symbolics.size() == 1);      // the sum; constants are implied
  CHECK(p.expr_ranges.size() == 3);         // wide, the bool and the sum
  CHECK(p.expr_tensors.size() == 2);        // the tensor and the id array
  CHECK(p.layouts.size() == 1);
  CHECK(p.layouts.front().shape.size() == 2);

  const Expr& never = exprs.back();  // id past every record
  CHECK_FALSE(p.checked(never));
  CHECK_FALSE(p.find_info(never));
  CHECK(p.range_of(never) == IntRange{});
  CHECK_THROWS_AS(p.info(never), InternalError);
  Expr gap;
  gap.id = 1;  // inside the table, never set
  CHECK_FALSE(p.checked(gap));

  p.set_info(exprs[0], infos[5]);  // replaced
  require_same(p.info(exprs[0]), infos[5]);
  p.forget_info(exprs[0]);
  CHECK_FALSE(p.find_info(exprs[0]));
}

TEST_CASE("a checked program's names share their symbol's tensor layout", "[program]") {
  test::Checked c = test::check_clean(test::with_body(
      "  let s = tensor.slice(a, [4], [2]);\n"
      "  call vec_add(s, b, tensor.slice(c, [4], [2]));\n"));
  const Program& p = c.program();
  const Stmt& let = *p.orchestration->body.stmts.at(0);
  const Stmt& call = *p.orchestration->body.stmts.at(1);
  const Expr& slice = *let.value;
  ExprInfo s = p.info(slice);
  REQUIRE(s.type.kind == ValueKind::kTensor);
  REQUIRE(s.type.layout != nullptr);
  CHECK(s.type.shape().size() == 1);
  CHECK(s.type.view_offsets().at(0).as_constant() == 2);
  CHECK(s.type.view_extents().at(0).as_constant() == 4);
  const Expr& use = *call.call->args.at(0).value;
  ExprInfo u = p.info(use);
  CHECK(u.symbol == p.stmt_symbol.at(let.id));
  CHECK(u.type.layout == s.type.layout);  // shared, not copied
  const Expr& entry_use = *call.call->args.at(1).value;
  CHECK(p.info(entry_use).type.layout == p.symbol(p.info(entry_use).symbol).type.layout);
  // The integer literals of the slice are constants with exact ranges.
  const Expr& offset = *slice.args.at(2).value->items.at(0);
  CHECK(p.info(offset).constant->i == 2);
  CHECK(p.range_of(offset) == IntRange::exactly(2));
  CHECK(p.info(offset).symbolic.as_constant() == 2);
}

}  // namespace
}  // namespace taskc
