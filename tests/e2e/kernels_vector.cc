// Host kernels of testdata/valid/vector_example.kir, one extern "C" symbol
// per kernel name, as a user would write them for the host runtime.
#include <cstdint>

#include "kernel_support.h"

using e2e::at;
using e2e::scalar_arg;
using e2e::tensor_arg;

// kernel_add(in a, in b, out c): c = a + b.
extern "C" void kernel_add(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  for (uint32_t i = 0; i < c.shapes[0]; ++i) {
    at<float>(c, i) = at<float>(a, i) + at<float>(b, i);
  }
}

// kernel_add_scalar(in a, out c, s: FP32, n: UINT32): c = a + s. `n` is part
// of the declared ABI but carries nothing this computation needs.
extern "C" void kernel_add_scalar(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& c = tensor_arg(args, 1);
  const float s = from_u64<float>(scalar_arg(args, 2));
  for (uint32_t i = 0; i < c.shapes[0]; ++i) at<float>(c, i) = at<float>(a, i) + s;
}

// kernel_mul(in a, in b, out c, n: UINT32): c = a * b.
extern "C" void kernel_mul(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  for (uint32_t i = 0; i < c.shapes[0]; ++i) {
    at<float>(c, i) = at<float>(a, i) * at<float>(b, i);
  }
}
