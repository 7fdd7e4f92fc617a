// Host kernels of tests/e2e/race_war.kir and race_war_manual.kir.
#include <cstdint>

#include "kernel_support.h"

using e2e::at;
using e2e::scalar_arg;
using e2e::tensor_arg;

// snapshot_copy(in src, out dst): dst = src.
extern "C" void snapshot_copy(int64_t* args) {
  const ChipTensor& src = tensor_arg(args, 0);
  const ChipTensor& dst = tensor_arg(args, 1);
  for (uint32_t i = 0; i < dst.shapes[0]; ++i) at<float>(dst, i) = at<float>(src, i);
}

// fill(out dst, value: FP32): dst = value everywhere.
extern "C" void fill(int64_t* args) {
  const ChipTensor& dst = tensor_arg(args, 0);
  const float value = from_u64<float>(scalar_arg(args, 1));
  for (uint32_t i = 0; i < dst.shapes[0]; ++i) at<float>(dst, i) = value;
}
