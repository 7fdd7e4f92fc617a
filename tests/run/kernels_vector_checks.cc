// testdata/valid/vector_example.kir's kernels (tests/e2e/kernels_vector.cc),
// except that kernel_add_scalar also scales its `in a` tensor in place: a
// kernel whose declared direction is wrong, for `taskc run
// --check-directions`. A kernel library must define every kernel itself, so
// the honest ones are compiled in here under another name.
#include <cstdint>

#define kernel_add_scalar honest_kernel_add_scalar
#include "../e2e/kernels_vector.cc"
#undef kernel_add_scalar

extern "C" void kernel_add_scalar(int64_t* args) {
  honest_kernel_add_scalar(args);
  const ChipTensor& a = e2e::tensor_arg(args, 0);
  for (uint32_t i = 0; i < a.shapes[0]; ++i) {
    e2e::at<float>(a, i) *= 2.0f;  // writes a tensor declared `in`
  }
}
