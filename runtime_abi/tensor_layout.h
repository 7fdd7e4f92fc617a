// Tensor geometry for the host runtime: dense layouts, views and reshapes
// with bounds checks, the memory region a tensor covers (for dependency
// tracking and race checking) and copying a tensor's elements out.
#ifndef TASKC_RUNTIME_ABI_TENSOR_LAYOUT_H
#define TASKC_RUNTIME_ABI_TENSOR_LAYOUT_H

#include <cstdint>
#include <string>
#include <vector>

#include "pto_orchestration_api.h"

namespace taskc::host {

// A dense row-major tensor over `buffer` (start_offset 0).
ChipTensor make_dense_tensor(void* buffer, uint64_t buffer_bytes,
                             DataType dtype, const uint32_t shapes[],
                             uint32_t ndims);

// Number of elements (the product of the extents; 1 for rank 0).
uint64_t element_count(const ChipTensor& tensor);
// Bytes needed by a dense tensor of this shape and dtype.
uint64_t dense_bytes(DataType dtype, const uint32_t shapes[], uint32_t ndims);

// "[128, 64]".
std::string shape_string(const uint32_t shapes[], uint32_t ndims);

// The view or the reshape, or an error message (left empty on success). As
// on the device, a view with an extent 0 is empty and takes any offsets, and
// the result's manual_dep is `manual_dep`, not the source's.
ChipTensor checked_view(const ChipTensor& source, const uint32_t shapes[],
                        const uint32_t offsets[], std::string& error,
                        bool manual_dep = false);
ChipTensor checked_reshape(const ChipTensor& source, const uint32_t shapes[],
                           uint32_t ndims, std::string& error,
                           bool manual_dep = false);

// Byte offset of one element from the buffer base, or an error message when
// the index does not address an element of the tensor.
bool element_byte_offset(const ChipTensor& tensor, uint32_t ndims,
                         const uint32_t indices[], uint64_t& byte_offset,
                         std::string& error);

// Copies the tensor's elements, in row-major order of its shape, to `out`.
void gather_elements(const ChipTensor& tensor, std::vector<uint8_t>& out);

// The memory a tensor covers. Two regions of one buffer are compared
// exactly when both decompose into boxes over the same stride vector (the
// usual case: tiles of one tensor); otherwise by their byte extents, which
// may report an overlap that is not there but never misses one.
class TensorRegion {
 public:
  // Regions are compared by `key`: the buffer's address by default; the
  // runtime keys them by allocation, so that a freed buffer's address
  // reused by a later allocation is another buffer.
  static TensorRegion of(const ChipTensor& tensor);
  static TensorRegion of(const ChipTensor& tensor, const void* key);
  // The same, made in place (a region is large: no copy).
  TensorRegion(const ChipTensor& tensor, const void* key);
  TensorRegion() = default;

  const void* buffer() const { return buffer_; }
  // The byte extent [begin, end) relative to the buffer; every element of
  // the region lies inside it.
  uint64_t begin_byte() const { return begin_byte_; }
  uint64_t end_byte() const { return end_byte_; }
  bool empty() const { return begin_byte_ == end_byte_; }
  bool overlaps(const TensorRegion& other) const;
  // True only when every byte of `other` is certainly inside this region.
  bool covers(const TensorRegion& other) const;
  // Each covers the other (the usual case, the same box, is checked first).
  bool same_as(const TensorRegion& other) const;

  // overlaps(other), covers(other) and same_as(other) in one pass.
  struct Relation {
    bool overlaps = false;
    bool covers = false;
    bool same = false;
  };
  Relation relation(const TensorRegion& other) const;
  // "bytes [64, 128) of <buffer_name>".
  std::string describe(const std::string& buffer_name) const;

 private:
  static constexpr uint32_t kMaxBoxDims = detail::kMaxTensorRank + 1;

  bool box_comparable_with(const TensorRegion& other) const;
  bool same_box(const TensorRegion& other) const;

  const void* buffer_ = nullptr;
  uint64_t begin_byte_ = 0;  // [begin, end) relative to buffer
  uint64_t end_byte_ = 0;
  bool dense_ = false;  // every byte of [begin, end) belongs to the tensor
  // Box form: element coordinates [low, high) per dimension over
  // `box_strides` (elements, strictly decreasing), when it exists.
  bool has_box_ = false;
  uint32_t element_size_ = 0;
  uint32_t box_dims_ = 0;
  uint64_t box_strides_[kMaxBoxDims] = {};
  uint64_t box_low_[kMaxBoxDims] = {};
  uint64_t box_high_[kMaxBoxDims] = {};
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TENSOR_LAYOUT_H
