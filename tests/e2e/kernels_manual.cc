// Host kernels of testdata/valid/manual_scope_boundary.kir and
// tests/e2e/manual_lifetime.kir.
#include <cstdint>

#include "kernel_support.h"

using e2e::at;
using e2e::scalar_arg;
using e2e::tensor_arg;

namespace {

uint32_t length(const ChipTensor& t) { return t.shapes[0]; }

}  // namespace

// produce(in x, out mid): mid = 2 x.
extern "C" void produce(int64_t* args) {
  const ChipTensor& x = tensor_arg(args, 0);
  const ChipTensor& mid = tensor_arg(args, 1);
  for (uint32_t i = 0; i < length(mid); ++i) at<float>(mid, i) = 2.0f * at<float>(x, i);
}

// consume(in mid, out y): y = mid + 1.
extern "C" void consume(int64_t* args) {
  const ChipTensor& mid = tensor_arg(args, 0);
  const ChipTensor& y = tensor_arg(args, 1);
  for (uint32_t i = 0; i < length(y); ++i) at<float>(y, i) = at<float>(mid, i) + 1.0f;
}

// scale(in y, out z, factor): z = factor y.
extern "C" void scale(int64_t* args) {
  const ChipTensor& y = tensor_arg(args, 0);
  const ChipTensor& z = tensor_arg(args, 1);
  const float factor = from_u64<float>(scalar_arg(args, 2));
  for (uint32_t i = 0; i < length(z); ++i) at<float>(z, i) = factor * at<float>(y, i);
}

// accumulate(in z, inout total): total += z.
extern "C" void accumulate(int64_t* args) {
  const ChipTensor& z = tensor_arg(args, 0);
  const ChipTensor& total = tensor_arg(args, 1);
  for (uint32_t i = 0; i < length(total); ++i) at<float>(total, i) += at<float>(z, i);
}

// fill(out buf, value): buf = value.
extern "C" void fill(int64_t* args) {
  const ChipTensor& buf = tensor_arg(args, 0);
  const float value = from_u64<float>(scalar_arg(args, 1));
  for (uint32_t i = 0; i < length(buf); ++i) at<float>(buf, i) = value;
}

// add_into(in buf, inout acc): acc += buf.
extern "C" void add_into(int64_t* args) {
  const ChipTensor& buf = tensor_arg(args, 0);
  const ChipTensor& acc = tensor_arg(args, 1);
  for (uint32_t i = 0; i < length(acc); ++i) at<float>(acc, i) += at<float>(buf, i);
}
