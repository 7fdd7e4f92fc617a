// Scalar expressions in C++, with the precedence-aware parenthesization
// that keeps -Wall -Wextra (-Wparentheses, -Wsign-compare) quiet.
#include <cmath>
#include <limits>

#include "emit_cpp_internal.h"
#include "emit_text.h"
#include "half_float.h"

namespace taskc {

namespace {

// C++ operator precedence, higher binds tighter.
constexpr int kPrimary = 16;
constexpr int kUnary = 15;
constexpr int kMultiplicative = 13;
constexpr int kAdditive = 12;
constexpr int kRelational = 10;
constexpr int kEquality = 9;
constexpr int kLogicalAnd = 5;
constexpr int kLogicalOr = 4;
constexpr int kConditional = 2;

// Types narrower than int: C++ arithmetic on them yields int.
bool promotes(DType d) {
  return d == DType::kInt8 || d == DType::kInt16 || d == DType::kUint8 ||
         d == DType::kUint16;
}

bool is_unsigned(DType d) {
  return d == DType::kUint8 || d == DType::kUint16 || d == DType::kUint32 ||
         d == DType::kUint64;
}

bool fits(DType d, int64_t v) {
  const DTypeInfo& info = dtype_info(d);
  if (v < 0) return info.min_value <= v;
  return static_cast<uint64_t>(v) <= info.max_value;
}

}  // namespace

const char* cxx_type(DType d) {
  const char* t = dtype_info(d).c_type;
  if (!t) {
    throw InternalError(std::string("dtype ") + dtype_info(d).name +
                        " has no C++ scalar type");
  }
  return t;
}

std::string float_literal(double value) {
  std::string text = fp32_text(value);
  if (text == "nan") return "__builtin_nanf(\"\")";
  if (text == "inf") return "__builtin_huge_valf()";
  if (text == "-inf") return "(-__builtin_huge_valf())";
  return text + "f";
}

std::string CppExprPrinter::print(const PlanExpr& e) { return text(e).s; }

std::string CppExprPrinter::operand(const PlanExpr& e, int precedence) {
  Text t = text(e);
  if (t.precedence < precedence) return "(" + t.s + ")";
  return t.s;
}

std::string CppExprPrinter::comparison_operand(const PlanExpr& e) {
  return operand(e, kAdditive);
}

// Operators on operands of one type yield that type (narrow types are cast
// back by text()), FP32 never meets a double, and comparisons yield bool:
// only integer literals (int or long) and selects between them can differ
// from their dtype.
std::string CppExprPrinter::exact(const PlanExpr& e) {
  bool plain_int = e.kind == PlanExprKind::kInt && e.dtype == DType::kInt32 &&
                   fits(e.dtype, e.int_value);
  if (plain_int || (e.kind != PlanExprKind::kInt && e.kind != PlanExprKind::kSelect)) {
    return print(e);
  }
  return std::string("static_cast<") + cxx_type(e.dtype) + ">(" + print(e) + ")";
}

std::string CppExprPrinter::u32(const PlanExpr& e) {
  if (e.kind == PlanExprKind::kInt && e.int_value >= 0 &&
      static_cast<uint64_t>(e.int_value) <= std::numeric_limits<uint32_t>::max()) {
    return std::to_string(e.int_value);
  }
  if (e.kind == PlanExprKind::kDim) {  // already a uint32_t
    return plan_.tensor(e.tensor).cxx_name + ".shapes[" + std::to_string(e.axis) + "]";
  }
  return "static_cast<uint32_t>(" + print(e) + ")";
}

CppExprPrinter::Text CppExprPrinter::text(const PlanExpr& e) {
  switch (e.kind) {
    case PlanExprKind::kInt: {
      int64_t v = e.int_value;
      if (v == std::numeric_limits<int64_t>::min()) {
        return {"(-9223372036854775807 - 1)", kPrimary};
      }
      if (!fits(e.dtype, v)) {
        return {std::string("static_cast<") + cxx_type(e.dtype) + ">(" +
                    std::to_string(v) + ")",
                kPrimary};
      }
      return {std::to_string(v), v < 0 ? kUnary : kPrimary};
    }
    case PlanExprKind::kFloat: {
      std::string s = float_literal(e.float_value);
      return {s, s[0] == '-' ? kUnary : kPrimary};
    }
    case PlanExprKind::kBool:
      return {e.bool_value ? "true" : "false", kPrimary};
    case PlanExprKind::kVar:
      return {e.name, kPrimary};
    case PlanExprKind::kUnary: {
      if (!e.check.empty()) return checked(e);
      std::string x = operand(e.operands.at(0), kUnary);
      if (e.op == PlanOp::kNot) return {"!" + x, kUnary};
      if (x[0] == '-') x = "(" + x + ")";  // never `--x`
      if (promotes(e.dtype)) {
        return {std::string("static_cast<") + cxx_type(e.dtype) + ">(-" + x + ")", kPrimary};
      }
      return {"-" + x, kUnary};
    }
    case PlanExprKind::kBinary:
      return binary(e);
    case PlanExprKind::kMin:
    case PlanExprKind::kMax: {
      bool is_min = e.kind == PlanExprKind::kMin;
      (is_min ? helpers_.min : helpers_.max) = true;
      return {std::string(is_min ? "taskc_min<" : "taskc_max<") + cxx_type(e.dtype) +
                  ">(" + print(e.operands.at(0)) + ", " + print(e.operands.at(1)) + ")",
              kPrimary};
    }
    case PlanExprKind::kSelect:
      // The condition in parentheses unless it is a single term.
      return {operand(e.operands.at(0), kUnary) + " ? " +
                  operand(e.operands.at(1), kConditional + 1) + " : " +
                  operand(e.operands.at(2), kConditional + 1),
              kConditional};
    case PlanExprKind::kCast:
      if (!e.check.empty()) return checked(e);
      return {std::string("static_cast<") + cxx_type(e.dtype) + ">(" +
                  print(e.operands.at(0)) + ")",
              kPrimary};
    case PlanExprKind::kRead: {
      if (!e.check.empty()) return checked(e);
      helpers_.read = true;
      std::string s = std::string("taskc_read<") + cxx_type(e.dtype) + ">(" +
                      plan_.tensor(e.tensor).cxx_name;
      for (const PlanExpr& i : e.operands) s += ", " + print(i);
      return {s + ")", kPrimary};
    }
    case PlanExprKind::kDim:
      return {"static_cast<int64_t>(" + plan_.tensor(e.tensor).cxx_name + ".shapes[" +
                  std::to_string(e.axis) + "])",
              kPrimary};
    case PlanExprKind::kTaskId:
      if (e.operands.empty()) return {e.name, kPrimary};
      return {e.name + "[" + print(e.operands[0]) + "]", kPrimary};
    case PlanExprKind::kNoTask:
      return {"PTO2TaskId::invalid()", kPrimary};
    case PlanExprKind::kCreatorId: {
      const PlanTensor& created = plan_.tensor(e.tensor);
      std::string creator = created.creator_task >= 0
                                ? "task_" + std::to_string(created.creator_task) + "_outs"
                                : "alloc_" + std::to_string(created.alloc);
      return {creator + ".task_id()", kPrimary};
    }
    case PlanExprKind::kRuntimeCount: {
      // The .kir function's name -> the runtime's query.
      const char* query = e.name == "available_clusters" ? "rt_available_cluster_count"
                          : e.name == "available_aiv"    ? "rt_available_aiv_count"
                                                         : nullptr;
      if (!query) throw InternalError("unknown runtime count '" + e.name + "'");
      return {"static_cast<int64_t>(" + std::string(query) + "())", kPrimary};
    }
    case PlanExprKind::kIsValid:
      return {print(e.operands.at(0)) + ".is_valid()", kPrimary};
    case PlanExprKind::kElementCount: {
      helpers_.elements = true;
      std::vector<std::string> extents;
      for (const PlanExpr& x : e.operands) extents.push_back(print(x));
      return {"taskc_elements(" + join(extents) + ")", kPrimary};
    }
  }
  throw InternalError("unknown plan expression");
}

CppExprPrinter::Text CppExprPrinter::binary(const PlanExpr& e) {
  if (!e.check.empty()) return checked(e);
  const PlanExpr& l = e.operands.at(0);
  const PlanExpr& r = e.operands.at(1);
  auto infix = [&](const char* op, int precedence, int left, int right) -> Text {
    return {operand(l, left) + " " + op + " " + operand(r, right), precedence};
  };
  // Comparison operands are parenthesized unless they bind tighter than any
  // comparison: `(a < b) == c` (-Wparentheses).
  switch (e.op) {
    case PlanOp::kOr: {
      // `a || b || c` as written; `&&` inside `||` in parentheses.
      auto side = [&](const PlanExpr& x) {
        bool is_or = x.kind == PlanExprKind::kBinary && x.op == PlanOp::kOr;
        return operand(x, is_or ? kLogicalOr : kEquality);
      };
      return {side(l) + " || " + side(r), kLogicalOr};
    }
    case PlanOp::kAnd: return infix("&&", kLogicalAnd, kLogicalAnd, kLogicalAnd);
    case PlanOp::kEq: return infix("==", kEquality, kAdditive, kAdditive);
    case PlanOp::kNe: return infix("!=", kEquality, kAdditive, kAdditive);
    case PlanOp::kLt: return infix("<", kRelational, kAdditive, kAdditive);
    case PlanOp::kLe: return infix("<=", kRelational, kAdditive, kAdditive);
    case PlanOp::kGt: return infix(">", kRelational, kAdditive, kAdditive);
    case PlanOp::kGe: return infix(">=", kRelational, kAdditive, kAdditive);
    default: break;
  }
  Text t;
  if (e.op == PlanOp::kFloorDiv || e.op == PlanOp::kMod) {
    bool u = is_unsigned(e.dtype);
    bool div = e.op == PlanOp::kFloorDiv;
    const char* name = u ? (div ? "taskc_udiv" : "taskc_umod")
                         : (div ? "taskc_floordiv" : "taskc_mod");
    (u ? (div ? helpers_.udiv : helpers_.umod) : (div ? helpers_.floordiv : helpers_.mod)) = true;
    t = {std::string(name) + "(" + print(l) + ", " + print(r) + ")", kPrimary};
    // The helpers compute in 64 bits.
    bool wide = e.dtype == DType::kInt64 || e.dtype == DType::kIndex ||
                e.dtype == DType::kUint64;
    if (wide) return t;
    return {std::string("static_cast<") + cxx_type(e.dtype) + ">(" + t.s + ")", kPrimary};
  }
  switch (e.op) {
    case PlanOp::kAdd: t = infix("+", kAdditive, kAdditive, kAdditive + 1); break;
    case PlanOp::kSub: t = infix("-", kAdditive, kAdditive, kAdditive + 1); break;
    case PlanOp::kMul:
      t = infix("*", kMultiplicative, kMultiplicative, kMultiplicative + 1);
      break;
    case PlanOp::kDiv:
      t = infix("/", kMultiplicative, kMultiplicative, kMultiplicative + 1);
      break;
    default: throw InternalError("unexpected binary operator");
  }
  if (promotes(e.dtype)) {
    return {std::string("static_cast<") + cxx_type(e.dtype) + ">(" + t.s + ")", kPrimary};
  }
  return t;
}

std::string cpp_helper_definitions(const CppHelpers& h) {
  std::string out;
  auto section = [&](const char* text) {
    out += text;
    out += "\n";
  };
  if (h.floordiv || h.mod || h.udiv || h.umod) {
    section(
        "// .kir `//` and `%` on integers: floor division and modulo (the\n"
        "// quotient rounds toward negative infinity). Division by zero, and\n"
        "// INT64's minimum divided by -1, are reported as fatal errors instead\n"
        "// of being undefined behaviour.");
  }
  if (h.floordiv) {
    section(
        "static inline int64_t taskc_floordiv(int64_t a, int64_t b) {\n"
        "    if (b == 0) {\n"
        "        rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"integer division by zero\");\n"
        "        return 0;\n"
        "    }\n"
        "    if (b == -1) {\n"
        "        if (a == -9223372036854775807 - 1) {\n"
        "            rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"integer division overflows INT64\");\n"
        "            return 0;\n"
        "        }\n"
        "        return -a;\n"
        "    }\n"
        "    int64_t q = a / b;\n"
        "    if (a % b != 0 && (a < 0) != (b < 0)) {\n"
        "        q -= 1;\n"
        "    }\n"
        "    return q;\n"
        "}\n");
  }
  if (h.mod) {
    section(
        "static inline int64_t taskc_mod(int64_t a, int64_t b) {\n"
        "    if (b == 0) {\n"
        "        rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"integer modulo by zero\");\n"
        "        return 0;\n"
        "    }\n"
        "    if (b == -1) {\n"
        "        return 0;\n"
        "    }\n"
        "    int64_t r = a % b;\n"
        "    if (r != 0 && (r < 0) != (b < 0)) {\n"
        "        r += b;\n"
        "    }\n"
        "    return r;\n"
        "}\n");
  }
  if (h.udiv) {
    section(
        "static inline uint64_t taskc_udiv(uint64_t a, uint64_t b) {\n"
        "    if (b == 0) {\n"
        "        rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"integer division by zero\");\n"
        "        return 0;\n"
        "    }\n"
        "    return a / b;\n"
        "}\n");
  }
  if (h.umod) {
    section(
        "static inline uint64_t taskc_umod(uint64_t a, uint64_t b) {\n"
        "    if (b == 0) {\n"
        "        rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"integer modulo by zero\");\n"
        "        return 0;\n"
        "    }\n"
        "    return a % b;\n"
        "}\n");
  }
  if (h.min) {
    section(
        "template <typename T>\n"
        "static inline T taskc_min(T a, T b) {\n"
        "    return b < a ? b : a;\n"
        "}\n");
  }
  if (h.max) {
    section(
        "template <typename T>\n"
        "static inline T taskc_max(T a, T b) {\n"
        "    return a < b ? b : a;\n"
        "}\n");
  }
  if (h.fp16_bits) section(fp16_bits_helper().c_str());
  if (h.bf16_bits) section(bf16_bits_helper().c_str());
  out += check_helper_definitions(h);
  if (h.read) {
    section(
        "// tensor.read: one element, after its producer task finished.\n"
        "template <typename T, typename... Index>\n"
        "static inline T taskc_read(const ChipTensor& tensor, Index... index) {\n"
        "    const uint32_t indices[] = {static_cast<uint32_t>(index)...};\n"
        "    return get_tensor_data<T>(tensor, static_cast<uint32_t>(sizeof...(Index)), "
        "indices);\n"
        "}\n");
  }
  return out;
}

}  // namespace taskc
