#include "builtins.h"

namespace taskc {

namespace {

constexpr BuiltinInfo kBuiltins[] = {
    {Builtin::kUnknown, "", 0},
    {Builtin::kMin, "min", 2},
    {Builtin::kMax, "max", 2},
    {Builtin::kSelect, "select", 3},
    {Builtin::kCast, "cast", 2},
    {Builtin::kAvailableClusters, "available_clusters", 0},
    {Builtin::kAvailableAiv, "available_aiv", 0},
};

constexpr TensorOpInfo kTensorOps[] = {
    {TensorOp::kUnknown, "", 0, false},
    {TensorOp::kCreate, "create", 2, true},
    {TensorOp::kSlice, "slice", 3, true},
    {TensorOp::kReshape, "reshape", 2, true},
    {TensorOp::kRead, "read", 2, false},
    {TensorOp::kWrite, "write", 3, false},
    {TensorOp::kDim, "dim", 2, false},
    {TensorOp::kElement, "element", 2, false},
};

template <typename Info, size_t N>
auto find_in(const Info (&table)[N], std::string_view name) {
  for (const Info& i : table) {
    if (i.kind != decltype(i.kind)::kUnknown && name == i.name) return i.kind;
  }
  return decltype(table[0].kind)::kUnknown;
}

template <typename Info, size_t N>
std::vector<std::string_view> names_in(const Info (&table)[N]) {
  std::vector<std::string_view> out;
  for (const Info& i : table) {
    if (i.kind != decltype(i.kind)::kUnknown) out.emplace_back(i.name);
  }
  return out;
}

}  // namespace

Builtin find_builtin(std::string_view name) { return find_in(kBuiltins, name); }
TensorOp find_tensor_op(std::string_view name) { return find_in(kTensorOps, name); }

const BuiltinInfo& builtin_info(Builtin b) { return kBuiltins[static_cast<size_t>(b)]; }
const TensorOpInfo& tensor_op_info(TensorOp op) {
  return kTensorOps[static_cast<size_t>(op)];
}

std::vector<std::string_view> builtin_names() { return names_in(kBuiltins); }
std::vector<std::string_view> tensor_op_names() { return names_in(kTensorOps); }

}  // namespace taskc
