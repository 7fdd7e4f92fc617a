#include "tensor_layout.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

namespace taskc::host {

namespace {

constexpr uint64_t kOverflow = std::numeric_limits<uint64_t>::max();

// Saturates instead of wrapping, so that absurd shapes fail size checks.
uint64_t checked_multiply(uint64_t a, uint64_t b) {
  if (a != 0 && b > kOverflow / a) return kOverflow;
  return a * b;
}

}  // namespace

namespace detail {

uint32_t dtype_size(DataType dtype) {
  switch (dtype) {
    case DataType::INT64:
    case DataType::UINT64:
      return 8;
    case DataType::FLOAT32:
    case DataType::INT32:
    case DataType::UINT32:
      return 4;
    case DataType::FLOAT16:
    case DataType::BFLOAT16:
    case DataType::INT16:
    case DataType::UINT16:
      return 2;
    case DataType::INT8:
    case DataType::UINT8:
    case DataType::BOOL:
    case DataType::FP8E4M3FN:
    case DataType::FP8E8M0:
    case DataType::FP4E2M1:
      return 1;
  }
  return 0;
}

const char* dtype_name(DataType dtype) {
  switch (dtype) {
    case DataType::FLOAT32: return "FLOAT32";
    case DataType::FLOAT16: return "FLOAT16";
    case DataType::INT32: return "INT32";
    case DataType::INT16: return "INT16";
    case DataType::INT8: return "INT8";
    case DataType::UINT8: return "UINT8";
    case DataType::BFLOAT16: return "BFLOAT16";
    case DataType::INT64: return "INT64";
    case DataType::UINT64: return "UINT64";
    case DataType::UINT16: return "UINT16";
    case DataType::UINT32: return "UINT32";
    case DataType::BOOL: return "BOOL";
    case DataType::FP8E4M3FN: return "FP8E4M3FN";
    case DataType::FP8E8M0: return "FP8E8M0";
    case DataType::FP4E2M1: return "FP4E2M1";
  }
  return "INVALID";
}

}  // namespace detail

ChipTensor make_dense_tensor(void* buffer, uint64_t buffer_bytes,
                             DataType dtype, const uint32_t shapes[],
                             uint32_t ndims) {
  ChipTensor tensor;
  tensor.buffer = buffer;
  tensor.buffer_bytes = buffer_bytes;
  tensor.dtype = dtype;
  tensor.ndims = std::min(ndims, detail::kMaxTensorRank);
  uint64_t stride = 1;
  for (uint32_t k = tensor.ndims; k-- > 0;) {
    tensor.shapes[k] = shapes[k];
    tensor.strides[k] = static_cast<uint32_t>(stride);
    stride = checked_multiply(stride, std::max<uint64_t>(shapes[k], 1));
  }
  return tensor;
}

uint64_t element_count(const ChipTensor& tensor) {
  uint64_t count = 1;
  for (uint32_t k = 0; k < std::min(tensor.ndims, detail::kMaxTensorRank); ++k) {
    count = checked_multiply(count, tensor.shapes[k]);
  }
  return count;
}

uint64_t dense_bytes(DataType dtype, const uint32_t shapes[], uint32_t ndims) {
  uint64_t bytes = detail::dtype_size(dtype);
  for (uint32_t k = 0; k < ndims; ++k) bytes = checked_multiply(bytes, shapes[k]);
  return bytes;
}

std::string shape_string(const uint32_t shapes[], uint32_t ndims) {
  std::string text = "[";
  // Every shape array of the API has at most kMaxTensorRank entries.
  for (uint32_t k = 0; k < std::min(ndims, detail::kMaxTensorRank); ++k) {
    if (k > 0) text += ", ";
    text += std::to_string(shapes[k]);
  }
  return text + "]";
}

static ChipTensor empty_like(const ChipTensor& source) {
  ChipTensor empty = source;
  for (uint32_t k = 0; k < detail::kMaxTensorRank; ++k) empty.shapes[k] = 0;
  return empty;
}

ChipTensor checked_view(const ChipTensor& source, const uint32_t shapes[],
                        const uint32_t offsets[], std::string& error,
                        bool manual_dep) {
  error.clear();
  if (source.ndims > detail::kMaxTensorRank) {
    error = "view of a tensor of rank " + std::to_string(source.ndims) +
            " (the rank must be 1.." + std::to_string(detail::kMaxTensorRank) + ")";
    return empty_like(source);
  }
  ChipTensor view = source;
  view.manual_dep = manual_dep;
  const uint32_t ndims = std::min(source.ndims, detail::kMaxTensorRank);
  bool empty = false;
  for (uint32_t k = 0; k < ndims; ++k) empty = empty || shapes[k] == 0;
  if (empty) {
    for (uint32_t k = 0; k < ndims; ++k) view.shapes[k] = shapes[k];
    return view;
  }
  uint64_t element_offset = 0;
  for (uint32_t k = 0; k < ndims; ++k) {
    const uint64_t end = uint64_t{offsets[k]} + shapes[k];
    if (end > source.shapes[k]) {
      error = "view out of bounds on axis " + std::to_string(k) + ": offset " +
              std::to_string(offsets[k]) + " + extent " +
              std::to_string(shapes[k]) + " exceeds the source extent " +
              std::to_string(source.shapes[k]) + " (source shape " +
              shape_string(source.shapes, source.ndims) + ")";
      ChipTensor empty_view = empty_like(source);
      empty_view.manual_dep = manual_dep;
      return empty_view;
    }
    view.shapes[k] = shapes[k];
    element_offset += uint64_t{offsets[k]} * source.strides[k];
  }
  view.start_offset =
      source.start_offset + element_offset * detail::dtype_size(source.dtype);
  return view;
}

// Dense: row-major without gaps, so that a reshape keeps the element order.
// The stride of an axis of extent 1 is never used, so it is not checked.
static bool is_dense(const ChipTensor& tensor) {
  uint64_t expected = 1;
  for (uint32_t k = std::min(tensor.ndims, detail::kMaxTensorRank); k-- > 0;) {
    if (tensor.shapes[k] != 1 && tensor.strides[k] != expected) return false;
    expected = checked_multiply(expected, tensor.shapes[k]);
  }
  return true;
}

ChipTensor checked_reshape(const ChipTensor& source, const uint32_t shapes[],
                           uint32_t ndims, std::string& error, bool manual_dep) {
  error.clear();
  if (ndims == 0 || ndims > detail::kMaxTensorRank) {
    error = "reshape to rank " + std::to_string(ndims) + ": the rank must be 1.." +
            std::to_string(detail::kMaxTensorRank);
    return empty_like(source);
  }
  if (source.ndims > detail::kMaxTensorRank) {
    error = "reshape of a tensor of rank " + std::to_string(source.ndims) +
            " (the rank must be 1.." + std::to_string(detail::kMaxTensorRank) + ")";
    return empty_like(source);
  }
  ChipTensor reshaped = make_dense_tensor(source.buffer, source.buffer_bytes,
                                          source.dtype, shapes, ndims);
  reshaped.start_offset = source.start_offset;
  reshaped.owner_task_id = source.owner_task_id;
  reshaped.manual_dep = manual_dep;
  if (element_count(reshaped) != element_count(source)) {
    error = "reshape of " + shape_string(source.shapes, source.ndims) + " (" +
            std::to_string(element_count(source)) + " elements) to " +
            shape_string(shapes, ndims) + " (" +
            std::to_string(element_count(reshaped)) +
            " elements): the element counts differ";
    return empty_like(source);
  }
  if (!is_dense(source)) {
    error = "reshape of a non-dense view of shape " +
            shape_string(source.shapes, source.ndims) +
            ": only a tensor without gaps between its rows can be reshaped";
    return empty_like(source);
  }
  return reshaped;
}

bool element_byte_offset(const ChipTensor& tensor, uint32_t ndims,
                         const uint32_t indices[], uint64_t& byte_offset,
                         std::string& error) {
  if (ndims != tensor.ndims) {
    error = "element access with " + std::to_string(ndims) +
            " indices into a tensor of rank " + std::to_string(tensor.ndims);
    return false;
  }
  uint64_t element = 0;
  for (uint32_t k = 0; k < ndims; ++k) {
    if (indices[k] >= tensor.shapes[k]) {
      error = "element index " + shape_string(indices, ndims) +
              " out of bounds of shape " +
              shape_string(tensor.shapes, tensor.ndims);
      return false;
    }
    element += uint64_t{indices[k]} * tensor.strides[k];
  }
  byte_offset = tensor.start_offset + element * detail::dtype_size(tensor.dtype);
  return true;
}

void gather_elements(const ChipTensor& tensor, std::vector<uint8_t>& out) {
  out.clear();
  const uint64_t count = element_count(tensor);
  const uint32_t element_size = detail::dtype_size(tensor.dtype);
  if (count == 0 || element_size == 0 || tensor.buffer == nullptr) return;
  out.resize(count * element_size);
  const auto* base =
      static_cast<const uint8_t*>(tensor.buffer) + tensor.start_offset;
  if (tensor.ndims == 0) {
    std::memcpy(out.data(), base, element_size);
    return;
  }
  // Odometer over all axes but the last; the last axis is one memcpy when its
  // stride is 1.
  const int last = static_cast<int>(tensor.ndims) - 1;
  const uint64_t run = tensor.shapes[last];
  const uint64_t last_stride = tensor.strides[last];
  uint32_t index[detail::kMaxTensorRank] = {};
  uint8_t* dest = out.data();
  while (true) {
    uint64_t row_offset = 0;
    for (int k = 0; k < last; ++k) {
      row_offset += uint64_t{index[k]} * tensor.strides[k];
    }
    const uint8_t* row = base + row_offset * element_size;
    if (last_stride == 1) {
      std::memcpy(dest, row, run * element_size);
      dest += run * element_size;
    } else {
      for (uint64_t i = 0; i < run; ++i) {
        std::memcpy(dest, row + i * last_stride * element_size, element_size);
        dest += element_size;
      }
    }
    int k = last - 1;
    while (k >= 0) {
      if (++index[k] < tensor.shapes[k]) break;
      index[k] = 0;
      --k;
    }
    if (k < 0) return;
  }
}

TensorRegion TensorRegion::of(const ChipTensor& tensor) {
  return of(tensor, tensor.buffer);
}

TensorRegion TensorRegion::of(const ChipTensor& tensor, const void* key) {
  return TensorRegion(tensor, key);
}

TensorRegion::TensorRegion(const ChipTensor& tensor, const void* key) {
  buffer_ = key;
  element_size_ = detail::dtype_size(tensor.dtype);
  begin_byte_ = end_byte_ = tensor.start_offset;
  const uint32_t ndims = std::min(tensor.ndims, detail::kMaxTensorRank);
  if (element_size_ == 0) return;
  // The element count, saturated (it only decides `dense_`); 0: empty.
  uint64_t count = 1;
  uint64_t last_element = 0;
  for (uint32_t k = 0; k < ndims; ++k) {
    if (tensor.shapes[k] == 0) return;
    if (__builtin_mul_overflow(count, uint64_t{tensor.shapes[k]}, &count)) {
      count = kOverflow;
    }
    last_element += uint64_t{tensor.shapes[k] - 1} * tensor.strides[k];
  }
  end_byte_ =
      tensor.start_offset + (last_element + 1) * element_size_;

  // Box form: decompose the start element over the strides, which must be
  // strictly decreasing; a residual below the last stride becomes an extra
  // innermost axis of stride 1 so that every box ends on stride 1.
  // Divisions are the slow part: element sizes are powers of two, and an
  // axis whose stride is 1 or exceeds what is left needs none.
  const uint32_t size = element_size_;
  const bool power_of_two = (size & (size - 1)) == 0;
  if (power_of_two ? (tensor.start_offset & (size - 1)) != 0
                   : tensor.start_offset % size != 0) {
    return;
  }
  uint32_t dims = 0;
  uint64_t remainder = power_of_two
                           ? tensor.start_offset >> __builtin_ctz(size)
                           : tensor.start_offset / size;
  for (uint32_t k = 0; k < ndims; ++k) {
    const uint64_t stride = tensor.strides[k];
    if (stride == 0 || (k > 0 && stride >= tensor.strides[k - 1])) {
      return;
    }
    uint64_t low = 0;
    if (stride == 1) {
      low = remainder;
      remainder = 0;
    } else if (remainder >= stride) {
      low = remainder / stride;
      remainder -= low * stride;
    }
    box_strides_[dims] = stride;
    box_low_[dims] = low;
    box_high_[dims] = low + tensor.shapes[k];
    ++dims;
  }
  if (dims == 0 || box_strides_[dims - 1] != 1) {
    box_strides_[dims] = 1;
    box_low_[dims] = remainder;
    box_high_[dims] = remainder + 1;
    ++dims;
  }
  // The box is exact only if no axis wraps into the next outer one.
  uint64_t inner_reach = 0;
  for (uint32_t k = dims; k-- > 1;) {
    inner_reach += (box_high_[k] - 1) * box_strides_[k];
    if (inner_reach >= box_strides_[k - 1]) return;
  }
  has_box_ = true;
  box_dims_ = dims;
  dense_ = count != kOverflow &&
                  count * element_size_ ==
                      end_byte_ - begin_byte_;
  return;
}

bool TensorRegion::same_box(const TensorRegion& other) const {
  if (!has_box_ || !other.has_box_ || buffer_ != other.buffer_ ||
      box_dims_ != other.box_dims_ || element_size_ != other.element_size_) {
    return false;
  }
  for (uint32_t k = 0; k < box_dims_; ++k) {
    if (box_strides_[k] != other.box_strides_[k] ||
        box_low_[k] != other.box_low_[k] || box_high_[k] != other.box_high_[k]) {
      return false;
    }
  }
  return true;
}

bool TensorRegion::same_as(const TensorRegion& other) const {
  return same_box(other) || (covers(other) && other.covers(*this));
}

TensorRegion::Relation TensorRegion::relation(const TensorRegion& other) const {
  Relation relation;
  if (buffer_ != other.buffer_) return relation;
  if (empty() || other.empty()) {
    relation.covers = other.empty();
    relation.same = empty() && other.empty();
    return relation;
  }
  // Disjoint bytes: neither overlaps nor covers the other.
  if (end_byte_ <= other.begin_byte_ || other.end_byte_ <= begin_byte_) {
    return relation;
  }
  if (has_box_ && other.has_box_ && box_dims_ == other.box_dims_ &&
      element_size_ == other.element_size_) {
    // Box-comparable when the strides agree; every test in one pass.
    bool comparable = true;
    bool overlap = true;
    bool covers = true;
    bool covered = true;
    for (uint32_t k = 0; k < box_dims_; ++k) {
      const uint64_t low = box_low_[k], high = box_high_[k];
      const uint64_t other_low = other.box_low_[k], other_high = other.box_high_[k];
      comparable &= box_strides_[k] == other.box_strides_[k];
      overlap &= high > other_low && other_high > low;
      covers &= other_low >= low && other_high <= high;
      covered &= low >= other_low && high <= other_high;
    }
    if (comparable) {
      relation.overlaps = overlap;
      relation.covers = covers;
      relation.same = covers && covered;
      return relation;
    }
  }
  relation.overlaps = true;
  relation.covers = dense_ && begin_byte_ <= other.begin_byte_ &&
                    other.end_byte_ <= end_byte_;
  relation.same = relation.covers && other.dense_ &&
                  other.begin_byte_ <= begin_byte_ && end_byte_ <= other.end_byte_;
  return relation;
}

bool TensorRegion::box_comparable_with(const TensorRegion& other) const {
  if (!has_box_ || !other.has_box_ || box_dims_ != other.box_dims_ ||
      element_size_ != other.element_size_) {
    return false;
  }
  for (uint32_t k = 0; k < box_dims_; ++k) {
    if (box_strides_[k] != other.box_strides_[k]) return false;
  }
  return true;
}

bool TensorRegion::overlaps(const TensorRegion& other) const {
  if (buffer_ != other.buffer_ || empty() || other.empty()) return false;
  if (end_byte_ <= other.begin_byte_ || other.end_byte_ <= begin_byte_) {
    return false;
  }
  if (!box_comparable_with(other)) return true;
  for (uint32_t k = 0; k < box_dims_; ++k) {
    if (box_high_[k] <= other.box_low_[k] || other.box_high_[k] <= box_low_[k]) {
      return false;
    }
  }
  return true;
}

bool TensorRegion::covers(const TensorRegion& other) const {
  if (buffer_ != other.buffer_) return false;
  if (other.empty()) return true;
  if (empty()) return false;
  if (box_comparable_with(other)) {
    for (uint32_t k = 0; k < box_dims_; ++k) {
      if (other.box_low_[k] < box_low_[k] || other.box_high_[k] > box_high_[k]) {
        return false;
      }
    }
    return true;
  }
  return dense_ && begin_byte_ <= other.begin_byte_ &&
         other.end_byte_ <= end_byte_;
}

std::string TensorRegion::describe(const std::string& buffer_name) const {
  return "bytes [" + std::to_string(begin_byte_) + ", " +
         std::to_string(end_byte_) + ") of " + buffer_name;
}

}  // namespace taskc::host
