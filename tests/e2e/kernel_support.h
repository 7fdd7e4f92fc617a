// What every host kernel of the e2e suite needs: its arguments as the host
// runtime passes them (args[i] is the address of the i-th payload ChipTensor,
// then the raw scalar words) and element access that follows each tensor's
// byte offset and element strides, so that views work unchanged.
#ifndef TASKC_TESTS_E2E_KERNEL_SUPPORT_H
#define TASKC_TESTS_E2E_KERNEL_SUPPORT_H

#include <cstdint>

#include "pto_orchestration_api.h"

namespace e2e {

inline const ChipTensor& tensor_arg(const int64_t* args, uint32_t slot) {
  return *reinterpret_cast<const ChipTensor*>(args[slot]);
}

// The raw payload word of a scalar; `index` counts from args[0], so the
// first scalar of a kernel with T tensors is index T.
inline uint64_t scalar_arg(const int64_t* args, uint32_t index) {
  return static_cast<uint64_t>(args[index]);
}

template <typename T>
T* element_at(const ChipTensor& t, uint64_t element_offset) {
  return reinterpret_cast<T*>(static_cast<char*>(t.buffer) + t.start_offset) +
         element_offset;
}

// Element i of a rank-1 tensor.
template <typename T>
T& at(const ChipTensor& t, uint32_t i) {
  return *element_at<T>(t, uint64_t{i} * t.strides[0]);
}

// Element (i, j) of a rank-2 tensor.
template <typename T>
T& at(const ChipTensor& t, uint32_t i, uint32_t j) {
  return *element_at<T>(t, uint64_t{i} * t.strides[0] +
                               uint64_t{j} * t.strides[1]);
}

}  // namespace e2e

#endif  // TASKC_TESTS_E2E_KERNEL_SUPPORT_H
