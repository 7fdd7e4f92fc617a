// Host kernels for vector_example.kir: one extern "C" function per kernel,
// named as the kernel, taking the argument words of one invocation (tensor
// addresses in payload order, then scalars). `taskc run` looks them up by
// name in the library built from this file. Only the installed headers are
// needed (`pkg-config --cflags taskc-abi`).
#include <cstdint>

#include "pto_orchestration_api.h"

namespace {

const ChipTensor& tensor(const int64_t* args, int slot) {
  return *reinterpret_cast<const ChipTensor*>(args[slot]);
}

float& at(const ChipTensor& t, uint32_t i) {
  return reinterpret_cast<float*>(static_cast<char*>(t.buffer) +
                                  t.start_offset)[uint64_t{i} * t.strides[0]];
}

}  // namespace

extern "C" void kernel_add(int64_t* args) {
  for (uint32_t i = 0; i < tensor(args, 2).shapes[0]; ++i) {
    at(tensor(args, 2), i) = at(tensor(args, 0), i) + at(tensor(args, 1), i);
  }
}

extern "C" void kernel_add_scalar(int64_t* args) {
  const float s = from_u64<float>(static_cast<uint64_t>(args[2]));
  for (uint32_t i = 0; i < tensor(args, 1).shapes[0]; ++i) {
    at(tensor(args, 1), i) = at(tensor(args, 0), i) + s;
  }
}

extern "C" void kernel_mul(int64_t* args) {
  for (uint32_t i = 0; i < tensor(args, 2).shapes[0]; ++i) {
    at(tensor(args, 2), i) = at(tensor(args, 0), i) * at(tensor(args, 1), i);
  }
}
