// The recursive-descent parser behind parse(), shared by parser.cc
// (module, declarations, statements) and parse_expr.cc (expressions).
// Internal to the parser.
#ifndef TASKC_COMPILER_PARSER_IMPL_H
#define TASKC_COMPILER_PARSER_IMPL_H

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser.h"
#include "token_window.h"

namespace taskc::parser_internal {

constexpr const char* kDeclarationExpected =
    "a declaration (dim, const, type, kernel, group or orchestration)";
constexpr const char* kStatementExpected =
    "a statement (let, var, call, for, if, scope, tensor.write or an assignment)";

// Thrown after a syntax error has been reported; caught where the parser can
// resynchronise.
struct SyntaxError {};
// Thrown when the nesting limit or a count limit is hit: the rest of the
// file is not parsed.
struct NestingLimit {};

// Items collected for an arena array: nested lists push on top and take
// theirs back off before the outer list is done, so one stack per item type
// serves the whole parse without a heap allocation per list.
template <typename T>
class Scratch {
 public:
  size_t mark() const { return items_.size(); }
  void push(T item) { items_.push_back(std::move(item)); }
  size_t size_since(size_t mark) const { return items_.size() - mark; }
  void truncate(size_t mark) { items_.resize(mark); }
  ArenaSpan<T> take(Arena& arena, size_t mark) {
    ArenaSpan<T> out = arena.copy(items_.data() + mark, items_.size() - mark);
    items_.resize(mark);
    return out;
  }

 private:
  std::vector<T> items_;
};

class Parser {
 public:
  Parser(TokenWindow& tokens, DiagnosticSink& sink) : tokens_(tokens), sink_(sink) {}

  Module run() {
    Module m;
    arena_ = &m.arena;
    try {
      parse_module(m);
    } catch (const NestingLimit&) {
    }
    m.expr_count = expr_count_;
    m.stmt_count = statements_;
    m.call_count = calls_;
    return m;
  }

 private:
  // ---- token access ----
  // A reference to a token is good for a few tokens more: the parser keeps
  // a copy of any token it holds on to while it parses on.
  const Token& peek(size_t k = 0) const { return tokens_.at(pos_ + k); }
  const Token& advance() {
    const Token& t = peek();
    last_end_ = t.span.end;
    if (!t.is(TokenKind::kEof)) {
      ++pos_;
      if (pos_ > kKeptBehind) tokens_.release_before(pos_ - kKeptBehind);
    }
    return t;
  }
  bool at_eof() const { return peek().kind == TokenKind::kEof; }
  bool accept(TokenKind k) {
    if (!peek().is(k)) return false;
    advance();
    return true;
  }
  Span span_from(Pos begin) const { return {begin, last_end_}; }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case TokenKind::kEof: return "end of file";
      case TokenKind::kString: return "string " + printable(t.text);
      default:
        if (is_keyword(t.kind)) return "keyword '" + std::string(t.text) + "'";
        return "'" + printable(t.text) + "'";
    }
  }

  void report_unexpected(const std::string& expected) {
    const Token& t = peek();
    sink_.error(ErrorCode::E0107, t.span, "expected " + expected + ", found " + describe(t));
  }
  [[noreturn]] void fail(const std::string& expected) {
    report_unexpected(expected);
    throw SyntaxError{};
  }

  const Token& expect(TokenKind k) {
    if (peek().is(k)) return advance();
    if (k == TokenKind::kSemicolon && missing_semicolon()) return tokens_.at(pos_ - 1);
    fail("'" + std::string(token_spelling(k)) + "'");
  }
  // A ';' forgotten at the end of a line (or before a '}'): reported where
  // it belongs, after the previous token, with the fix-it. Parsing goes on
  // as if it were there, so the next statement is parsed as written.
  bool missing_semicolon() {
    const Token& next = peek();
    bool line_ends = next.span.begin.line > last_end_.line;
    if (pos_ == 0 || !(line_ends || next.is(TokenKind::kRBrace) || at_eof())) return false;
    Span at{last_end_, last_end_};
    sink_.error(ErrorCode::E0107, at,
                "expected ';' " + (line_ends ? "at the end of the line; the next line starts with " +
                                                   describe(next)
                                             : "before " + describe(next)),
                {}, FixIt{at, ";"});
    return true;
  }
  const Token& expect_ident(const std::string& what) {
    const Token& t = peek();
    if (t.kind == TokenKind::kIdent) return advance();
    if (is_keyword(t.kind) || t.kind == TokenKind::kDType) {
      sink_.error(ErrorCode::E0107, t.span,
                  "expected " + what + ", found reserved word '" +
                      std::string(t.text) + "'");
      throw SyntaxError{};
    }
    fail(what);
  }

  // ---- nesting ----
  void enter_level() {
    if (++depth_ > kMaxNestingDepth) {
      sink_.error(ErrorCode::E0109, peek().span,
                  "nesting is deeper than " +
                      std::to_string(kMaxNestingDepth) +
                      " levels (blocks, brackets and chained operators all "
                      "count); the rest of the file is not parsed");
      throw NestingLimit{};
    }
  }
  [[noreturn]] void too_many(const std::string& limit) {
    sink_.error(ErrorCode::E0110, peek().span,
                "more than " + limit +
                    " (a limit of taskc); the rest of the file is not parsed");
    throw NestingLimit{};
  }
  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) { p.enter_level(); }
    ~DepthGuard() { --p.depth_; }
  };
  // A chain `a + b + c ...` is parsed by a loop but builds a tree as deep as
  // the chain is long, which later passes (and the destructor) walk
  // recursively; so each chained operator counts as one level too.
  struct ChainDepth {
    Parser& p;
    int levels = 0;
    explicit ChainDepth(Parser& parser) : p(parser) {}
    void add() {
      ++levels;
      p.enter_level();
    }
    ~ChainDepth() { p.depth_ -= levels; }
  };

  // ---- recovery ----
  // A syntax error leaves the lists being built half done and the nodes of
  // the statement or declaration unused: back to where it began (a flood of
  // bad statements must not fill the arena).
  struct ScratchMarks {
    size_t args, exprs, stmts, annotations, extents, blocks;
    Arena::Mark arena;
  };
  ScratchMarks scratch_marks() const {
    return {args_.mark(),    exprs_.mark(),   stmts_.mark(),   annotations_.mark(),
            extents_.mark(), blocks_.mark(), arena_->mark()};
  }
  void restore(const ScratchMarks& m) {
    args_.truncate(m.args);
    exprs_.truncate(m.exprs);
    stmts_.truncate(m.stmts);
    annotations_.truncate(m.annotations);
    extents_.truncate(m.extents);
    blocks_.truncate(m.blocks);
    arena_->release_to(m.arena);
  }

  // The tokens parse_stmt does not refuse at once.
  static bool starts_statement(const Token& t) {
    switch (t.kind) {
      case TokenKind::kAt: case TokenKind::kKwLet: case TokenKind::kKwVar:
      case TokenKind::kKwCall: case TokenKind::kKwTensor: case TokenKind::kKwFor:
      case TokenKind::kKwIf: case TokenKind::kKwScope: case TokenKind::kIdent:
        return true;
      default:
        return false;
    }
  }
  static bool starts_declaration(const Token& t) {
    return t.is(TokenKind::kKwDim) || t.is(TokenKind::kKwConst) ||
           t.is(TokenKind::kKwType) || t.is(TokenKind::kKwKernel) ||
           t.is(TokenKind::kKwGroup) || t.is(TokenKind::kKwOrchestration) ||
           t.is(TokenKind::kAt);
  }

  // Skips to just after ';' or to '}' (not consumed) at the current brace
  // level; at top level also stops before a declaration keyword.
  void synchronize(bool top_level) {
    int depth = 0;
    size_t start = pos_;
    while (!at_eof()) {
      const Token& t = peek();
      if (depth == 0) {
        if (t.is(TokenKind::kSemicolon)) {
          advance();
          return;
        }
        if (t.is(TokenKind::kRBrace) && !top_level) return;
        if (top_level && pos_ != start && starts_declaration(t)) return;
      }
      if (t.is(TokenKind::kLBrace)) ++depth;
      if (t.is(TokenKind::kRBrace) && depth > 0) {
        --depth;
        if (depth == 0 && top_level) {
          advance();
          return;
        }
      }
      advance();
    }
  }

  // ---- module and declarations ----
  void parse_module(Module& m);

  ArenaSpan<Annotation> parse_annotations();

  Decl parse_decl();

  void set_name(Decl& d, const std::string& what);

  std::vector<Param> parse_params();

  DType expect_dtype();

  TypeExpr parse_type();

  // ---- statements ----
  Block parse_block();

  StmtPtr parse_stmt();

  TaskCall* parse_task_call();
  void parse_call_or_value(Stmt& s);

  ArenaSpan<Arg> parse_args(TokenKind close);
  void parse_arg_prefixes(Arg& a);
  static bool starts_expression(const Token& t);

  // ---- expressions, lowest precedence first ----
  ExprPtr make(ExprKind kind, Pos begin);
  ExprPtr binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs);

  ExprPtr parse_expr();

  ExprPtr parse_or();
  ExprPtr parse_and();
  ExprPtr parse_not();
  std::optional<BinaryOp> comparison_op() const;
  ExprPtr parse_comparison();
  ExprPtr parse_additive();
  ExprPtr parse_multiplicative();
  ExprPtr parse_unary();

  ExprPtr parse_primary();

  ExprPtr parse_tensor_op();

  // Tokens this far behind the current one are not looked at again.
  static constexpr size_t kKeptBehind = 64;

  TokenWindow& tokens_;
  Arena* arena_ = nullptr;  // the module's
  // Lists being built, one stack per item type (see Scratch).
  Scratch<Arg> args_;
  Scratch<ExprPtr> exprs_;
  Scratch<StmtPtr> stmts_;
  Scratch<Annotation> annotations_;
  Scratch<Extent> extents_;
  Scratch<Block> blocks_;
  size_t expr_count_ = 0;  // Expr nodes made, for Module::expr_count
  DiagnosticSink& sink_;
  size_t pos_ = 0;
  Pos last_end_;
  int depth_ = 0;
  size_t statements_ = 0;  // Stmt nodes made
  size_t calls_ = 0;       // TaskCall nodes made
};

}  // namespace taskc::parser_internal

#endif  // TASKC_COMPILER_PARSER_IMPL_H
