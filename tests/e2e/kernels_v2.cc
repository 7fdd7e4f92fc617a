// Host kernels of the language-v2 task programs in testdata/valid:
// three_lane_groups, barrier_join, predicate_dispatch, selective_dump,
// initial_values and launch_width_a5. All tensors are rank 1 except the
// three-lane group's [M, N] ones.
#include <cstdint>
#include <cstring>

#include "kernel_support.h"

using e2e::at;
using e2e::scalar_arg;
using e2e::tensor_arg;

namespace {

uint32_t length(const ChipTensor& t) { return t.shapes[0]; }

// Each lane of a three_lane_groups task writes its own third of the rows
// of y, so the result shows which kernels ran on which payload.
void write_row_block(int64_t* args, uint32_t block, float (*f)(float, float)) {
  const ChipTensor& x = tensor_arg(args, 0);
  const ChipTensor& y = tensor_arg(args, 2);
  const float alpha = from_u64<float>(scalar_arg(args, 3));
  const uint32_t rows = y.shapes[0] / 3;
  for (uint32_t i = block * rows; i < (block + 1) * rows; ++i) {
    for (uint32_t j = 0; j < y.shapes[1]; ++j) at<float>(y, i, j) = f(at<float>(x, i, j), alpha);
  }
}

float add(float a, float b) { return a + b; }
float mul(float a, float b) { return a * b; }

// FP16 <-> FP32 for the normal numbers the tests use.
float half_to_float(uint16_t h) {
  const uint32_t sign = (h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1f;
  const uint32_t mantissa = h & 0x3ffu;
  const uint32_t bits = exponent == 0 ? sign : sign | ((exponent + 112) << 23) | (mantissa << 13);
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

uint16_t float_to_half(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  const uint32_t sign = (bits >> 16) & 0x8000u;
  const int32_t exponent = static_cast<int32_t>((bits >> 23) & 0xff) - 112;
  if (exponent <= 0) return static_cast<uint16_t>(sign);
  return static_cast<uint16_t>(sign | (static_cast<uint32_t>(exponent) << 10) |
                               ((bits >> 13) & 0x3ffu));
}

}  // namespace

// three_lane_groups: mm_bias (aic, rows 0..M/3) y = x + alpha; add_half
// (aiv0, the middle third) y = x + alpha; mul_half (aiv1, the last third)
// y = x * alpha.
extern "C" void mm_bias(int64_t* args) { write_row_block(args, 0, add); }
extern "C" void add_half(int64_t* args) { write_row_block(args, 1, add); }
extern "C" void mul_half(int64_t* args) { write_row_block(args, 2, mul); }

// barrier_join: produce(out y, v) y = v; combine(in a, in b, out y) y = a + b.
extern "C" void produce(int64_t* args) {
  const ChipTensor& y = tensor_arg(args, 0);
  const float v = from_u64<float>(scalar_arg(args, 1));
  for (uint32_t i = 0; i < length(y); ++i) at<float>(y, i) = v;
}

extern "C" void combine(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& y = tensor_arg(args, 2);
  for (uint32_t i = 0; i < length(y); ++i) at<float>(y, i) = at<float>(a, i) + at<float>(b, i);
}

// predicate_dispatch: route(in x, out sel) sel[e] = x[e] (as an integer);
// expert(in x, inout y, e) y += e + 1.
extern "C" void route(int64_t* args) {
  const ChipTensor& x = tensor_arg(args, 0);
  const ChipTensor& sel = tensor_arg(args, 1);
  for (uint32_t e = 0; e < length(sel); ++e) {
    at<int32_t>(sel, e) = static_cast<int32_t>(*e2e::element_at<float>(x, e));
  }
}

extern "C" void expert(int64_t* args) {
  const ChipTensor& y = tensor_arg(args, 1);
  const auto e = static_cast<int32_t>(scalar_arg(args, 2));
  for (uint32_t i = 0; i < y.shapes[0] * y.shapes[1]; ++i) {
    *e2e::element_at<float>(y, i) += static_cast<float>(e + 1);
  }
}

// selective_dump: scale(in x, out y, s) y = s x; add(in a, in b, out c).
extern "C" void scale(int64_t* args) {
  const ChipTensor& x = tensor_arg(args, 0);
  const ChipTensor& y = tensor_arg(args, 1);
  const float s = from_u64<float>(scalar_arg(args, 2));
  for (uint32_t i = 0; i < length(y); ++i) at<float>(y, i) = s * at<float>(x, i);
}

extern "C" void add(int64_t* args) {
  const ChipTensor& a = tensor_arg(args, 0);
  const ChipTensor& b = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  for (uint32_t i = 0; i < length(c); ++i) at<float>(c, i) = at<float>(a, i) + at<float>(b, i);
}

// initial_values: accumulate(in x, inout acc) acc += x (FP32 and FP16);
// count(inout c) c += 1; finish(in acc, in h, in c, out y) y = acc + h + c.
extern "C" void accumulate(int64_t* args) {
  const ChipTensor& x = tensor_arg(args, 0);
  const ChipTensor& acc = tensor_arg(args, 1);
  for (uint32_t i = 0; i < length(acc); ++i) at<float>(acc, i) += at<float>(x, i);
}

extern "C" void accumulate_h(int64_t* args) {
  const ChipTensor& x = tensor_arg(args, 0);
  const ChipTensor& acc = tensor_arg(args, 1);
  for (uint32_t i = 0; i < length(acc); ++i) {
    at<uint16_t>(acc, i) =
        float_to_half(half_to_float(at<uint16_t>(acc, i)) + half_to_float(at<uint16_t>(x, i)));
  }
}

extern "C" void count(int64_t* args) {
  const ChipTensor& c = tensor_arg(args, 0);
  for (uint32_t i = 0; i < length(c); ++i) at<int32_t>(c, i) += 1;
}

extern "C" void finish(int64_t* args) {
  const ChipTensor& acc = tensor_arg(args, 0);
  const ChipTensor& h = tensor_arg(args, 1);
  const ChipTensor& c = tensor_arg(args, 2);
  const ChipTensor& y = tensor_arg(args, 3);
  for (uint32_t i = 0; i < length(y); ++i) {
    at<float>(y, i) = at<float>(acc, i) + half_to_float(at<uint16_t>(h, i)) +
                      static_cast<float>(at<int32_t>(c, i));
  }
}

// launch_width_a5: spmd(in x, out y) y = x, once per block.
extern "C" void spmd(int64_t* args) {
  const ChipTensor& x = tensor_arg(args, 0);
  const ChipTensor& y = tensor_arg(args, 1);
  for (uint32_t i = 0; i < length(y); ++i) at<float>(y, i) = at<float>(x, i);
}
