// Host kernels of testdata/valid/runtime_int_checks.kir.
#include <cstdint>

#include "kernel_support.h"

using e2e::at;
using e2e::scalar_arg;
using e2e::tensor_arg;

// copy(in x, out y): y = x (rank 1, views included).
extern "C" void copy(int64_t* args) {
  const ChipTensor& x = tensor_arg(args, 0);
  const ChipTensor& y = tensor_arg(args, 1);
  for (uint32_t i = 0; i < y.shapes[0]; ++i) at<float>(y, i) = at<float>(x, i);
}

// fill(out y, v: INT32): every element of y is v.
extern "C" void fill(int64_t* args) {
  const ChipTensor& y = tensor_arg(args, 0);
  const auto v = from_u64<int32_t>(scalar_arg(args, 1));
  for (uint32_t i = 0; i < y.shapes[0]; ++i) at<float>(y, i) = static_cast<float>(v);
}
