// Host kernel of testdata/valid/matmul_single.kir:
// matmul(in a: [M, K] BF16, in b: [K, N] BF16, out c: [M, N] FP32).
#include <cstdint>

#include "bf16.h"
#include "kernel_support.h"

using e2e::at;
using e2e::bf16_to_float;
using e2e::tensor_arg;

// c = a @ b, accumulating in float in k order (the test's reference sums in
// the same order).
extern "C" void matmul(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  const uint32_t m = a.shapes[0], k = a.shapes[1], n = b.shapes[1];
  for (uint32_t i = 0; i < m; ++i) {
    for (uint32_t j = 0; j < n; ++j) {
      float sum = 0.0f;
      for (uint32_t p = 0; p < k; ++p) {
        sum += bf16_to_float(at<uint16_t>(a, i, p)) *
               bf16_to_float(at<uint16_t>(b, p, j));
      }
      at<float>(c, i, j) = sum;
    }
  }
}
