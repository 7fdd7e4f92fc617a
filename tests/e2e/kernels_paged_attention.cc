// Host kernels of testdata/valid/paged_attention.kir, following the comments
// there: one decode step of attention over a paged KV cache, with an online
// softmax across the KV blocks of a sequence. Extents come from the tensors,
// so the `?` (runtime-sized) views of a partly filled last block just work.
#include <cmath>
#include <cstdint>
#include <limits>

#include "bf16.h"
#include "kernel_support.h"

using e2e::at;
using e2e::bf16_to_float;
using e2e::float_to_bf16;
using e2e::scalar_arg;
using e2e::tensor_arg;

// init_state(out acc [H, D], out row_max [H], out row_sum [H]):
// acc = 0, row_max = -inf, row_sum = 0.
extern "C" void init_state(int64_t* args) {
  const ChipTensor& acc = tensor_arg(args, 0);
  const ChipTensor& row_max = tensor_arg(args, 1);
  const ChipTensor& row_sum = tensor_arg(args, 2);
  for (uint32_t h = 0; h < acc.shapes[0]; ++h) {
    for (uint32_t d = 0; d < acc.shapes[1]; ++d) at<float>(acc, h, d) = 0.0f;
    at<float>(row_max, h) = -std::numeric_limits<float>::infinity();
    at<float>(row_sum, h) = 0.0f;
  }
}

// qk_matmul(in q [H, D] BF16, in k [valid, D] BF16, out scores [H, valid]):
// scores = q @ k^T.
extern "C" void qk_matmul(int64_t* args) {
  const ChipTensor& q = tensor_arg(args, 0);
  const ChipTensor& k = tensor_arg(args, 1);
  const ChipTensor& scores = tensor_arg(args, 2);
  for (uint32_t h = 0; h < q.shapes[0]; ++h) {
    for (uint32_t t = 0; t < k.shapes[0]; ++t) {
      float sum = 0.0f;
      for (uint32_t d = 0; d < q.shapes[1]; ++d) {
        sum += bf16_to_float(at<uint16_t>(q, h, d)) *
               bf16_to_float(at<uint16_t>(k, t, d));
      }
      at<float>(scores, h, t) = sum;
    }
  }
}

// softmax_update(in scores [H, valid], inout row_max [H], inout row_sum [H],
//                out probs [H, valid] BF16, out alpha [H], scale: FP32):
// the online-softmax step. With m' = max(row_max, max_t scores*scale):
// probs = exp(scores*scale - m'), alpha = exp(row_max - m'),
// row_sum = row_sum*alpha + sum(probs), row_max = m'. The sum adds the
// probabilities as stored (bf16), so that it matches what pv_matmul uses.
extern "C" void softmax_update(int64_t* args) {
  const ChipTensor& scores = tensor_arg(args, 0);
  const ChipTensor& row_max = tensor_arg(args, 1);
  const ChipTensor& row_sum = tensor_arg(args, 2);
  const ChipTensor& probs = tensor_arg(args, 3);
  const ChipTensor& alpha = tensor_arg(args, 4);
  const float scale = from_u64<float>(scalar_arg(args, 5));
  for (uint32_t h = 0; h < scores.shapes[0]; ++h) {
    const float old_max = at<float>(row_max, h);
    float new_max = old_max;
    for (uint32_t t = 0; t < scores.shapes[1]; ++t) {
      new_max = std::fmax(new_max, at<float>(scores, h, t) * scale);
    }
    float block_sum = 0.0f;
    for (uint32_t t = 0; t < scores.shapes[1]; ++t) {
      const uint16_t p =
          float_to_bf16(std::exp(at<float>(scores, h, t) * scale - new_max));
      at<uint16_t>(probs, h, t) = p;
      block_sum += bf16_to_float(p);
    }
    // exp(-inf - m') == 0: the first block rescales nothing.
    const float rescale = std::exp(old_max - new_max);
    at<float>(alpha, h) = rescale;
    at<float>(row_sum, h) = at<float>(row_sum, h) * rescale + block_sum;
    at<float>(row_max, h) = new_max;
  }
}

// pv_matmul(in probs [H, valid] BF16, in v [valid, D] BF16, out pv [H, D]):
// pv = probs @ v.
extern "C" void pv_matmul(int64_t* args) {
  const ChipTensor& probs = tensor_arg(args, 0);
  const ChipTensor& v = tensor_arg(args, 1);
  const ChipTensor& pv = tensor_arg(args, 2);
  for (uint32_t h = 0; h < probs.shapes[0]; ++h) {
    for (uint32_t d = 0; d < v.shapes[1]; ++d) {
      float sum = 0.0f;
      for (uint32_t t = 0; t < v.shapes[0]; ++t) {
        sum += bf16_to_float(at<uint16_t>(probs, h, t)) *
               bf16_to_float(at<uint16_t>(v, t, d));
      }
      at<float>(pv, h, d) = sum;
    }
  }
}

// acc_update(in pv [H, D], in alpha [H], inout acc [H, D]):
// acc = acc * alpha + pv.
extern "C" void acc_update(int64_t* args) {
  const ChipTensor& pv = tensor_arg(args, 0);
  const ChipTensor& alpha = tensor_arg(args, 1);
  const ChipTensor& acc = tensor_arg(args, 2);
  for (uint32_t h = 0; h < acc.shapes[0]; ++h) {
    for (uint32_t d = 0; d < acc.shapes[1]; ++d) {
      at<float>(acc, h, d) = at<float>(acc, h, d) * at<float>(alpha, h) +
                             at<float>(pv, h, d);
    }
  }
}

// normalize_out(in acc [H, D], in row_sum [H], out o [H, D] BF16):
// o = acc / row_sum, rounded to bf16.
extern "C" void normalize_out(int64_t* args) {
  const ChipTensor& acc = tensor_arg(args, 0);
  const ChipTensor& row_sum = tensor_arg(args, 1);
  const ChipTensor& o = tensor_arg(args, 2);
  for (uint32_t h = 0; h < acc.shapes[0]; ++h) {
    for (uint32_t d = 0; d < acc.shapes[1]; ++d) {
      at<uint16_t>(o, h, d) =
          float_to_bf16(at<float>(acc, h, d) / at<float>(row_sum, h));
    }
  }
}
