// Expressions, types and literals in canonical form: the fewest parentheses
// that parse back to the same tree, integers as the user spelled them (hex
// masks and `_` grouping carry meaning for the reader), floats as the
// shortest text that reads back as the same double, strings re-escaped.
#include "formatter.h"

#include <charconv>

#include "utf8.h"

namespace taskc {

namespace {

// Binding strength, loosest first; mirrors the parser's levels.
enum Level {
  kOrLevel = 1, kAndLevel, kNotLevel, kCompareLevel, kAddLevel, kMulLevel,
  kUnaryLevel, kPrimaryLevel,
};

int binary_level(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return kOrLevel;
    case BinaryOp::kAnd: return kAndLevel;
    case BinaryOp::kEq: case BinaryOp::kNe: case BinaryOp::kLt:
    case BinaryOp::kLe: case BinaryOp::kGt: case BinaryOp::kGe:
      return kCompareLevel;
    case BinaryOp::kAdd: case BinaryOp::kSub: return kAddLevel;
    case BinaryOp::kMul: case BinaryOp::kFloorDiv: case BinaryOp::kMod:
    case BinaryOp::kDiv:
      return kMulLevel;
  }
  return kPrimaryLevel;
}

int level(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kNot: return kNotLevel;
    case ExprKind::kNeg: return kUnaryLevel;
    case ExprKind::kBinary: return binary_level(e.op);
    default: return kPrimaryLevel;
  }
}

std::string operand(const Expr& e, bool needs_parens) {
  std::string text = format_expr(e);
  return needs_parens ? "(" + text + ")" : text;
}

// Fixed notation for everyday magnitudes, scientific beyond them; either way
// the shortest digits that read back as exactly `value` (std::to_chars
// guarantees the round trip). Always a float token: "2.0", never "2".
std::string format_float(double value) {
  char buf[512];
  bool fixed = value == 0 || (value >= 1e-6 && value < 1e16);
  auto result = std::to_chars(buf, buf + sizeof buf, value,
                              fixed ? std::chars_format::fixed
                                    : std::chars_format::scientific);
  std::string text(buf, result.ptr);
  size_t e = text.find('e');
  if (e == std::string::npos) {
    if (text.find('.') == std::string::npos) text += ".0";
    return text;
  }
  // "1.5e-07" -> "1.5e-7", "1e+20" -> "1e20".
  std::string mantissa = text.substr(0, e);
  bool negative = text[e + 1] == '-';
  size_t digits = text.find_first_not_of("+-0", e + 1);
  std::string exponent =
      digits == std::string::npos ? "0" : text.substr(digits);
  return mantissa + (negative ? "e-" : "e") + exponent;
}

std::string format_string_literal(const std::string& bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  size_t i = 0;
  while (i < bytes.size()) {
    auto c = static_cast<unsigned char>(bytes[i]);
    size_t utf8_length = c >= 0x80 ? utf8_sequence_length(bytes, i) : 1;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f || utf8_length == 0) {
      // Control bytes and bytes that are not UTF-8 stay visible as escapes.
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out.append(bytes, i, utf8_length);
      i += utf8_length;
      continue;
    }
    ++i;
  }
  return out + "\"";
}



}  // namespace

std::string format_arg(const Arg& a) {
  if (!a.keyword.empty()) return a.keyword + " = " + format_expr(*a.value);
  std::string prefix = a.dump ? "dump " : "";
  if (a.direction != Direction::kNone) prefix += std::string(direction_keyword(a.direction)) + " ";
  if (a.nodep) prefix += "nodep ";
  return prefix + format_expr(*a.value);
}


std::string format_args(const std::vector<Arg>& args) {
  return joined(args, format_arg);
}


std::string format_expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kInt:
      return e.spelling.empty() ? std::to_string(e.int_value) : e.spelling;
    case ExprKind::kFloat: return format_float(e.float_value);
    case ExprKind::kString: return format_string_literal(e.text);
    case ExprKind::kBool: return e.bool_value ? "true" : "false";
    case ExprKind::kDType: return dtype_info(e.dtype).name;
    case ExprKind::kName: return e.text;
    case ExprKind::kList:
      return "[" + joined(e.items, [](const ExprPtr& item) {
               return format_expr(*item);
             }) + "]";
    case ExprKind::kNeg:
      return "-" + operand(*e.lhs, level(*e.lhs) < kUnaryLevel);
    case ExprKind::kNot:
      return "not " + operand(*e.lhs, level(*e.lhs) < kNotLevel);
    case ExprKind::kBinary: {
      // Left-associative: a left operand at the same level needs no
      // parentheses, a right one does. Comparisons do not associate at all.
      int own = binary_level(e.op);
      int lhs = level(*e.lhs);
      bool lhs_parens = lhs < own || (own == kCompareLevel && lhs == own);
      return operand(*e.lhs, lhs_parens) + " " + binary_op_spelling(e.op) +
             " " + operand(*e.rhs, level(*e.rhs) <= own);
    }
    case ExprKind::kCall: return e.text + "(" + format_args(e.args) + ")";
    case ExprKind::kTensorOp:
      return "tensor." + e.text + "(" + format_args(e.args) + ")";
    case ExprKind::kNone: return "none";
    case ExprKind::kIndex: return format_expr(*e.lhs) + "[" + format_expr(*e.rhs) + "]";
  }
  return "";
}

std::string format_type(const TypeExpr& t) {
  switch (t.kind) {
    case TypeKind::kScalar:
      return std::string("Scalar[") + dtype_info(t.dtype).name + "]";
    case TypeKind::kAlias:
      return t.alias;
    case TypeKind::kTaskId:
      return t.array_size ? "TaskId[" + format_expr(*t.array_size) + "]" : "TaskId";
    case TypeKind::kTensor:
      return "Tensor[[" + joined(t.shape, [](const Extent& x) {
               return x.any ? std::string("?") : format_expr(*x.expr);
             }) + "], " + dtype_info(t.dtype).name + "]";
  }
  return "";
}


}  // namespace taskc
