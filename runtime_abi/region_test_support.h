// Matrices and their tiles over caller-owned storage, for the tests of
// regions and of the tensor map.
#ifndef TASKC_RUNTIME_ABI_REGION_TEST_SUPPORT_H
#define TASKC_RUNTIME_ABI_REGION_TEST_SUPPORT_H

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "pto_orchestration_api.h"
#include "tensor_layout.h"

namespace taskc::host::test {

// A dense rows x cols FLOAT32 matrix at the start of `storage`.
template <size_t N>
ChipTensor matrix_in(float (&storage)[N], uint32_t rows, uint32_t cols) {
  REQUIRE(size_t{rows} * cols <= N);
  const uint32_t shapes[2] = {rows, cols};
  return make_dense_tensor(storage, sizeof storage, DataType::FLOAT32, shapes, 2);
}

inline ChipTensor tile(const ChipTensor& parent, uint32_t rows, uint32_t cols,
                       uint32_t row0, uint32_t col0) {
  const uint32_t shapes[2] = {rows, cols};
  const uint32_t offsets[2] = {row0, col0};
  std::string error;
  const ChipTensor view = checked_view(parent, shapes, offsets, error);
  REQUIRE(error.empty());
  return view;
}

}  // namespace taskc::host::test

#endif  // TASKC_RUNTIME_ABI_REGION_TEST_SUPPORT_H
