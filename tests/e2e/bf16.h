// bfloat16 <-> float for host kernels and references: bf16 is the top half
// of an IEEE float, so widening is a shift and narrowing rounds to nearest
// even (as the device does), keeping NaN a NaN.
#ifndef TASKC_TESTS_E2E_BF16_H
#define TASKC_TESTS_E2E_BF16_H

#include <cstdint>
#include <cstring>

namespace e2e {

inline float bf16_to_float(uint16_t bits) {
  const uint32_t wide = static_cast<uint32_t>(bits) << 16;
  float value = 0;
  std::memcpy(&value, &wide, sizeof value);
  return value;
}

inline uint16_t float_to_bf16(float value) {
  uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & 0x7fffffffu) > 0x7f800000u) {
    return static_cast<uint16_t>((bits >> 16) | 0x0040u);  // quiet NaN
  }
  const uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>((bits + rounding) >> 16);
}

// `value` as it reads back after a round trip through bf16.
inline float round_to_bf16(float value) {
  return bf16_to_float(float_to_bf16(value));
}

}  // namespace e2e

#endif  // TASKC_TESTS_E2E_BF16_H
