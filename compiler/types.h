// Element types (dtypes) and their spellings in .kir, the runtime and C++.
#ifndef TASKC_COMPILER_TYPES_H
#define TASKC_COMPILER_TYPES_H

#include <cstdint>
#include <optional>
#include <string_view>

namespace taskc {

enum class DType : uint8_t {
  kBool, kInt8, kInt16, kInt32, kInt64, kUint8, kUint16, kUint32, kUint64,
  kFp16, kBf16, kFp32, kFp8E4M3FN, kFp8E8M0, kFp4E2M1, kIndex,
};

struct DTypeInfo {
  DType dtype;
  const char* name;          // .kir spelling: "FP32"
  const char* runtime_name;  // DataType:: member: "FLOAT32"
  // The C++ type of a scalar of this dtype, or nullptr when there is none
  // (FP16, BF16 and the FP8/FP4 formats have no host scalar type).
  const char* c_type;
  bool is_integer;  // BOOL is not an integer
  bool is_float;
  int64_t min_value;   // integer range (integers and BOOL only)
  uint64_t max_value;
};

const DTypeInfo& dtype_info(DType d);
std::optional<DType> parse_dtype(std::string_view name);

// Whether integer `value` (given as magnitude + sign) is representable.
bool integer_fits(DType d, bool negative, uint64_t magnitude);

}  // namespace taskc

#endif  // TASKC_COMPILER_TYPES_H
