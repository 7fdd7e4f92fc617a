// Built-in functions (min, max, select, cast) and tensor operations
// (tensor.create, slice, reshape, read, write, dim).
#include <algorithm>
#include <cmath>

#include "check_expr_util.h"
#include "checker_impl.h"
#include "edit_distance.h"
#include "formatter.h"
#include "int_ranges.h"

namespace taskc {

ExprInfo Checker::check_function(const Expr& e) {
  if (SymbolId id = lookup(e.text); id != kNoSymbol && (sym(id).kind == SymbolKind::kKernel ||
                                                        sym(id).kind == SymbolKind::kGroup)) {
    sink_.error(ErrorCode::E0204, e.span,
                "'" + std::string(e.text) + "' is a " +
                    (sym(id).kind == SymbolKind::kKernel ? "kernel" : "group") +
                    "; submit it as a task with 'call " + std::string(e.text) + "(...)'");
    return error_info();
  }
  if (e.builtin == Builtin::kUnknown) {
    std::string message = "unknown function '" + std::string(e.text) + "'";
    std::string suggestion = closest_name(e.text, builtin_names());
    message += suggestion.empty()
                   ? "; scalar functions are min, max, select, cast, available_clusters "
                     "and available_aiv"
                   : "; did you mean '" + suggestion + "'?";
    sink_.error(ErrorCode::E0410, e.span, message);
    for (const Arg& a : e.args) check_expr(*a.value);
    return error_info();
  }
  if (!expect_positional(e, builtin_info(e.builtin).arity)) return error_info();
  if (e.builtin == Builtin::kCast) return check_cast(e);
  if (e.builtin == Builtin::kAvailableClusters || e.builtin == Builtin::kAvailableAiv) {
    return scalar_info(DType::kIndex);  // known when the orchestration runs
  }
  bool is_select = e.builtin == Builtin::kSelect;
  size_t first = is_select ? 1 : 0;
  if (is_select) {
    const ExprInfo& cond = check_expr(*e.args[0].value);
    if (cond.type.kind != ValueKind::kError && !is_bool(cond)) {
      sink_.error(ErrorCode::E0307, e.args[0].value->span,
                  "the condition of select must be BOOL, not " +
                      type_to_string(cond.type));
      return error_info();
    }
  }
  const ExprInfo& a = check_expr(*e.args[first].value);
  const ExprInfo& b = check_expr(*e.args[first + 1].value);
  if (a.type.kind == ValueKind::kError || b.type.kind == ValueKind::kError) {
    return error_info();
  }
  bool adaptable = false;
  std::optional<DType> common;
  if (is_numeric(a) && is_numeric(b)) {
    common = common_dtype(a, b, adaptable);
  } else if (is_select && is_bool(a) && is_bool(b)) {
    common = DType::kBool;
  }
  if (!common) {
    sink_.error(ErrorCode::E0307, e.span,
                std::string(e.text) + " needs two scalars of one dtype, not " +
                    type_to_string(a.type) + " and " + type_to_string(b.type));
    return error_info();
  }
  ExprInfo info = scalar_info(*common, adaptable);
  info.operand_dtype = *common;
  if (!is_select && dtype_info(*common).is_integer) {
    bool is_min = e.builtin == Builtin::kMin;
    info.symbolic = is_min ? a.symbolic.min(b.symbolic) : a.symbolic.max(b.symbolic);
    if (a.constant && b.constant) {
      int64_t v = is_min ? std::min(a.constant->i, b.constant->i)
                         : std::max(a.constant->i, b.constant->i);
      info.constant = ConstValue{ConstValue::Kind::kInt, v, 0, false};
    }
  }
  return info;
}

ExprInfo Checker::check_cast(const Expr& e) {
  const ExprInfo& value = check_expr(*e.args[0].value);
  const ExprInfo& target = check_expr(*e.args[1].value);
  if (value.type.kind == ValueKind::kError) return error_info();
  if (target.type.kind != ValueKind::kDType) {
    sink_.error(ErrorCode::E0307, e.args[1].value->span,
                "the second argument of cast is a dtype such as FP32");
    return error_info();
  }
  if (!is_scalar(value)) {
    sink_.error(ErrorCode::E0307, e.args[0].value->span,
                "cast converts scalars, not " + type_to_string(value.type));
    return error_info();
  }
  DType to = target.type.dtype;
  if (!dtype_info(to).c_type) {
    sink_.error(ErrorCode::E0307, e.args[1].value->span,
                std::string("cannot cast to ") + dtype_info(to).name +
                    ": it has no host scalar type");
    return error_info();
  }
  ExprInfo info = scalar_info(to);
  info.operand_dtype = value.type.dtype;
  if (dtype_info(to).is_integer && is_integer(value)) info.symbolic = value.symbolic;
  // A cast keeps the value or fails (language.md §6.2): a constant that
  // does not fit is an error here, as it would be at run time.
  if (value.constant && dtype_info(to).is_integer) {
    const ConstValue& c = *value.constant;
    std::optional<int64_t> v;
    std::string text;
    if (c.kind == ConstValue::Kind::kInt) {
      text = std::to_string(c.i);
      if (int_fits(to, c.i)) v = c.i;
    } else if (c.kind == ConstValue::Kind::kFloat) {
      text = format_expr(*e.args[0].value);
      double t = std::trunc(c.f);  // toward zero; NaN fails both comparisons
      if (t >= -9223372036854775808.0 && t < 9223372036854775808.0 &&
          int_fits(to, static_cast<int64_t>(t))) {
        v = static_cast<int64_t>(t);
      }
    } else {
      v = c.b ? 1 : 0;
    }
    if (!v) {
      sink_.error(ErrorCode::E0407, e.span,
                  "cast of " + text + " to " + dtype_info(to).name + ": the value does not fit " +
                      dtype_info(to).name);
      return error_info();
    }
    info.constant = ConstValue{ConstValue::Kind::kInt, *v, 0, false};
    info.symbolic = SymInt::constant(*v);
  }
  return info;
}

// `init = v` of tensor.create: a value of the tensor's element type (FP16
// and BF16 take an FP32 value, stored as their bits).
void Checker::check_initial_value(const Arg& init, DType dtype) {
  const ExprInfo& value = check_expr(*init.value);
  if (value.type.kind == ValueKind::kError) return;
  const DTypeInfo& d = dtype_info(dtype);
  bool half = dtype == DType::kFp16 || dtype == DType::kBf16;
  if (!d.c_type && !half) {
    sink_.error(ErrorCode::E0420, init.span,
                std::string("tensor.create cannot set an initial value of ") + d.name +
                    " elements; initialise the tensor with a task");
    return;
  }
  DType as = half ? DType::kFp32 : dtype;
  if (!check_scalar_conversion(*init.value, value, as, "the initial value")) return;
  if (half && value.constant) {
    double v = value.constant->kind == ConstValue::Kind::kFloat ? value.constant->f
                                                                : static_cast<double>(value.constant->i);
    double largest = dtype == DType::kFp16 ? 65504.0 : 3.3895313892515355e38;
    if (std::isfinite(v) && std::fabs(v) > largest) {
      sink_.error(ErrorCode::E0420, init.value->span,
                  "the initial value " + format_expr(*init.value) + " is outside the range of " +
                      d.name);
    }
  }
}

ExprInfo Checker::check_tensor_op(const Expr& e) {
  if (e.tensor_op == TensorOp::kCreate) {
    // tensor.create(shape, DTYPE [, init = v])
    if (!expect_positional(e, 2, "init")) return error_info();
    const Arg* init = e.args.size() == 3 ? &e.args[2] : nullptr;
    std::vector<SymInt> shape = check_index_list(*e.args[0].value, "a tensor shape");
    const ExprInfo& dtype = check_expr(*e.args[1].value);
    if (dtype.type.kind != ValueKind::kDType) {
      sink_.error(ErrorCode::E0307, e.args[1].value->span,
                  "the second argument of tensor.create is a dtype such as FP32");
      return error_info();
    }
    if (!is_list(*e.args[0].value)) return error_info();
    if (shape.size() > prog_.profile->max_tensor_rank || shape.empty()) {
      sink_.error(shape.empty() ? ErrorCode::E0302 : ErrorCode::E0306, e.args[0].value->span,
                  "tensor rank " + std::to_string(shape.size()) +
                      " is outside 1.." +
                      std::to_string(prog_.profile->max_tensor_rank));
      return error_info();
    }
    ExprInfo info;
    info.type.kind = ValueKind::kTensor;
    info.type.dtype = dtype.type.dtype;
    TensorLayout layout;
    for (size_t i = 0; i < shape.size(); ++i) {
      const SymInt& s = shape[i];
      if (auto c = s.as_constant(); c && *c <= 0) {
        sink_.error(ErrorCode::E0303, e.args[0].value->span,
                    "tensor.create extents must be positive");
        return error_info();
      }
      if (!check_extent_width(*e.args[0].value->items[i], s, "tensor.create extent")) {
        return error_info();
      }
      layout.shape.push_back(ExtentValue{false, s});
    }
    if (init) check_initial_value(*init, info.type.dtype);
    info.type.root_created = static_cast<int>(prog_.created_tensor_count++);
    layout.view_offsets.assign(shape.size(), SymInt::constant(0));
    layout.view_extents = shape;
    info.type.layout = prog_.add_layout(std::move(layout));
    // An initial value writes every element before any task sees it.
    created_written_.push_back(init != nullptr);
    creations_.push_back(Creation{kNoSymbol, blocks_.back(), false});
    prog_.created_allocator.push_back(-1);
    hazards_.created_loops.push_back(loops_);
    return info;
  }
  if (e.tensor_op == TensorOp::kWrite) {
    sink_.error(ErrorCode::E0410, e.span, "tensor.write is a statement, not a value");
    return error_info();
  }
  if (e.tensor_op == TensorOp::kElement) {
    sink_.error(ErrorCode::E0418, e.span,
                "tensor.element is only valid as the left operand of dispatch_if; read an "
                "element with tensor.read");
    for (const Arg& a : e.args) check_expr(*a.value);
    return error_info();
  }
  if (e.tensor_op == TensorOp::kUnknown) {
    std::string suggestion = closest_name(e.text, tensor_op_names());
    sink_.error(ErrorCode::E0410, e.span,
                "unknown tensor operation 'tensor." + std::string(e.text) + "'" +
                    (suggestion.empty() ? "" : "; did you mean 'tensor." + suggestion + "'?"));
    return error_info();
  }
  if (!expect_positional(e, tensor_op_info(e.tensor_op).arity)) return error_info();
  const ExprInfo& base = check_expr(*e.args[0].value);
  if (base.type.kind == ValueKind::kError) return error_info();
  if (base.type.kind != ValueKind::kTensor) {
    sink_.error(ErrorCode::E0204, e.args[0].value->span,
                "tensor." + std::string(e.text) + " needs a tensor, not " + type_to_string(base.type));
    return error_info();
  }
  switch (e.tensor_op) {
    case TensorOp::kSlice: return check_slice(e, base);
    case TensorOp::kReshape: return check_reshape(e, base);
    case TensorOp::kRead: return check_element_access(e, base, false);
    default: break;
  }
  // tensor.dim(t, axis)
  auto axis = constant_int(*e.args[1].value);
  if (!axis || *axis < 0 || static_cast<size_t>(*axis) >= base.type.shape().size()) {
    sink_.error(ErrorCode::E0307, e.args[1].value->span,
                "tensor.dim needs a constant axis in 0.." +
                    std::to_string(base.type.shape().size() - 1));
    return error_info();
  }
  ExprInfo info = scalar_info(DType::kIndex);
  const ExtentValue& extent = base.type.shape()[static_cast<size_t>(*axis)];
  info.symbolic = extent.any ? SymInt::unknown() : extent.value;
  return info;
}

namespace {

// Whether the value's axes are the buffer-coordinate axes of its region
// (true for buffers and slices of them, not for reshapes).
bool same_extents(const ValueType& t) {
  for (size_t i = 0; i < t.shape().size(); ++i) {
    const ExtentValue& x = t.shape()[i];
    if (x.any || x.value.compare(t.view_extents()[i]) != SymInt::Compare::kEqual) {
      return false;
    }
  }
  return true;
}

}  // namespace

ExprInfo Checker::check_slice(const Expr& e, const ExprInfo& base) {
  std::vector<SymInt> shape = check_index_list(*e.args[1].value, "a slice shape");
  std::vector<SymInt> offsets = check_index_list(*e.args[2].value, "slice offsets");
  if (!is_list(*e.args[1].value) || !is_list(*e.args[2].value)) return error_info();
  size_t rank = base.type.shape().size();
  if (shape.size() != rank || offsets.size() != rank) {
    sink_.error(ErrorCode::E0302, e.span,
                "tensor.slice of a rank-" + std::to_string(rank) +
                    " tensor needs " + std::to_string(rank) +
                    " extents and offsets, got " + std::to_string(shape.size()) +
                    " and " + std::to_string(offsets.size()));
    return error_info();
  }
  ExprInfo info;
  info.type = base.type;
  TensorLayout layout;
  info.type.contiguity = slice_contiguity(base.type, shape);
  for (size_t i = 0; i < rank; ++i) {
    auto extent = shape[i].as_constant();
    auto offset = offsets[i].as_constant();
    if ((extent && *extent <= 0) || (offset && *offset < 0)) {
      sink_.error(ErrorCode::E0305, e.span,
                  "slice axis " + std::to_string(i) +
                      " has a non-positive extent or a negative offset");
      return error_info();
    }
    const ExtentValue& whole = base.type.shape()[i];
    // -1: not a constant (then at most 4294967295, as every extent).
    int64_t limit = -1;
    if (auto c = whole.any ? std::nullopt : whole.value.as_constant()) limit = *c;
    if (!check_extent_width(*e.args[1].value->items[i], shape[i], "slice extent") ||
        !check_extent_width(*e.args[2].value->items[i], offsets[i], "slice offset")) {
      return error_info();
    }
    // Every extent fits uint32, so a window past 4294967295 is outside any
    // tensor, whatever its extent at run time.
    int64_t end = 0;
    int64_t most = limit >= 0 ? limit : static_cast<int64_t>(kMaxExtent);
    if (extent && offset &&
        (__builtin_add_overflow(*extent, *offset, &end) || end > most)) {
      sink_.error(ErrorCode::E0305, e.span,
                  "slice axis " + std::to_string(i) + " covers [" +
                      std::to_string(*offset) + ", " + std::to_string(*offset) +
                      " + " + std::to_string(*extent) + ") but the tensor's extent is " +
                      (limit >= 0 ? std::to_string(limit) : "at most 4294967295"));
      return error_info();
    }
    layout.shape.push_back(ExtentValue{false, shape[i]});
  }
  // A slice of a slice is a slice of the buffer; of a reshape, it is not
  // tracked (the axes differ).
  if (base.type.view_offsets().size() == rank && base.type.view_extents().size() == rank &&
      base.type.shape().size() == rank && same_extents(base.type)) {
    layout.view_extents = shape;
    layout.view_offsets.reserve(rank);
    for (size_t i = 0; i < rank; ++i) {
      layout.view_offsets.push_back(base.type.view_offsets()[i] + offsets[i]);
    }
  }
  info.type.layout = prog_.add_layout(std::move(layout));
  return info;
}

ExprInfo Checker::check_reshape(const Expr& e, const ExprInfo& base) {
  std::vector<SymInt> shape = check_index_list(*e.args[1].value, "a reshape shape");
  if (!is_list(*e.args[1].value)) return error_info();
  if (shape.empty() || shape.size() > prog_.profile->max_tensor_rank) {
    sink_.error(shape.empty() ? ErrorCode::E0302 : ErrorCode::E0306, e.args[1].value->span,
                "reshape rank " + std::to_string(shape.size()) + " is outside 1.." +
                    std::to_string(prog_.profile->max_tensor_rank));
    return error_info();
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    if (!check_extent_width(*e.args[1].value->items[i], shape[i], "reshape extent")) {
      return error_info();
    }
  }
  std::vector<SymInt> before;
  for (const ExtentValue& x : base.type.shape()) before.push_back(x.any ? SymInt::unknown() : x.value);
  if (!check_reshape_count(e, before, shape)) return error_info();
  if (base.type.contiguity == ValueType::Contiguity::kNo) {
    sink_.error(ErrorCode::E0422, e.args[0].value->span,
                "tensor.reshape of a view that is not contiguous: a slice can be reshaped only "
                "when it spans its tensor on every axis but the first (the runtime's reshape "
                "keeps the strides)");
    return error_info();
  }
  ExprInfo info;
  info.type = base.type;
  info.type.contiguity = ValueType::Contiguity::kYes;
  // The reshape covers what its base covers: view_offsets/view_extents stay.
  TensorLayout layout{{}, base.type.view_offsets(), base.type.view_extents()};
  for (const SymInt& x : shape) layout.shape.push_back(ExtentValue{false, x});
  info.type.layout = prog_.add_layout(std::move(layout));
  return info;
}

ExprInfo Checker::check_element_access(const Expr& e, const ExprInfo& base,
                                       bool is_write) {
  std::vector<SymInt> index = check_index_list(*e.args[1].value, "an element index");
  // After a mistake, a write still counts as writing the tensor.
  auto give_up = [&] {
    if (is_write) assume_written(base);
    return error_info();
  };
  if (!is_list(*e.args[1].value)) return give_up();
  if (index.size() != base.type.shape().size()) {
    sink_.error(ErrorCode::E0302, e.args[1].value->span,
                "the index has " + std::to_string(index.size()) +
                    " entries but the tensor has rank " +
                    std::to_string(base.type.shape().size()));
    return give_up();
  }
  if (!dtype_info(base.type.dtype).c_type) {
    sink_.error(ErrorCode::E0307, e.span,
                std::string("elements of ") + dtype_info(base.type.dtype).name +
                    " tensors cannot be read or written by the orchestration");
    return give_up();
  }
  if (!check_constant_index(*e.args[1].value, index, base.type,
                            format_expr(*e.args[0].value))) {
    return give_up();
  }
  if (is_write) {
    const ExprInfo& value = check_expr(*e.args[2].value);
    check_scalar_conversion(*e.args[2].value, value, base.type.dtype,
                            "tensor.write");
    note_tensor_use(*e.args[0].value, base.type, false, true,
                    [] { return std::string("tensor.write writes an element"); });
    return scalar_info(base.type.dtype);
  }
  note_tensor_use(*e.args[0].value, base.type, true, false, {});
  return scalar_info(base.type.dtype);
}

}  // namespace taskc
