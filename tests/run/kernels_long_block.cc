// Host kernels of tests/run/long_block.kir: fill(o, v) sets o[0] = v,
// bump(a, v) adds v to a[0], addto(c, a) adds c[0] to a[0].
#include <cstdint>

#include "../e2e/kernel_support.h"

using e2e::at;
using e2e::scalar_arg;
using e2e::tensor_arg;

namespace {
float int_scalar(int64_t* args, int i) {
  return static_cast<float>(static_cast<int32_t>(scalar_arg(args, i)));
}
}  // namespace

extern "C" void fill(int64_t* args) { at<float>(tensor_arg(args, 0), 0) = int_scalar(args, 1); }

extern "C" void bump(int64_t* args) { at<float>(tensor_arg(args, 0), 0) += int_scalar(args, 1); }

extern "C" void addto(int64_t* args) {
  at<float>(tensor_arg(args, 1), 0) += at<float>(tensor_arg(args, 0), 0);
}
