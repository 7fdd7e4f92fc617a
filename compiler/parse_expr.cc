// Expressions, lowest precedence first: or, and, not, comparisons
// (non-associative), + -, * // % /, unary -, primaries.
#include "parser_impl.h"

namespace taskc::parser_internal {

ExprPtr Parser::make(ExprKind kind, Pos begin) {
  Expr* e = arena_->make<Expr>();
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

// expr = or ;
ExprPtr Parser::parse_expr() {
  DepthGuard guard(*this);
  return parse_or();
}

// or = and { "or" and } ;
ExprPtr Parser::parse_or() {
  ChainDepth chain(*this);
  ExprPtr e = parse_and();
  while (accept(TokenKind::kKwOr)) {
    chain.add();
    e = binary(BinaryOp::kOr, std::move(e), parse_and());
  }
  return e;
}

// and = not { "and" not } ;
ExprPtr Parser::parse_and() {
  ChainDepth chain(*this);
  ExprPtr e = parse_not();
  while (accept(TokenKind::kKwAnd)) {
    chain.add();
    e = binary(BinaryOp::kAnd, std::move(e), parse_not());
  }
  return e;
}

// not = "not" not | comparison ;
ExprPtr Parser::parse_not() {
  if (peek().is(TokenKind::kKwNot)) {
    DepthGuard guard(*this);
    Pos begin = advance().span.begin;
    auto e = make(ExprKind::kNot, begin);
    e->lhs = parse_not();
    e->span.end = e->lhs->span.end;
    return e;
  }
  return parse_comparison();
}

// compare_op = "==" | "!=" | "<" | "<=" | ">" | ">=" ;
std::optional<BinaryOp> Parser::comparison_op() const {
  switch (peek().kind) {
    case TokenKind::kEqEq: return BinaryOp::kEq;
    case TokenKind::kNotEq: return BinaryOp::kNe;
    case TokenKind::kLess: return BinaryOp::kLt;
    case TokenKind::kLessEq: return BinaryOp::kLe;
    case TokenKind::kGreater: return BinaryOp::kGt;
    case TokenKind::kGreaterEq: return BinaryOp::kGe;
    default: return std::nullopt;
  }
}

// comparison = additive [ compare_op additive ] ;   (comparisons do not chain)
ExprPtr Parser::parse_comparison() {
  ExprPtr e = parse_additive();
  if (auto op = comparison_op()) {
    advance();
    e = binary(*op, std::move(e), parse_additive());
    if (comparison_op()) {
      sink_.error(ErrorCode::E0107, peek().span,
                  "comparisons do not chain; use 'and' between them");
      throw SyntaxError{};
    }
  }
  return e;
}

// additive = multiplicative { ( "+" | "-" ) multiplicative } ;
ExprPtr Parser::parse_additive() {
  ChainDepth chain(*this);
  ExprPtr e = parse_multiplicative();
  while (true) {
    if (peek().is(TokenKind::kPlus) || peek().is(TokenKind::kMinus)) chain.add();
    if (accept(TokenKind::kPlus)) {
      e = binary(BinaryOp::kAdd, std::move(e), parse_multiplicative());
    } else if (accept(TokenKind::kMinus)) {
      e = binary(BinaryOp::kSub, std::move(e), parse_multiplicative());
    } else {
      return e;
    }
  }
}

// multiplicative = unary { ( "*" | "//" | "%" | "/" ) unary } ;
ExprPtr Parser::parse_multiplicative() {
  ChainDepth chain(*this);
  ExprPtr e = parse_unary();
  while (true) {
    BinaryOp op;
    if (peek().is(TokenKind::kStar)) {
      op = BinaryOp::kMul;
    } else if (peek().is(TokenKind::kSlashSlash)) {
      op = BinaryOp::kFloorDiv;
    } else if (peek().is(TokenKind::kPercent)) {
      op = BinaryOp::kMod;
    } else if (peek().is(TokenKind::kSlash)) {
      op = BinaryOp::kDiv;
    } else {
      return e;
    }
    chain.add();
    advance();
    e = binary(op, std::move(e), parse_unary());
  }
}

// unary = "-" unary | primary ;
ExprPtr Parser::parse_unary() {
  if (peek().is(TokenKind::kMinus)) {
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
    sink_.error(ErrorCode::E0106, e->span,
                "integer literal does not fit in a 64-bit signed integer");
    throw SyntaxError{};
  }
  return e;
}

// primary = INT | FLOAT | STRING | "true" | "false" | "none" | DTYPE
//         | NAME [ "(" [ args ] ")" | "[" expr "]" ] | tensor_op
//         | "(" expr ")" | "[" [ expr { "," expr } [ "," ] ] "]" ;
ExprPtr Parser::parse_primary() {
  const Token t = peek();
  Pos begin = t.span.begin;
  ExprPtr e = nullptr;
  switch (t.kind) {
    case TokenKind::kInt:
      e = make(ExprKind::kInt, begin);
      e->int_value = t.int_value;
      e->text = t.text;
      break;
    case TokenKind::kFloat:
      e = make(ExprKind::kFloat, begin);
      e->float_value = t.float_value;
      break;
    case TokenKind::kString:
      e = make(ExprKind::kString, begin);
      e->text = arena_->copy(t.string_value);
      break;
    case TokenKind::kDType:
      e = make(ExprKind::kDType, begin);
      e->dtype = *parse_dtype(t.text);
      break;
    case TokenKind::kKwTrue:
    case TokenKind::kKwFalse:
      e = make(ExprKind::kBool, begin);
      e->bool_value = t.is(TokenKind::kKwTrue);
      break;
    case TokenKind::kKwNone:
      e = make(ExprKind::kNone, begin);
      break;
    case TokenKind::kKwTensor:
      return parse_tensor_op();
    case TokenKind::kIdent:
      e = make(ExprKind::kName, begin);
      e->text = t.text;
      advance();
      if (accept(TokenKind::kLParen)) {
        e->kind = ExprKind::kCall;
        e->builtin = find_builtin(e->text);
        e->args = parse_args(TokenKind::kRParen);
        expect(TokenKind::kRParen);
      } else if (peek().is(TokenKind::kLBracket)) {
        DepthGuard guard(*this);
        advance();
        e->span = span_from(begin);
        auto index = make(ExprKind::kIndex, begin);
        index->lhs = std::move(e);
        index->rhs = parse_expr();
        expect(TokenKind::kRBracket);
        index->span = span_from(begin);
        return index;
      }
      e->span = span_from(begin);
      return e;
    case TokenKind::kLParen: {
      DepthGuard guard(*this);
      advance();
      e = parse_expr();
      expect(TokenKind::kRParen);
      return e;
    }
    case TokenKind::kQuestion:
      sink_.error(ErrorCode::E0308, t.span,
                  "'?' (any size) is only allowed in parameter types");
      throw SyntaxError{};
    case TokenKind::kLBracket: {
      DepthGuard guard(*this);
      advance();
      e = make(ExprKind::kList, begin);
      size_t mark = exprs_.mark();
      while (!peek().is(TokenKind::kRBracket)) {
        exprs_.push(parse_expr());
        if (!accept(TokenKind::kComma)) break;
      }
      e->items = exprs_.take(*arena_, mark);
      expect(TokenKind::kRBracket);
      e->span = span_from(begin);
      return e;
    }
    default:
      break;
  }
  if (!e) fail("an expression");
  advance();
  e->span = span_from(begin);
  return e;
}

// tensor_op = "tensor" "." NAME "(" [ args ] ")" ;   (NAME may be a keyword)
ExprPtr Parser::parse_tensor_op() {
  Pos begin = expect(TokenKind::kKwTensor).span.begin;
  expect(TokenKind::kDot);
  auto e = make(ExprKind::kTensorOp, begin);
  // Operation names may be keywords: tensor.dim.
  if (peek().kind != TokenKind::kIdent && !is_keyword(peek().kind)) {
    fail("a tensor operation name");
  }
  e->text = advance().text;
  e->tensor_op = find_tensor_op(e->text);
  expect(TokenKind::kLParen);
  e->args = parse_args(TokenKind::kRParen);
  expect(TokenKind::kRParen);
  e->span = span_from(begin);
  return e;
}

}  // namespace taskc::parser_internal
