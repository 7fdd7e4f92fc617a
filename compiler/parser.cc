#include "parser.h"

#include <utility>

#include "parser_impl.h"

namespace taskc {

namespace parser_internal {

// ---- module and declarations, statements ----

// module = "module" NAME [ "(" option { "," option } [ "," ] ")" ] ";" { item } ;
// option = NAME "=" expr ;
void Parser::parse_module(Module& m) {
  Pos begin = peek().span.begin;
  const ScratchMarks start = scratch_marks();
  try {
    expect(TokenKind::kKwModule);
    const Token name = expect_ident("module name");
    m.name = name.text;
    m.name_span = name.span;
    if (accept(TokenKind::kLParen)) {
      while (!peek().is(TokenKind::kRParen)) {
        Pos kb = peek().span.begin;
        const Token key = expect_ident("module option name");
        ModuleKwarg kw;
        kw.name = key.text;
        expect(TokenKind::kAssign);
        kw.value = parse_expr();
        kw.span = span_from(kb);
        m.kwargs.push_back(std::move(kw));
        if (!accept(TokenKind::kComma)) break;
      }
      expect(TokenKind::kRParen);
    }
    expect(TokenKind::kSemicolon);
  } catch (const SyntaxError&) {
    ScratchMarks lists = start;
    lists.arena = arena_->mark();  // the options parsed so far are kept
    restore(lists);
    synchronize(true);
  }
  while (!at_eof()) {
    size_t before = pos_;
    if (m.decls.size() == kMaxDeclarations) {
      too_many(std::to_string(kMaxDeclarations) + " declarations");
    }
    if (!starts_declaration(peek())) {
      // What parse_decl would report, without unwinding an exception per
      // stray token (a flood of them must cost little per token).
      report_unexpected(kDeclarationExpected);
      synchronize(true);
    } else {
      const ScratchMarks marks = scratch_marks();
      try {
        m.decls.push_back(parse_decl());
      } catch (const SyntaxError&) {
        restore(marks);
        synchronize(true);
      }
    }
    if (pos_ == before) advance();  // always make progress
  }
  m.span = span_from(begin);
}

// annotations = { "@" NAME [ "(" [ args ] ")" ] } ;
ArenaSpan<Annotation> Parser::parse_annotations() {
  if (!peek().is(TokenKind::kAt)) return {};
  size_t mark = annotations_.mark();
  while (peek().is(TokenKind::kAt)) {
    Pos begin = advance().span.begin;
    Annotation a;
    a.name = expect_ident("annotation name").text;
    if (accept(TokenKind::kLParen)) {
      a.has_parens = true;
      a.args = parse_args(TokenKind::kRParen);
      expect(TokenKind::kRParen);
    }
    a.span = span_from(begin);
    annotations_.push(a);
  }
  return annotations_.take(*arena_, mark);
}

// item        = annotations declaration ;
// declaration = "dim" NAME { "," NAME } ";"
//             | "const" NAME [ ":" scalar_type ] "=" expr ";"
//             | "type" NAME "=" type ";"
//             | "kernel" ( "aic" | "aiv" ) NAME "(" [ params ] ")" ";"
//             | "group" NAME "(" [ params ] ")" "{" member member [ member ] "}"
//             | "orchestration" NAME "(" [ params ] ")" block ;
// member      = ( "aic" | "aiv" ) NAME ";" ;
Decl Parser::parse_decl() {
  Decl d;
  Pos begin = peek().span.begin;
  d.annotations = parse_annotations();
  if (accept(TokenKind::kKwDim)) {
    d.kind = DeclKind::kDim;
    do {
      const Token n = expect_ident("dim name");
      d.names.emplace_back(n.text);
      d.name_spans.push_back(n.span);
    } while (accept(TokenKind::kComma));
    expect(TokenKind::kSemicolon);
  } else if (accept(TokenKind::kKwConst)) {
    d.kind = DeclKind::kConst;
    set_name(d, "const name");
    if (accept(TokenKind::kColon)) d.type = arena_->make<TypeExpr>(parse_type());
    expect(TokenKind::kAssign);
    d.value = parse_expr();
    expect(TokenKind::kSemicolon);
  } else if (accept(TokenKind::kKwType)) {
    d.kind = DeclKind::kType;
    set_name(d, "type name");
    expect(TokenKind::kAssign);
    d.type = arena_->make<TypeExpr>(parse_type());
    expect(TokenKind::kSemicolon);
  } else if (accept(TokenKind::kKwKernel)) {
    d.kind = DeclKind::kKernel;
    if (accept(TokenKind::kKwAic)) {
      d.is_aic = true;
    } else if (!accept(TokenKind::kKwAiv)) {
      fail("core type 'aic' or 'aiv'");
    }
    set_name(d, "kernel name");
    d.params = parse_params();
    expect(TokenKind::kSemicolon);
  } else if (accept(TokenKind::kKwGroup)) {
    d.kind = DeclKind::kGroup;
    set_name(d, "group name");
    d.params = parse_params();
    expect(TokenKind::kLBrace);
    // Two or three members; which shapes are valid is the checker's call.
    for (int i = 0; i < 3 && (i < 2 || !peek().is(TokenKind::kRBrace)); ++i) {
      GroupMember member;
      Pos mb = peek().span.begin;
      if (accept(TokenKind::kKwAic)) {
        member.is_aic = true;
      } else if (!accept(TokenKind::kKwAiv)) {
        fail("group member 'aic NAME;' or 'aiv NAME;'");
      }
      member.name = expect_ident("kernel name").text;
      expect(TokenKind::kSemicolon);
      member.span = span_from(mb);
      d.members.push_back(std::move(member));
    }
    expect(TokenKind::kRBrace);
  } else if (accept(TokenKind::kKwOrchestration)) {
    d.kind = DeclKind::kOrchestration;
    set_name(d, "orchestration name");
    d.params = parse_params();
    d.body = parse_block();
  } else {
    fail(kDeclarationExpected);
  }
  d.span = span_from(begin);
  return d;
}

void Parser::set_name(Decl& d, const std::string& what) {
  const Token n = expect_ident(what);
  d.name = n.text;
  d.name_span = n.span;
}

// "(" [ params ] ")", where
// params = param { "," param } [ "," ] ;
// param  = [ "in" | "out" | "inout" ] NAME ":" type ;
std::vector<Param> Parser::parse_params() {
  expect(TokenKind::kLParen);
  std::vector<Param> params;
  while (!peek().is(TokenKind::kRParen)) {
    Param p;
    Pos begin = peek().span.begin;
    if (accept(TokenKind::kKwIn)) {
      p.direction = Direction::kIn;
    } else if (accept(TokenKind::kKwOut)) {
      p.direction = Direction::kOut;
    } else if (accept(TokenKind::kKwInout)) {
      p.direction = Direction::kInOut;
    }
    const Token n = expect_ident("parameter name");
    p.name = n.text;
    p.name_span = n.span;
    expect(TokenKind::kColon);
    p.type = parse_type();
    p.span = span_from(begin);
    params.push_back(std::move(p));
    if (!accept(TokenKind::kComma)) break;
  }
  expect(TokenKind::kRParen);
  return params;
}

// DTYPE = BOOL | INT8 | ... | FP4E2M1 | INDEX ;
DType Parser::expect_dtype() {
  if (peek().kind != TokenKind::kDType) fail("a dtype such as FP32");
  return *parse_dtype(advance().text);
}

// type        = "Tensor" "[" "[" extent { "," extent } "]" "," DTYPE "]"
//             | scalar_type | "TaskId" [ "[" expr "]" ] | NAME ;
// scalar_type = "Scalar" "[" DTYPE "]" ;
// extent      = "?" | expr ;
TypeExpr Parser::parse_type() {
  TypeExpr t;
  Pos begin = peek().span.begin;
  if (accept(TokenKind::kKwTensorType)) {
    t.kind = TypeKind::kTensor;
    expect(TokenKind::kLBracket);
    expect(TokenKind::kLBracket);
    size_t mark = extents_.mark();
    do {
      Extent e;
      Pos eb = peek().span.begin;
      if (accept(TokenKind::kQuestion)) {
        e.any = true;
      } else {
        e.expr = parse_expr();
      }
      e.span = span_from(eb);
      extents_.push(e);
    } while (accept(TokenKind::kComma));
    t.shape = extents_.take(*arena_, mark);
    expect(TokenKind::kRBracket);
    expect(TokenKind::kComma);
    t.dtype = expect_dtype();
    expect(TokenKind::kRBracket);
  } else if (accept(TokenKind::kKwScalarType)) {
    t.kind = TypeKind::kScalar;
    expect(TokenKind::kLBracket);
    t.dtype = expect_dtype();
    expect(TokenKind::kRBracket);
  } else if (accept(TokenKind::kKwTaskIdType)) {
    t.kind = TypeKind::kTaskId;
    if (accept(TokenKind::kLBracket)) {
      t.array_size = parse_expr();
      expect(TokenKind::kRBracket);
    }
  } else if (peek().kind == TokenKind::kIdent) {
    t.kind = TypeKind::kAlias;
    t.alias = advance().text;
  } else {
    fail("a type (Tensor[...], Scalar[...] or a type alias)");
  }
  t.span = span_from(begin);
  return t;
}

// block = "{" { statement } "}" ;
Block Parser::parse_block() {
  DepthGuard guard(*this);
  Block b;
  const Token open = expect(TokenKind::kLBrace);
  Pos begin = open.span.begin;
  Span open_span = open.span;
  size_t mark = stmts_.mark();
  while (!peek().is(TokenKind::kRBrace)) {
    if (at_eof()) {
      sink_.error(ErrorCode::E0108, peek().span, "unterminated block: expected '}'",
                  {DiagnosticNote{open_span, "block opened here"}});
      throw SyntaxError{};
    }
    size_t before = pos_;
    if (!starts_statement(peek())) {
      // What parse_stmt would report, without unwinding an exception per
      // stray token: with no statement limit, a flood of them must cost
      // little per token.
      report_unexpected(kStatementExpected);
      synchronize(false);
    } else {
      ScratchMarks marks = scratch_marks();
      try {
        stmts_.push(parse_stmt());
      } catch (const SyntaxError&) {
        restore(marks);
        synchronize(false);
      }
    }
    if (pos_ == before) advance();
  }
  b.stmts = stmts_.take(*arena_, mark);
  advance();
  b.span = span_from(begin);
  return b;
}

// statement = annotations
//             ( ( "let" | "var" ) NAME [ ":" type ] "=" ( call | expr ) ";"
//             | NAME [ "[" expr "]" ] "=" ( call | expr ) ";"
//             | call ";"
//             | "tensor" "." NAME "(" args ")" ";"
//             | "for" NAME "in" "range" "(" expr [ "," expr [ "," expr ] ] ")" block
//             | "if" expr block { "elif" expr block } [ "else" block ]
//             | "scope" [ "manual" ] block ) ;
StmtPtr Parser::parse_stmt() {
  ++statements_;
  Stmt* s = arena_->make<Stmt>();
  s->id = static_cast<uint32_t>(statements_ - 1);
  Pos begin = peek().span.begin;
  s->annotations = parse_annotations();
  const Token t = peek();
  if (accept(TokenKind::kKwLet) || t.is(TokenKind::kKwVar)) {
    bool is_var = t.is(TokenKind::kKwVar);
    if (is_var) advance();
    s->kind = is_var ? StmtKind::kVar : StmtKind::kLet;
    const Token n = expect_ident("variable name");
    s->name = n.text;
    s->name_span = n.span;
    if (accept(TokenKind::kColon)) s->type = arena_->make<TypeExpr>(parse_type());
    expect(TokenKind::kAssign);
    parse_call_or_value(*s);
    expect(TokenKind::kSemicolon);
  } else if (t.is(TokenKind::kKwCall)) {
    s->kind = StmtKind::kCall;
    s->call = parse_task_call();
    expect(TokenKind::kSemicolon);
  } else if (t.is(TokenKind::kKwTensor)) {
    s->kind = StmtKind::kOp;
    s->value = parse_expr();
    expect(TokenKind::kSemicolon);
  } else if (accept(TokenKind::kKwFor)) {
    s->kind = StmtKind::kFor;
    const Token n = expect_ident("loop variable name");
    s->name = n.text;
    s->name_span = n.span;
    expect(TokenKind::kKwIn);
    expect(TokenKind::kKwRange);
    expect(TokenKind::kLParen);
    size_t mark = exprs_.mark();
    do {
      exprs_.push(parse_expr());
    } while (exprs_.size_since(mark) < 3 && accept(TokenKind::kComma));
    s->range_args = exprs_.take(*arena_, mark);
    expect(TokenKind::kRParen);
    s->body = parse_block();
  } else if (accept(TokenKind::kKwIf)) {
    s->kind = StmtKind::kIf;
    size_t conds = exprs_.mark();
    size_t blocks = blocks_.mark();
    do {
      exprs_.push(parse_expr());
      blocks_.push(parse_block());
    } while (accept(TokenKind::kKwElif));
    s->conds = exprs_.take(*arena_, conds);
    s->blocks = blocks_.take(*arena_, blocks);
    if (accept(TokenKind::kKwElse)) s->else_block = arena_->make<Block>(parse_block());
  } else if (accept(TokenKind::kKwScope)) {
    s->kind = StmtKind::kScope;
    s->manual = accept(TokenKind::kKwManual);
    s->body = parse_block();
  } else if (t.kind == TokenKind::kIdent &&
             (peek(1).is(TokenKind::kAssign) || peek(1).is(TokenKind::kLBracket))) {
    s->kind = StmtKind::kAssign;
    s->name = advance().text;
    s->name_span = t.span;
    if (accept(TokenKind::kLBracket)) {
      s->index = parse_expr();
      expect(TokenKind::kRBracket);
    }
    expect(TokenKind::kAssign);
    parse_call_or_value(*s);
    expect(TokenKind::kSemicolon);
  } else if (t.kind == TokenKind::kIdent && peek(1).is(TokenKind::kLParen)) {
    // `gemm(a, b, c);`: most likely a task without its `call`.
    std::string name(t.text);
    sink_.error(ErrorCode::E0107, t.span,
                "expected a statement, found '" + name + "(...)'; to submit a task write 'call " +
                    name + "(...)'",
                {}, FixIt{Span{t.span.begin, t.span.begin}, "call "});
    throw SyntaxError{};
  } else {
    fail(kStatementExpected);
  }
  s->span = span_from(begin);
  return s;
}

// ( call | expr ), the value of a let, var or assignment.
void Parser::parse_call_or_value(Stmt& s) {
  if (peek().is(TokenKind::kKwCall)) {
    s.call = parse_task_call();
  } else {
    s.value = parse_expr();
  }
}

// call = "call" ( NAME | "barrier" ) "(" [ args ] ")" ;
TaskCall* Parser::parse_task_call() {
  TaskCall* c = arena_->make<TaskCall>();
  c->id = static_cast<uint32_t>(calls_++);
  Pos begin = expect(TokenKind::kKwCall).span.begin;
  const Token n = peek().is(TokenKind::kKwBarrier) ? advance()
                                                     : expect_ident("kernel or group name");
  c->barrier = n.is(TokenKind::kKwBarrier);
  c->kernel = n.text;
  c->kernel_span = n.span;
  expect(TokenKind::kLParen);
  c->args = parse_args(TokenKind::kRParen);
  expect(TokenKind::kRParen);
  c->span = span_from(begin);
  return c;
}

// args = arg { "," arg } [ "," ] ;   (up to, not including, `close`)
// arg  = NAME "=" expr | { prefix } expr ;
// prefix = "nodep" | "in" | "out" | "inout" | "dump" ;   ("dump" only before an expression)
ArenaSpan<Arg> Parser::parse_args(TokenKind close) {
  size_t mark = args_.mark();
  while (!peek().is(close)) {
    Arg a;
    Pos begin = peek().span.begin;
    if (peek().kind == TokenKind::kIdent && peek(1).is(TokenKind::kAssign)) {
      a.keyword = advance().text;
      advance();
    } else {
      parse_arg_prefixes(a);
    }
    a.value = parse_expr();
    a.span = span_from(begin);
    args_.push(a);
    if (!accept(TokenKind::kComma)) break;
  }
  return args_.take(*arena_, mark);
}

// The prefixes of a positional argument, in any order, each once. `dump`
// is a prefix only when an expression follows it (`call k(dump)` passes a
// tensor named dump).
void Parser::parse_arg_prefixes(Arg& a) {
  for (;;) {
    const Token t = peek();
    Direction d = t.is(TokenKind::kKwIn)      ? Direction::kIn
                  : t.is(TokenKind::kKwOut)   ? Direction::kOut
                  : t.is(TokenKind::kKwInout) ? Direction::kInOut
                                              : Direction::kNone;
    bool dump = t.kind == TokenKind::kIdent && t.text == "dump" && starts_expression(peek(1));
    bool repeated = (t.is(TokenKind::kKwNodep) && a.nodep) ||
                    (d != Direction::kNone && a.direction != Direction::kNone) || (dump && a.dump);
    if (repeated) {
      sink_.error(ErrorCode::E0107, t.span, "'" + std::string(t.text) + "' is given twice");
      throw SyntaxError{};
    }
    if (t.is(TokenKind::kKwNodep)) {
      a.nodep = true;
    } else if (d != Direction::kNone) {
      a.direction = d;
    } else if (dump) {
      a.dump = true;
    } else {
      return;
    }
    advance();
  }
}

bool Parser::starts_expression(const Token& t) {
  switch (t.kind) {
    case TokenKind::kIdent: case TokenKind::kInt: case TokenKind::kFloat:
    case TokenKind::kString: case TokenKind::kDType: case TokenKind::kKwTrue:
    case TokenKind::kKwFalse: case TokenKind::kKwNone: case TokenKind::kKwTensor:
    case TokenKind::kKwNot: case TokenKind::kLParen: case TokenKind::kLBracket:
    case TokenKind::kMinus: case TokenKind::kKwNodep: case TokenKind::kKwIn:
    case TokenKind::kKwOut: case TokenKind::kKwInout:
      return true;
    default:
      return false;
  }
}

}  // namespace parser_internal


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
  TokenWindow window(tokens);
  return parser_internal::Parser(window, sink).run();
}

Module parse_source(const SourceFile& file, DiagnosticSink& sink) {
  TokenWindow window(file, sink);
  Module module = parser_internal::Parser(window, sink).run();
  window.drain();  // lexical errors past where the parser stopped
  return module;
}

}  // namespace taskc
