// Shared by emit_cpp.cc (statements, file layout) and emit_cpp_expr.cc
// (scalar expressions and the helpers they need). Internal to the emitter.
#ifndef TASKC_COMPILER_EMIT_CPP_INTERNAL_H
#define TASKC_COMPILER_EMIT_CPP_INTERNAL_H

#include <string>

#include "plan.h"

namespace taskc {

// Which `taskc_*` helpers the file uses; only those are emitted.
struct CppHelpers {
  bool floordiv = false;  // signed floor division
  bool mod = false;       // signed floor modulo
  bool udiv = false;      // unsigned division (checked)
  bool umod = false;
  bool min = false;
  bool max = false;
  bool read = false;  // tensor.read with its index as arguments
};

// The C++ type of a scalar dtype; InternalError when it has none.
const char* cxx_type(DType d);

class CppExprPrinter {
 public:
  CppExprPrinter(const Plan& plan, CppHelpers& helpers) : plan_(plan), helpers_(helpers) {}

  // The expression, parenthesized as C++ needs it.
  std::string print(const PlanExpr& e);
  // The expression with exactly the C++ type of its dtype (for template
  // argument deduction, e.g. set_tensor_data's value).
  std::string exact(const PlanExpr& e);
  // The expression as an element of a `const uint32_t x[] = {...}` array:
  // literals that fit as they are, anything else through static_cast.
  std::string u32(const PlanExpr& e);
  // The expression as an operand of a comparison (`x < <e>`).
  std::string comparison_operand(const PlanExpr& e);

 private:
  struct Text {
    std::string s;
    int precedence;
  };
  Text text(const PlanExpr& e);
  Text binary(const PlanExpr& e);
  // `e` as an operand that needs at least `precedence`.
  std::string operand(const PlanExpr& e, int precedence);

  const Plan& plan_;
  CppHelpers& helpers_;
};

// Definitions of the used helpers (empty when none is used).
std::string cpp_helper_definitions(const CppHelpers& helpers);

// The C++ literal of an FP32 value ("0.5f", "1e-05f").
std::string float_literal(double value);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_CPP_INTERNAL_H
