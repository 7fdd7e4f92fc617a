// The built-in scalar functions (`min(a, b)`) and tensor operations
// (`tensor.slice(...)`): one table each. The parser turns a spelling into a
// kind once; every later pass dispatches on the kind.
#ifndef TASKC_COMPILER_BUILTINS_H
#define TASKC_COMPILER_BUILTINS_H

#include <cstdint>
#include <string_view>
#include <vector>

namespace taskc {

enum class Builtin : uint8_t {
  kUnknown, kMin, kMax, kSelect, kCast, kAvailableClusters, kAvailableAiv,
};

enum class TensorOp : uint8_t {
  kUnknown, kCreate, kSlice, kReshape, kRead, kWrite, kDim, kElement,
};

struct BuiltinInfo {
  Builtin kind;
  const char* name;
  uint8_t arity;
};

struct TensorOpInfo {
  TensorOp kind;
  const char* name;
  uint8_t arity;
  bool makes_tensor;  // create, slice, reshape
};

// kUnknown for a name that is none.
Builtin find_builtin(std::string_view name);
TensorOp find_tensor_op(std::string_view name);

const BuiltinInfo& builtin_info(Builtin b);
const TensorOpInfo& tensor_op_info(TensorOp op);

// The known spellings, for "did you mean" and messages.
std::vector<std::string_view> builtin_names();
std::vector<std::string_view> tensor_op_names();

}  // namespace taskc

#endif  // TASKC_COMPILER_BUILTINS_H
