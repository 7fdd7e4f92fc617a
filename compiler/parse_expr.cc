// Expressions, lowest precedence first: or, and, not, comparisons
// (non-associative), + -, * // % /, unary -, primaries.
#include "parser_impl.h"

namespace taskc::parser_internal {

ExprPtr Parser::make(ExprKind kind, Pos begin) {
  auto e = std::make_unique<Expr>();
  e->id = static_cast<uint32_t>(expr_count_++);
  e->kind = kind;
  e->span = {begin, begin};
  return e;
}

ExprPtr Parser::binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs) {
  auto e = make(ExprKind::kBinary, lhs->span.begin);
  e->op = op;
  e->span.end = rhs->span.end;
  e->lhs = std::move(lhs);
  e->rhs = std::move(rhs);
  return e;
}

ExprPtr Parser::parse_expr() {
  DepthGuard guard(*this);
  return parse_or();
}

ExprPtr Parser::parse_or() {
  ChainDepth chain(*this);
  ExprPtr e = parse_and();
  while (accept_keyword("or")) {
    chain.add();
    e = binary(BinaryOp::kOr, std::move(e), parse_and());
  }
  return e;
}

ExprPtr Parser::parse_and() {
  ChainDepth chain(*this);
  ExprPtr e = parse_not();
  while (accept_keyword("and")) {
    chain.add();
    e = binary(BinaryOp::kAnd, std::move(e), parse_not());
  }
  return e;
}

ExprPtr Parser::parse_not() {
  if (peek().is_keyword("not")) {
    DepthGuard guard(*this);
    Pos begin = advance().span.begin;
    auto e = make(ExprKind::kNot, begin);
    e->lhs = parse_not();
    e->span.end = e->lhs->span.end;
    return e;
  }
  return parse_comparison();
}

std::optional<BinaryOp> Parser::comparison_op() const {
  static const std::pair<std::string_view, BinaryOp> ops[] = {
      {"==", BinaryOp::kEq}, {"!=", BinaryOp::kNe}, {"<", BinaryOp::kLt},
      {"<=", BinaryOp::kLe}, {">", BinaryOp::kGt},  {">=", BinaryOp::kGe}};
  for (const auto& [text, op] : ops) {
    if (peek().is_punct(text)) return op;
  }
  return std::nullopt;
}

ExprPtr Parser::parse_comparison() {
  ExprPtr e = parse_additive();
  if (auto op = comparison_op()) {
    advance();
    e = binary(*op, std::move(e), parse_additive());
    if (comparison_op()) {
      sink_.error("E0107", peek().span,
                  "comparisons do not chain; use 'and' between them");
      throw SyntaxError{};
    }
  }
  return e;
}

ExprPtr Parser::parse_additive() {
  ChainDepth chain(*this);
  ExprPtr e = parse_multiplicative();
  while (true) {
    if (peek().is_punct("+") || peek().is_punct("-")) chain.add();
    if (accept_punct("+")) {
      e = binary(BinaryOp::kAdd, std::move(e), parse_multiplicative());
    } else if (accept_punct("-")) {
      e = binary(BinaryOp::kSub, std::move(e), parse_multiplicative());
    } else {
      return e;
    }
  }
}

ExprPtr Parser::parse_multiplicative() {
  ChainDepth chain(*this);
  ExprPtr e = parse_unary();
  while (true) {
    BinaryOp op;
    if (peek().is_punct("*")) {
      op = BinaryOp::kMul;
    } else if (peek().is_punct("//")) {
      op = BinaryOp::kFloorDiv;
    } else if (peek().is_punct("%")) {
      op = BinaryOp::kMod;
    } else if (peek().is_punct("/")) {
      op = BinaryOp::kDiv;
    } else {
      return e;
    }
    chain.add();
    advance();
    e = binary(op, std::move(e), parse_unary());
  }
}

ExprPtr Parser::parse_unary() {
  if (peek().is_punct("-")) {
    DepthGuard guard(*this);
    Pos begin = advance().span.begin;
    auto e = make(ExprKind::kNeg, begin);
    // A literal right after '-' may be 2^63 (INT64_MIN); check it here.
    e->lhs = peek().kind == TokenKind::kInt ? parse_primary() : parse_unary();
    e->span.end = e->lhs->span.end;
    return e;
  }
  ExprPtr e = parse_primary();
  // Only "-9223372036854775808" may use the magnitude 2^63.
  if (e->kind == ExprKind::kInt && e->int_value > uint64_t(INT64_MAX)) {
    sink_.error("E0106", e->span,
                "integer literal does not fit in a 64-bit signed integer");
    throw SyntaxError{};
  }
  return e;
}

ExprPtr Parser::parse_primary() {
  const Token& t = peek();
  Pos begin = t.span.begin;
  ExprPtr e;
  switch (t.kind) {
    case TokenKind::kInt:
      e = make(ExprKind::kInt, begin);
      e->int_value = t.int_value;
      e->spelling = std::string(t.text);
      break;
    case TokenKind::kFloat:
      e = make(ExprKind::kFloat, begin);
      e->float_value = t.float_value;
      break;
    case TokenKind::kString:
      e = make(ExprKind::kString, begin);
      e->text = t.string_value;
      break;
    case TokenKind::kDType:
      e = make(ExprKind::kDType, begin);
      e->dtype = *parse_dtype(t.text);
      break;
    case TokenKind::kKeyword:
      if (t.is_keyword("true") || t.is_keyword("false")) {
        e = make(ExprKind::kBool, begin);
        e->bool_value = t.is_keyword("true");
      } else if (t.is_keyword("tensor")) {
        return parse_tensor_op();
      }
      break;
    case TokenKind::kIdent:
      e = make(ExprKind::kName, begin);
      e->text = std::string(t.text);
      advance();
      if (accept_punct("(")) {
        e->kind = ExprKind::kCall;
        e->args = parse_args(")");
        expect_punct(")");
      }
      e->span = span_from(begin);
      return e;
    case TokenKind::kPunct:
      if (t.is_punct("(")) {
        DepthGuard guard(*this);
        advance();
        e = parse_expr();
        expect_punct(")");
        return e;
      }
      if (t.is_punct("?")) {
        sink_.error("E0308", t.span,
                    "'?' (any size) is only allowed in parameter types");
        throw SyntaxError{};
      }
      if (t.is_punct("[")) {
        DepthGuard guard(*this);
        advance();
        e = make(ExprKind::kList, begin);
        while (!peek().is_punct("]")) {
          e->items.push_back(parse_expr());
          if (!accept_punct(",")) break;
        }
        expect_punct("]");
        e->span = span_from(begin);
        return e;
      }
      break;
    default:
      break;
  }
  if (!e) fail("an expression");
  advance();
  e->span = span_from(begin);
  return e;
}

ExprPtr Parser::parse_tensor_op() {
  Pos begin = expect_keyword("tensor").span.begin;
  expect_punct(".");
  auto e = make(ExprKind::kTensorOp, begin);
  // Operation names may be keywords: tensor.dim.
  if (peek().kind != TokenKind::kIdent && peek().kind != TokenKind::kKeyword) {
    fail("a tensor operation name");
  }
  e->text = std::string(advance().text);
  expect_punct("(");
  e->args = parse_args(")");
  expect_punct(")");
  e->span = span_from(begin);
  return e;
}

}  // namespace taskc::parser_internal
