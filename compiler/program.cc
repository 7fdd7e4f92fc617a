// Program's compact per-expression records: ExprInfo in, ExprInfo out.
#include "program.h"

#include "internal_error.h"

namespace taskc {

namespace {

// The 1-based index of `value` appended to `table`.
template <typename T>
uint32_t append(std::vector<T>& table, const T& value) {
  table.push_back(value);
  return static_cast<uint32_t>(table.size());
}

bool is_default(const ExprTensorPart& t) {
  return t.root_entry == -1 && t.root_created == -1 && t.id_array == 0 && t.layout == nullptr;
}

}  // namespace

const ExprRecord& Program::record(const Expr& e) const {
  if (!checked(e)) {
    throw InternalError("the expression at line " + std::to_string(e.span.begin.line) +
                        ", column " + std::to_string(e.span.begin.column) +
                        " was not checked");
  }
  return expr_records[e.id];
}

std::optional<ExprInfo> Program::find_info(const Expr& e) const {
  if (!checked(e)) return std::nullopt;
  const ExprRecord& r = expr_records[e.id];
  ExprInfo info;
  info.type.kind = r.kind;
  info.type.dtype = r.dtype;
  info.type.adaptable = (r.flags & ExprRecord::kAdaptable) != 0;
  info.type.contiguity =
      static_cast<ValueType::Contiguity>((r.flags >> ExprRecord::kContiguityShift) & 3);
  if (r.tensor) {
    const ExprTensorPart& t = expr_tensors[r.tensor - 1];
    info.type.root_entry = t.root_entry;
    info.type.root_created = t.root_created;
    info.type.id_array = t.id_array;
    info.type.layout = t.layout;
  }
  info.symbol = r.symbol;
  if (r.constant) info.constant = expr_constants[r.constant - 1];
  if (r.symbolic) {
    info.symbolic = expr_symbolics[r.symbolic - 1];
  } else if (r.flags & ExprRecord::kSymbolicIsConstant) {
    info.symbolic = SymInt::constant(info.constant->i);
  }
  info.operand_dtype = r.operand_dtype;
  info.range = range_of(e);
  return info;
}

ExprInfo Program::info(const Expr& e) const {
  record(e);  // throws when unchecked
  return *find_info(e);
}

IntRange Program::range_of(const Expr& e) const {
  if (!checked(e)) return IntRange{};
  const ExprRecord& r = expr_records[e.id];
  if (r.range) return expr_ranges[r.range - 1];
  if (r.flags & ExprRecord::kRangeIsConstant) return IntRange::exactly(expr_constants[r.constant - 1].i);
  return IntRange{};
}

void Program::set_info(const Expr& e, const ExprInfo& info) {
  if (e.id >= expr_records.size()) expr_records.resize(e.id + 1);
  ExprRecord r;
  r.kind = info.type.kind;
  r.dtype = info.type.dtype;
  r.operand_dtype = info.operand_dtype;
  r.flags = static_cast<uint8_t>(
      ExprRecord::kChecked | (info.type.adaptable ? ExprRecord::kAdaptable : 0) |
      static_cast<uint8_t>(info.type.contiguity) << ExprRecord::kContiguityShift);
  r.symbol = info.symbol;
  ExprTensorPart t{info.type.root_entry, info.type.root_created, info.type.id_array,
                   info.type.layout};
  if (!is_default(t)) r.tensor = append(expr_tensors, t);
  const ConstValue* c = info.constant ? &*info.constant : nullptr;
  if (c) r.constant = append(expr_constants, *c);
  bool int_constant = c && c->kind == ConstValue::Kind::kInt;
  if (int_constant && !info.symbolic.is_unknown() && info.symbolic.as_constant() == c->i) {
    r.flags |= ExprRecord::kSymbolicIsConstant;
  } else if (!info.symbolic.is_unknown()) {
    r.symbolic = append(expr_symbolics, info.symbolic);
  }
  if (int_constant && info.range == IntRange::exactly(c->i)) {
    r.flags |= ExprRecord::kRangeIsConstant;
  } else if (!(info.range == IntRange{})) {
    r.range = append(expr_ranges, info.range);
  }
  expr_records[e.id] = r;
}

void Program::forget_info(const Expr& e) {
  if (e.id < expr_records.size()) expr_records[e.id] = ExprRecord{};
}

}  // namespace taskc
