// testdata/valid/vector_example.kir's kernels, except that kernel_add_scalar
// also scales its `in a` tensor in place: a kernel whose declared direction
// is wrong, for `taskc run --check-directions`.
#include <cstdint>

#include "../e2e/kernel_support.h"

using e2e::at;
using e2e::scalar_arg;
using e2e::tensor_arg;

extern "C" void kernel_add(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  for (uint32_t i = 0; i < c.shapes[0]; ++i) {
    at<float>(c, i) = at<float>(a, i) + at<float>(b, i);
  }
}

extern "C" void kernel_add_scalar(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& c = tensor_arg(args, 1);
  const float s = from_u64<float>(scalar_arg(args, 2));
  for (uint32_t i = 0; i < c.shapes[0]; ++i) {
    at<float>(c, i) = at<float>(a, i) + s;
    at<float>(a, i) *= 2.0f;  // writes a tensor declared `in`
  }
}

extern "C" void kernel_mul(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  for (uint32_t i = 0; i < c.shapes[0]; ++i) {
    at<float>(c, i) = at<float>(a, i) * at<float>(b, i);
  }
}
