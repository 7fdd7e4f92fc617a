#include "types.h"

#include <array>
#include <limits>

namespace taskc {

namespace {

constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();
constexpr uint64_t kI64Max = std::numeric_limits<int64_t>::max();

const std::array<DTypeInfo, 16> kDTypes = {{
    {DType::kBool, "BOOL", "BOOL", "bool", false, false, 0, 1},
    {DType::kInt8, "INT8", "INT8", "int8_t", true, false, -128, 127},
    {DType::kInt16, "INT16", "INT16", "int16_t", true, false, -32768, 32767},
    {DType::kInt32, "INT32", "INT32", "int32_t", true, false, -2147483648LL,
     2147483647},
    {DType::kInt64, "INT64", "INT64", "int64_t", true, false, kI64Min, kI64Max},
    {DType::kUint8, "UINT8", "UINT8", "uint8_t", true, false, 0, 255},
    {DType::kUint16, "UINT16", "UINT16", "uint16_t", true, false, 0, 65535},
    {DType::kUint32, "UINT32", "UINT32", "uint32_t", true, false, 0,
     4294967295u},
    {DType::kUint64, "UINT64", "UINT64", "uint64_t", true, false, 0,
     std::numeric_limits<uint64_t>::max()},
    {DType::kFp16, "FP16", "FLOAT16", nullptr, false, true, 0, 0},
    {DType::kBf16, "BF16", "BFLOAT16", nullptr, false, true, 0, 0},
    {DType::kFp32, "FP32", "FLOAT32", "float", false, true, 0, 0},
    {DType::kFp8E4M3FN, "FP8E4M3FN", "FP8E4M3FN", nullptr, false, true, 0, 0},
    {DType::kFp8E8M0, "FP8E8M0", "FP8E8M0", nullptr, false, true, 0, 0},
    {DType::kFp4E2M1, "FP4E2M1", "FP4E2M1", nullptr, false, true, 0, 0},
    {DType::kIndex, "INDEX", "INT64", "int64_t", true, false, kI64Min, kI64Max},
}};

}  // namespace

const DTypeInfo& dtype_info(DType d) {
  return kDTypes[static_cast<size_t>(d)];
}

std::optional<DType> parse_dtype(std::string_view name) {
  for (const DTypeInfo& info : kDTypes) {
    if (name == info.name) return info.dtype;
  }
  return std::nullopt;
}

bool integer_fits(DType d, bool negative, uint64_t magnitude) {
  const DTypeInfo& info = dtype_info(d);
  if (!info.is_integer && d != DType::kBool) return false;
  if (!negative) return magnitude <= info.max_value;
  if (info.min_value == 0) return magnitude == 0;
  // -min_value computed without overflow.
  uint64_t limit = static_cast<uint64_t>(-(info.min_value + 1)) + 1;
  return magnitude <= limit;
}

}  // namespace taskc
