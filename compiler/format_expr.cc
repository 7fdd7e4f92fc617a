// Expressions, types and literals in canonical form: the fewest parentheses
// that parse back to the same tree, numbers as the user spelled them (hex
// masks, `_` grouping and `1e-5` carry meaning for the reader; a float with
// no source, as in a diagnostic, is the shortest text that reads back as
// the same double), strings re-escaped.
#include "formatter.h"

#include <charconv>

#include "format_writer.h"
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

std::string format_string_literal(std::string_view bytes) {
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

// What goes before an argument's value: `keyword = `, or the marks
// `dump`, a barrier argument's direction and `nodep`, in that order.
std::string arg_prefix(const Arg& a) {
  if (!a.keyword.empty()) return std::string(a.keyword) + " = ";
  std::string prefix = a.dump ? "dump " : "";
  if (a.direction != Direction::kNone) prefix += std::string(direction_keyword(a.direction)) + " ";
  if (a.nodep) prefix += "nodep ";
  return prefix;
}

}  // namespace

void write_arg(LineWriter& w, const Arg& a) {
  w.text(arg_prefix(a));
  write_expr(w, *a.value);
}

void write_args(LineWriter& w, ArenaSpan<Arg> args, Pos open,
                Pos close, std::optional<size_t> wrap_tail) {
  w.list('(', open, close, args, [&](const Arg& a) { write_arg(w, a); },
         wrap_tail);
}

namespace {

void write_operand(LineWriter& w, const Expr& e, bool needs_parens) {
  if (needs_parens) w.text("(");
  write_expr(w, e);
  if (needs_parens) w.text(")");
}

// `name(args)`: the '(' is the first one after the name.
void write_call(LineWriter& w, std::string_view name, const Expr& e) {
  w.text(name);
  write_args(w, e.args, w.token_at(e.span.begin, TokenKind::kLParen),
             shifted(e.span.end, -1));
}

}  // namespace

void write_expr(LineWriter& w, const Expr& e) {
  switch (e.kind) {
    case ExprKind::kInt:
      if (e.text.empty()) {
        w.text(std::to_string(e.int_value));
      } else {
        w.text(e.text);
      }
      return;
    case ExprKind::kFloat: {
      // The user's spelling (`1e-5`, `2.50`) when there is a source.
      std::string_view spelling = w.token_text(e.span.begin, TokenKind::kFloat);
      w.text(spelling.empty() ? format_float(e.float_value) : spelling);
      return;
    }
    case ExprKind::kString: w.text(format_string_literal(e.text)); return;
    case ExprKind::kBool: w.text(e.bool_value ? "true" : "false"); return;
    case ExprKind::kDType: w.text(dtype_info(e.dtype).name); return;
    case ExprKind::kName: w.text(e.text); return;
    case ExprKind::kNone: w.text("none"); return;
    case ExprKind::kList:
      w.list('[', e.span.begin, shifted(e.span.end, -1), e.items,
             [&](const ExprPtr& item) { write_expr(w, *item); });
      return;
    case ExprKind::kNeg:
      w.text("-");
      write_operand(w, *e.lhs, level(*e.lhs) < kUnaryLevel);
      return;
    case ExprKind::kNot:
      w.text("not ");
      write_operand(w, *e.lhs, level(*e.lhs) < kNotLevel);
      return;
    case ExprKind::kBinary: {
      // Left-associative: a left operand at the same level needs no
      // parentheses, a right one does. Comparisons do not associate at all.
      int own = binary_level(e.op);
      int lhs = level(*e.lhs);
      write_operand(w, *e.lhs,
                    lhs < own || (own == kCompareLevel && lhs == own));
      w.text(std::string(" ") + binary_op_spelling(e.op) + " ");
      write_operand(w, *e.rhs, level(*e.rhs) <= own);
      return;
    }
    case ExprKind::kCall: write_call(w, e.text, e); return;
    case ExprKind::kTensorOp: write_call(w, "tensor." + std::string(e.text), e); return;
    case ExprKind::kIndex:
      write_expr(w, *e.lhs);
      w.text("[");
      write_expr(w, *e.rhs);
      w.text("]");
      return;
  }
}

// The string forms: a writer without a source never breaks a line.
std::string format_expr(const Expr& e) {
  LineWriter w(nullptr);
  write_expr(w, e);
  return w.single_line();
}

std::string format_arg(const Arg& a) {
  LineWriter w(nullptr);
  write_arg(w, a);
  return w.single_line();
}

std::string format_args(ArenaSpan<Arg> args) {
  return joined(args, format_arg);
}

std::string format_type(const TypeExpr& t) {
  switch (t.kind) {
    case TypeKind::kScalar:
      return std::string("Scalar[") + dtype_info(t.dtype).name + "]";
    case TypeKind::kAlias:
      return std::string(t.alias);
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
