// Tensor geometry, regions and the scalar word conversions.
#include "tensor_layout.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "pto_orchestration_api.h"
#include "region_test_support.h"

using namespace taskc::host;
using taskc::host::test::tile;

namespace {

float g_storage[64];

ChipTensor matrix(uint32_t rows, uint32_t cols) {
  return test::matrix_in(g_storage, rows, cols);
}

TEST_CASE("dense tensors are row-major") {
  const ChipTensor m = matrix(4, 8);
  CHECK(m.strides[0] == 8);
  CHECK(m.strides[1] == 1);
  CHECK(m.start_offset == 0);
  CHECK(element_count(m) == 32);
  const uint32_t shape[3] = {2, 3, 4};
  CHECK(dense_bytes(DataType::BFLOAT16, shape, 3) == 48);
  CHECK(shape_string(shape, 3) == "[2, 3, 4]");
}

TEST_CASE("column tiles of a matrix are disjoint, overlapping tiles are not") {
  const ChipTensor m = matrix(4, 8);
  const TensorRegion left = TensorRegion::of(tile(m, 4, 4, 0, 0));
  const TensorRegion right = TensorRegion::of(tile(m, 4, 4, 0, 4));
  const TensorRegion middle = TensorRegion::of(tile(m, 2, 4, 1, 2));
  const TensorRegion whole = TensorRegion::of(m);
  CHECK_FALSE(left.overlaps(right));
  CHECK(left.overlaps(middle));
  CHECK(right.overlaps(middle));
  CHECK(whole.covers(left));
  CHECK(whole.covers(middle));
  CHECK_FALSE(left.covers(middle));
  CHECK(left.covers(TensorRegion::of(tile(m, 2, 2, 2, 2))));
}

TEST_CASE("regions that cannot be compared as boxes fall back to bytes") {
  const ChipTensor m = matrix(4, 8);
  const uint32_t flat_shape[1] = {32};
  std::string error;
  const ChipTensor flat = checked_reshape(m, flat_shape, 1, error);
  REQUIRE(error.empty());
  const uint32_t piece_shape[1] = {4};
  const uint32_t piece_offset[1] = {4};  // row 0, columns 4..7
  const ChipTensor piece = checked_view(flat, piece_shape, piece_offset, error);
  REQUIRE(error.empty());
  // piece lies in row 0, before every byte of the left block's rows 1..3.
  CHECK_FALSE(TensorRegion::of(tile(m, 3, 4, 1, 0)).overlaps(TensorRegion::of(piece)));
  // The left block of rows 0..3 spans piece's bytes: reported (conservative).
  CHECK(TensorRegion::of(tile(m, 4, 4, 0, 0)).overlaps(TensorRegion::of(piece)));
  CHECK(TensorRegion::of(flat).covers(TensorRegion::of(tile(m, 2, 2, 1, 1))));
}

TEST_CASE("different buffers and empty regions never overlap") {
  float other[8] = {};
  const uint32_t shape[1] = {8};
  const ChipTensor a = make_dense_tensor(other, sizeof other, DataType::FLOAT32,
                                         shape, 1);
  const ChipTensor m = matrix(1, 8);
  CHECK_FALSE(TensorRegion::of(a).overlaps(TensorRegion::of(m)));
  ChipTensor empty = m;
  empty.shapes[1] = 0;
  CHECK(TensorRegion::of(empty).empty());
  CHECK_FALSE(TensorRegion::of(empty).overlaps(TensorRegion::of(m)));
}

TEST_CASE("relation agrees with overlaps, covers and same_as") {
  const ChipTensor m = matrix(4, 8);
  std::string error;
  const uint32_t flat_shape[1] = {32};
  const ChipTensor flat = checked_reshape(m, flat_shape, 1, error);
  REQUIRE(error.empty());
  const uint32_t piece_shape[1] = {4};
  const uint32_t piece_offset[1] = {4};
  const ChipTensor piece = checked_view(flat, piece_shape, piece_offset, error);
  REQUIRE(error.empty());
  ChipTensor column = m;  // column 2: rank 1, stride 8
  column.ndims = 1;
  column.shapes[0] = 4;
  column.strides[0] = 8;
  column.start_offset = 2 * sizeof(float);
  ChipTensor empty = m;
  empty.shapes[1] = 0;
  float other[32] = {};
  std::vector<TensorRegion> regions = {
      TensorRegion::of(m),
      TensorRegion::of(tile(m, 4, 4, 0, 0)),
      TensorRegion::of(tile(m, 4, 4, 0, 0)),  // an equal copy
      TensorRegion::of(tile(m, 4, 4, 0, 4)),
      TensorRegion::of(tile(m, 2, 4, 1, 2)),
      TensorRegion::of(tile(m, 1, 1, 3, 7)),
      TensorRegion::of(tile(m, 2, 8, 2, 0)),
      TensorRegion::of(flat),
      TensorRegion::of(piece),
      TensorRegion::of(column),
      TensorRegion::of(empty),
      TensorRegion::of(empty),
      TensorRegion::of(test::matrix_in(other, 4, 8)),
  };
  for (size_t i = 0; i < regions.size(); ++i) {
    for (size_t j = 0; j < regions.size(); ++j) {
      INFO("regions " << i << " and " << j);
      const TensorRegion::Relation relation = regions[i].relation(regions[j]);
      CHECK(relation.overlaps == regions[i].overlaps(regions[j]));
      CHECK(relation.covers == regions[i].covers(regions[j]));
      CHECK(relation.same == regions[i].same_as(regions[j]));
    }
  }
  // Not vacuous: each answer occurs both ways.
  CHECK(regions[1].relation(regions[2]).same);
  CHECK_FALSE(regions[0].relation(regions[1]).same);
  CHECK(regions[0].relation(regions[1]).covers);
  CHECK_FALSE(regions[1].relation(regions[3]).overlaps);
  CHECK(regions[10].relation(regions[11]).same);
}

TEST_CASE("view and reshape errors name what is wrong") {
  const ChipTensor m = matrix(4, 8);
  std::string error;
  const uint32_t shapes[2] = {5, 1};
  const uint32_t offsets[2] = {0, 0};
  const ChipTensor bad = checked_view(m, shapes, offsets, error);
  CHECK(error ==
        "view out of bounds on axis 0: offset 0 + extent 5 exceeds the source "
        "extent 4 (source shape [4, 8])");
  CHECK(element_count(bad) == 0);

  const ChipTensor block = tile(m, 2, 2, 0, 0);
  const uint32_t flat[1] = {4};
  checked_reshape(block, flat, 1, error);
  CHECK(error.find("non-dense view") != std::string::npos);
  const uint32_t row[2] = {1, 8};
  checked_reshape(tile(m, 1, 8, 2, 0), row, 2, error);
  CHECK(error.empty());
}

TEST_CASE("gather copies a strided view in row-major order") {
  for (int i = 0; i < 32; ++i) g_storage[i] = static_cast<float>(i);
  const ChipTensor m = matrix(4, 8);
  std::vector<uint8_t> bytes;
  gather_elements(tile(m, 2, 3, 1, 4), bytes);
  REQUIRE(bytes.size() == 6 * sizeof(float));
  std::vector<float> values(6);
  std::memcpy(values.data(), bytes.data(), bytes.size());
  CHECK(values == std::vector<float>{12, 13, 14, 20, 21, 22});
  // Column 2 as a rank-1 tensor: the innermost stride is not 1.
  ChipTensor column = m;
  column.ndims = 1;
  column.shapes[0] = 4;
  column.strides[0] = 8;
  column.start_offset = 2 * sizeof(float);
  gather_elements(column, bytes);
  REQUIRE(bytes.size() == 4 * sizeof(float));
  values.resize(4);
  std::memcpy(values.data(), bytes.data(), bytes.size());
  CHECK(values == std::vector<float>{2, 10, 18, 26});
}

TEST_CASE("scalar words: every value by its bytes, zero-extended") {
  CHECK(to_u64(1.0f) == 0x3f800000u);
  CHECK(from_u64<float>(to_u64(-2.5f)) == -2.5f);
  CHECK(from_u64<double>(to_u64(3.25)) == 3.25);
  // As on the device: a bit copy, not a sign extension.
  CHECK(to_u64(int32_t{-1}) == 0xFFFFFFFFu);
  CHECK(to_u64(int64_t{-1}) == UINT64_MAX);
  CHECK(to_u64(int8_t{-2}) == 0xFEu);
  CHECK(from_u64<int32_t>(to_u64(int32_t{-7})) == -7);
  CHECK(to_u64(true) == 1);
  CHECK(from_u64<bool>(2));
  CHECK(from_u64<uint8_t>(0x1ff) == 0xff);
  CHECK(std::isnan(from_u64<float>(to_u64(std::nanf("")))));
}

TEST_CASE("PTO2TaskId and dtype helpers") {
  CHECK_FALSE(PTO2TaskId::invalid().is_valid());
  CHECK(PTO2TaskId{3}.is_valid());
  CHECK(PTO2TaskId{3} == PTO2TaskId{3});
  CHECK(taskc::host::detail::dtype_size(DataType::FP4E2M1) == 1);
  CHECK(taskc::host::detail::dtype_size(DataType::UINT64) == 8);
  CHECK(std::string(taskc::host::detail::dtype_name(DataType::BFLOAT16)) ==
        "BFLOAT16");
}

}  // namespace
