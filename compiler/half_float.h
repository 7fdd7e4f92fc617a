// FP32 to FP16 and BF16 bit patterns, rounding to nearest even: for the
// initial values of FP16 and BF16 tensors (TensorCreateInfo::
// set_initial_value takes the element's bits). The generated C++ carries
// the same conversions for values known only at run time.
#ifndef TASKC_COMPILER_HALF_FLOAT_H
#define TASKC_COMPILER_HALF_FLOAT_H

#include <cstdint>
#include <string>

namespace taskc {

uint16_t fp32_to_fp16_bits(float value);
uint16_t fp32_to_bf16_bits(float value);

// The C++ definitions of taskc_fp16_bits(float) and taskc_bf16_bits(float),
// the same conversions as above.
std::string fp16_bits_helper();
std::string bf16_bits_helper();

}  // namespace taskc

#endif  // TASKC_COMPILER_HALF_FLOAT_H
