#include "parser.h"

#include <utility>

namespace taskc {

namespace {

// Thrown after a syntax error has been reported; caught where the parser can
// resynchronise.
struct SyntaxError {};
// Thrown when the nesting limit is hit: the rest of the file is not parsed.
struct NestingLimit {};

class Parser {
 public:
  Parser(const TokenStream& tokens, DiagnosticSink& sink)
      : toks_(tokens.tokens), sink_(sink) {}

  Module run() {
    Module m;
    try {
      parse_module(m);
    } catch (const NestingLimit&) {
    }
    return m;
  }

 private:
  // ---- token access ----
  const Token& peek(size_t k = 0) const {
    size_t i = std::min(pos_ + k, toks_.size() - 1);
    return toks_[i];
  }
  const Token& advance() {
    const Token& t = peek();
    if (pos_ + 1 < toks_.size()) ++pos_;
    last_end_ = t.span.end;
    return t;
  }
  bool at_eof() const { return peek().kind == TokenKind::kEof; }
  bool accept_punct(std::string_view p) {
    if (!peek().is_punct(p)) return false;
    advance();
    return true;
  }
  bool accept_keyword(std::string_view k) {
    if (!peek().is_keyword(k)) return false;
    advance();
    return true;
  }
  Span span_from(Pos begin) const { return {begin, last_end_}; }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case TokenKind::kEof: return "end of file";
      case TokenKind::kString: return "string " + printable(t.text);
      case TokenKind::kKeyword: return "keyword '" + std::string(t.text) + "'";
      default: return "'" + printable(t.text) + "'";
    }
  }

  [[noreturn]] void fail(const std::string& expected) {
    const Token& t = peek();
    sink_.error("E0107", t.span, "expected " + expected + ", found " + describe(t));
    throw SyntaxError{};
  }

  const Token& expect_punct(std::string_view p) {
    if (!peek().is_punct(p)) fail("'" + std::string(p) + "'");
    return advance();
  }
  const Token& expect_keyword(std::string_view k) {
    if (!peek().is_keyword(k)) fail("'" + std::string(k) + "'");
    return advance();
  }
  const Token& expect_ident(const std::string& what) {
    const Token& t = peek();
    if (t.kind == TokenKind::kIdent) return advance();
    if (t.kind == TokenKind::kKeyword || t.kind == TokenKind::kDType) {
      sink_.error("E0107", t.span,
                  "expected " + what + ", found reserved word '" +
                      std::string(t.text) + "'");
      throw SyntaxError{};
    }
    fail(what);
  }

  // ---- nesting ----
  void enter_level() {
    if (++depth_ > kMaxNestingDepth) {
      sink_.error("E0109", peek().span,
                  "nesting is deeper than " +
                      std::to_string(kMaxNestingDepth) +
                      " levels (blocks, brackets and chained operators all "
                      "count); the rest of the file is not parsed");
      throw NestingLimit{};
    }
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
  static bool starts_declaration(const Token& t) {
    return t.is_keyword("dim") || t.is_keyword("const") ||
           t.is_keyword("type") || t.is_keyword("kernel") ||
           t.is_keyword("group") || t.is_keyword("orchestration") ||
           t.is_punct("@");
  }

  // Skips to just after ';' or to '}' (not consumed) at the current brace
  // level; at top level also stops before a declaration keyword.
  void synchronize(bool top_level) {
    int depth = 0;
    size_t start = pos_;
    while (!at_eof()) {
      const Token& t = peek();
      if (depth == 0) {
        if (t.is_punct(";")) {
          advance();
          return;
        }
        if (t.is_punct("}") && !top_level) return;
        if (top_level && pos_ != start && starts_declaration(t)) return;
      }
      if (t.is_punct("{")) ++depth;
      if (t.is_punct("}") && depth > 0) {
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
  void parse_module(Module& m) {
    Pos begin = peek().span.begin;
    try {
      expect_keyword("module");
      const Token& name = expect_ident("module name");
      m.name = std::string(name.text);
      m.name_span = name.span;
      if (accept_punct("(")) {
        while (!peek().is_punct(")")) {
          Pos kb = peek().span.begin;
          const Token& key = expect_ident("module option name");
          ModuleKwarg kw;
          kw.name = std::string(key.text);
          expect_punct("=");
          kw.value = parse_expr();
          kw.span = span_from(kb);
          m.kwargs.push_back(std::move(kw));
          if (!accept_punct(",")) break;
        }
        expect_punct(")");
      }
      expect_punct(";");
    } catch (const SyntaxError&) {
      synchronize(true);
    }
    while (!at_eof()) {
      size_t before = pos_;
      try {
        m.decls.push_back(parse_decl());
      } catch (const SyntaxError&) {
        synchronize(true);
      }
      if (pos_ == before) advance();  // always make progress
    }
    m.span = span_from(begin);
  }

  std::vector<Annotation> parse_annotations() {
    std::vector<Annotation> out;
    while (peek().is_punct("@")) {
      Pos begin = advance().span.begin;
      Annotation a;
      a.name = std::string(expect_ident("annotation name").text);
      if (accept_punct("(")) {
        a.has_parens = true;
        a.args = parse_args(")");
        expect_punct(")");
      }
      a.span = span_from(begin);
      out.push_back(std::move(a));
    }
    return out;
  }

  Decl parse_decl() {
    Decl d;
    Pos begin = peek().span.begin;
    d.annotations = parse_annotations();
    const Token& t = peek();
    if (accept_keyword("dim")) {
      d.kind = DeclKind::kDim;
      do {
        const Token& n = expect_ident("dim name");
        d.names.emplace_back(n.text);
        d.name_spans.push_back(n.span);
      } while (accept_punct(","));
      expect_punct(";");
    } else if (accept_keyword("const")) {
      d.kind = DeclKind::kConst;
      set_name(d, "const name");
      if (accept_punct(":")) d.type = std::make_unique<TypeExpr>(parse_type());
      expect_punct("=");
      d.value = parse_expr();
      expect_punct(";");
    } else if (accept_keyword("type")) {
      d.kind = DeclKind::kType;
      set_name(d, "type name");
      expect_punct("=");
      d.type = std::make_unique<TypeExpr>(parse_type());
      expect_punct(";");
    } else if (accept_keyword("kernel")) {
      d.kind = DeclKind::kKernel;
      if (accept_keyword("aic")) {
        d.is_aic = true;
      } else if (!accept_keyword("aiv")) {
        fail("core type 'aic' or 'aiv'");
      }
      set_name(d, "kernel name");
      d.params = parse_params();
      expect_punct(";");
    } else if (accept_keyword("group")) {
      d.kind = DeclKind::kGroup;
      set_name(d, "group name");
      d.params = parse_params();
      expect_punct("{");
      for (int i = 0; i < 2; ++i) {
        GroupMember member;
        Pos mb = peek().span.begin;
        if (accept_keyword("aic")) {
          member.is_aic = true;
        } else if (!accept_keyword("aiv")) {
          fail("group member 'aic NAME;' or 'aiv NAME;'");
        }
        member.name = std::string(expect_ident("kernel name").text);
        expect_punct(";");
        member.span = span_from(mb);
        d.members.push_back(std::move(member));
      }
      expect_punct("}");
    } else if (accept_keyword("orchestration")) {
      d.kind = DeclKind::kOrchestration;
      set_name(d, "orchestration name");
      d.params = parse_params();
      d.body = parse_block();
    } else {
      (void)t;
      fail("a declaration (dim, const, type, kernel, group or orchestration)");
    }
    d.span = span_from(begin);
    return d;
  }

  void set_name(Decl& d, const std::string& what) {
    const Token& n = expect_ident(what);
    d.name = std::string(n.text);
    d.name_span = n.span;
  }

  std::vector<Param> parse_params() {
    expect_punct("(");
    std::vector<Param> params;
    while (!peek().is_punct(")")) {
      Param p;
      Pos begin = peek().span.begin;
      if (accept_keyword("in")) {
        p.direction = Direction::kIn;
      } else if (accept_keyword("out")) {
        p.direction = Direction::kOut;
      } else if (accept_keyword("inout")) {
        p.direction = Direction::kInOut;
      }
      const Token& n = expect_ident("parameter name");
      p.name = std::string(n.text);
      p.name_span = n.span;
      expect_punct(":");
      p.type = parse_type();
      p.span = span_from(begin);
      params.push_back(std::move(p));
      if (!accept_punct(",")) break;
    }
    expect_punct(")");
    return params;
  }

  DType expect_dtype() {
    if (peek().kind != TokenKind::kDType) fail("a dtype such as FP32");
    return *parse_dtype(advance().text);
  }

  TypeExpr parse_type() {
    TypeExpr t;
    Pos begin = peek().span.begin;
    if (accept_keyword("Tensor")) {
      t.kind = TypeKind::kTensor;
      expect_punct("[");
      expect_punct("[");
      do {
        Extent e;
        Pos eb = peek().span.begin;
        if (accept_punct("?")) {
          e.any = true;
        } else {
          e.expr = parse_expr();
        }
        e.span = span_from(eb);
        t.shape.push_back(std::move(e));
      } while (accept_punct(","));
      expect_punct("]");
      expect_punct(",");
      t.dtype = expect_dtype();
      expect_punct("]");
    } else if (accept_keyword("Scalar")) {
      t.kind = TypeKind::kScalar;
      expect_punct("[");
      t.dtype = expect_dtype();
      expect_punct("]");
    } else if (peek().kind == TokenKind::kIdent) {
      t.kind = TypeKind::kAlias;
      t.alias = std::string(advance().text);
    } else {
      fail("a type (Tensor[...], Scalar[...] or a type alias)");
    }
    t.span = span_from(begin);
    return t;
  }

  // ---- statements ----
  Block parse_block() {
    DepthGuard guard(*this);
    Block b;
    const Token& open = expect_punct("{");
    Pos begin = open.span.begin;
    Span open_span = open.span;
    while (!peek().is_punct("}")) {
      if (at_eof()) {
        sink_.error("E0108", peek().span, "unterminated block: expected '}'",
                    {DiagnosticNote{open_span, "block opened here"}});
        throw SyntaxError{};
      }
      size_t before = pos_;
      try {
        b.stmts.push_back(parse_stmt());
      } catch (const SyntaxError&) {
        synchronize(false);
      }
      if (pos_ == before) advance();
    }
    advance();
    b.span = span_from(begin);
    return b;
  }

  StmtPtr parse_stmt() {
    auto s = std::make_unique<Stmt>();
    Pos begin = peek().span.begin;
    s->annotations = parse_annotations();
    const Token& t = peek();
    if (accept_keyword("let") || t.is_keyword("var")) {
      bool is_var = t.is_keyword("var");
      if (is_var) advance();
      s->kind = is_var ? StmtKind::kVar : StmtKind::kLet;
      const Token& n = expect_ident("variable name");
      s->name = std::string(n.text);
      s->name_span = n.span;
      if (accept_punct(":")) s->type = std::make_unique<TypeExpr>(parse_type());
      expect_punct("=");
      if (!is_var && peek().is_keyword("call")) {
        s->call = parse_task_call();
      } else {
        s->value = parse_expr();
      }
      expect_punct(";");
    } else if (t.is_keyword("call")) {
      s->kind = StmtKind::kCall;
      s->call = parse_task_call();
      expect_punct(";");
    } else if (t.is_keyword("tensor")) {
      s->kind = StmtKind::kOp;
      s->value = parse_expr();
      expect_punct(";");
    } else if (accept_keyword("for")) {
      s->kind = StmtKind::kFor;
      const Token& n = expect_ident("loop variable name");
      s->name = std::string(n.text);
      s->name_span = n.span;
      expect_keyword("in");
      expect_keyword("range");
      expect_punct("(");
      do {
        s->range_args.push_back(parse_expr());
      } while (s->range_args.size() < 3 && accept_punct(","));
      expect_punct(")");
      s->body = parse_block();
    } else if (accept_keyword("if")) {
      s->kind = StmtKind::kIf;
      s->conds.push_back(parse_expr());
      s->blocks.push_back(parse_block());
      while (accept_keyword("elif")) {
        s->conds.push_back(parse_expr());
        s->blocks.push_back(parse_block());
      }
      if (accept_keyword("else")) {
        s->else_block = std::make_unique<Block>(parse_block());
      }
    } else if (accept_keyword("scope")) {
      s->kind = StmtKind::kScope;
      s->manual = accept_keyword("manual");
      s->body = parse_block();
    } else if (t.kind == TokenKind::kIdent && peek(1).is_punct("=")) {
      s->kind = StmtKind::kAssign;
      s->name = std::string(advance().text);
      s->name_span = t.span;
      advance();
      s->value = parse_expr();
      expect_punct(";");
    } else {
      fail("a statement (let, var, call, for, if, scope, tensor.write or an "
           "assignment)");
    }
    s->span = span_from(begin);
    return s;
  }

  std::unique_ptr<TaskCall> parse_task_call() {
    auto c = std::make_unique<TaskCall>();
    Pos begin = expect_keyword("call").span.begin;
    const Token& n = expect_ident("kernel or group name");
    c->kernel = std::string(n.text);
    c->kernel_span = n.span;
    expect_punct("(");
    c->args = parse_args(")");
    expect_punct(")");
    c->span = span_from(begin);
    return c;
  }

  std::vector<Arg> parse_args(std::string_view close) {
    std::vector<Arg> args;
    while (!peek().is_punct(close)) {
      Arg a;
      Pos begin = peek().span.begin;
      if (peek().kind == TokenKind::kIdent && peek(1).is_punct("=")) {
        a.keyword = std::string(advance().text);
        advance();
      } else if (accept_keyword("nodep")) {
        a.nodep = true;
      }
      a.value = parse_expr();
      a.span = span_from(begin);
      args.push_back(std::move(a));
      if (!accept_punct(",")) break;
    }
    return args;
  }

  // ---- expressions, lowest precedence first ----
  ExprPtr make(ExprKind kind, Pos begin) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = {begin, begin};
    return e;
  }
  ExprPtr binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs) {
    auto e = make(ExprKind::kBinary, lhs->span.begin);
    e->op = op;
    e->span.end = rhs->span.end;
    e->lhs = std::move(lhs);
    e->rhs = std::move(rhs);
    return e;
  }

  ExprPtr parse_expr() {
    DepthGuard guard(*this);
    return parse_or();
  }

  ExprPtr parse_or() {
    ChainDepth chain(*this);
    ExprPtr e = parse_and();
    while (accept_keyword("or")) {
      chain.add();
      e = binary(BinaryOp::kOr, std::move(e), parse_and());
    }
    return e;
  }
  ExprPtr parse_and() {
    ChainDepth chain(*this);
    ExprPtr e = parse_not();
    while (accept_keyword("and")) {
      chain.add();
      e = binary(BinaryOp::kAnd, std::move(e), parse_not());
    }
    return e;
  }
  ExprPtr parse_not() {
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
  std::optional<BinaryOp> comparison_op() const {
    static const std::pair<std::string_view, BinaryOp> ops[] = {
        {"==", BinaryOp::kEq}, {"!=", BinaryOp::kNe}, {"<", BinaryOp::kLt},
        {"<=", BinaryOp::kLe}, {">", BinaryOp::kGt},  {">=", BinaryOp::kGe}};
    for (const auto& [text, op] : ops) {
      if (peek().is_punct(text)) return op;
    }
    return std::nullopt;
  }
  ExprPtr parse_comparison() {
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
  ExprPtr parse_additive() {
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
  ExprPtr parse_multiplicative() {
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
  ExprPtr parse_unary() {
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

  ExprPtr parse_primary() {
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

  ExprPtr parse_tensor_op() {
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

  const std::vector<Token>& toks_;
  DiagnosticSink& sink_;
  size_t pos_ = 0;
  Pos last_end_;
  int depth_ = 0;
};

}  // namespace

const char* binary_op_spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "or";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kFloorDiv: return "//";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kDiv: return "/";
  }
  return "?";
}

Module parse(const TokenStream& tokens, DiagnosticSink& sink) {
  return Parser(tokens, sink).run();
}

}  // namespace taskc
