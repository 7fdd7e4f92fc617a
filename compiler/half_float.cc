#include "half_float.h"

#include <cstring>

namespace taskc {

uint16_t fp32_to_fp16_bits(float value) {
  uint32_t x;
  std::memcpy(&x, &value, sizeof x);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t abs = x & 0x7fffffffu;
  if (abs > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00u);   // NaN
  if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // rounds to inf
  if (abs < 0x38800000u) {  // below FP16's normal range: a subnormal or 0
    if (abs < 0x33000000u) return static_cast<uint16_t>(sign);
    const uint32_t mantissa = (abs & 0x7fffffu) | 0x800000u;
    const uint32_t shift = 126u - (abs >> 23);
    uint32_t half = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1u);
    const uint32_t midway = 1u << (shift - 1u);
    if (rest > midway || (rest == midway && (half & 1u))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = (abs >> 13) - 0x1c000u;
  const uint32_t rest = abs & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;
  return static_cast<uint16_t>(sign | half);
}

uint16_t fp32_to_bf16_bits(float value) {
  uint32_t x;
  std::memcpy(&x, &value, sizeof x);
  if ((x & 0x7fffffffu) > 0x7f800000u) {
    return static_cast<uint16_t>(((x >> 16) & 0x8000u) | 0x7fc0u);  // NaN
  }
  x += 0x7fffu + ((x >> 16) & 1u);
  return static_cast<uint16_t>(x >> 16);
}

// The same algorithms, in the generated file (which includes no <cstring>).
std::string fp16_bits_helper() {
  return "// FP32 to FP16 bits, rounding to nearest even (initial values).\n"
         "static inline uint16_t taskc_fp16_bits(float value) {\n"
         "    uint32_t x;\n"
         "    __builtin_memcpy(&x, &value, sizeof x);\n"
         "    const uint32_t sign = (x >> 16) & 0x8000u;\n"
         "    const uint32_t abs = x & 0x7fffffffu;\n"
         "    if (abs > 0x7f800000u) {\n"
         "        return static_cast<uint16_t>(sign | 0x7e00u);\n"
         "    }\n"
         "    if (abs >= 0x477ff000u) {\n"
         "        return static_cast<uint16_t>(sign | 0x7c00u);\n"
         "    }\n"
         "    if (abs < 0x38800000u) {\n"
         "        if (abs < 0x33000000u) {\n"
         "            return static_cast<uint16_t>(sign);\n"
         "        }\n"
         "        const uint32_t mantissa = (abs & 0x7fffffu) | 0x800000u;\n"
         "        const uint32_t shift = 126u - (abs >> 23);\n"
         "        uint32_t half = mantissa >> shift;\n"
         "        const uint32_t rest = mantissa & ((1u << shift) - 1u);\n"
         "        const uint32_t midway = 1u << (shift - 1u);\n"
         "        if (rest > midway || (rest == midway && (half & 1u))) {\n"
         "            ++half;\n"
         "        }\n"
         "        return static_cast<uint16_t>(sign | half);\n"
         "    }\n"
         "    uint32_t half = (abs >> 13) - 0x1c000u;\n"
         "    const uint32_t rest = abs & 0x1fffu;\n"
         "    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) {\n"
         "        ++half;\n"
         "    }\n"
         "    return static_cast<uint16_t>(sign | half);\n"
         "}\n";
}

std::string bf16_bits_helper() {
  return "// FP32 to BF16 bits, rounding to nearest even (initial values).\n"
         "static inline uint16_t taskc_bf16_bits(float value) {\n"
         "    uint32_t x;\n"
         "    __builtin_memcpy(&x, &value, sizeof x);\n"
         "    if ((x & 0x7fffffffu) > 0x7f800000u) {\n"
         "        return static_cast<uint16_t>(((x >> 16) & 0x8000u) | 0x7fc0u);\n"
         "    }\n"
         "    x += 0x7fffu + ((x >> 16) & 1u);\n"
         "    return static_cast<uint16_t>(x >> 16);\n"
         "}\n";
}

}  // namespace taskc
