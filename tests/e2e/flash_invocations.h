// What the host kernels of mixed_group_dual_aiv.kir record about each
// invocation of a group member (kernels_flash_attention.cc), and the C
// functions through which the test reads the record out of the kernel
// library (found with dlsym, since the test only dlopens that library).
#ifndef TASKC_TESTS_E2E_FLASH_INVOCATIONS_H
#define TASKC_TESTS_E2E_FLASH_INVOCATIONS_H

#include <cstddef>
#include <cstdint>

namespace e2e {

// Both groups of the program pass 4 or 5 tensors and at most 2 scalars.
constexpr uint32_t kMaxRecordedTensors = 5;
constexpr uint32_t kMaxRecordedScalars = 2;

struct RecordedTensor {
  const void* buffer;
  uint64_t start_offset;  // bytes
  uint32_t ndims;
  uint32_t shapes[2];
  uint32_t dtype;  // DataType as an integer
};

// One kernel call: which member, on which lane and block, and the payload it
// was given.
struct FlashInvocation {
  char kernel[16];
  int32_t lane;  // 0 aic, 1 aiv0, 2 aiv1
  int64_t block_idx;
  int64_t block_num;
  uint32_t tensor_count;
  uint32_t scalar_count;
  RecordedTensor tensors[kMaxRecordedTensors];
  uint64_t scalars[kMaxRecordedScalars];
};

extern "C" {
using FlashInvocationCountFn = size_t (*)();
using FlashInvocationAtFn = FlashInvocation (*)(size_t index);
using FlashInvocationClearFn = void (*)();
}

// Symbol names of the three functions above.
constexpr const char* kFlashInvocationCount = "e2e_flash_invocation_count";
constexpr const char* kFlashInvocationAt = "e2e_flash_invocation_at";
constexpr const char* kFlashInvocationClear = "e2e_flash_invocations_clear";

}  // namespace e2e

#endif  // TASKC_TESTS_E2E_FLASH_INVOCATIONS_H
