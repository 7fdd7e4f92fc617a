// Canonical formatting: the walk over the tree. Layout decisions:
//  * Two spaces per block level; one declaration or statement per line,
//    broken only inside lists, where the user broke it (format_writer.cc).
//  * A parameter or task-argument list that the source has on one line is
//    wrapped when its line would pass 80 columns (format_writer.cc, wrap).
//  * Expressions and literals: see format_expr.cc.
//  * Blank lines: wherever the source had one or more between items
//    (collapsed to one), never right after '{', before '}' or inside a
//    declaration; none is added, so the user's grouping stays.
//  * Comments: a comment on its own line stays before the construct that
//    follows it, at that construct's indentation; a comment at the end of a
//    line stays at the end of the output line of the construct it follows,
//    aligned as render_lines says.
#include "formatter.h"

#include "format_writer.h"

namespace taskc {

namespace {

std::string format_param(const Param& p) {
  std::string direction = direction_keyword(p.direction);
  if (!direction.empty()) direction += " ";
  return direction + std::string(p.name) + ": " + format_type(p.type);
}

class Formatter {
 public:
  explicit Formatter(const TokenStream& stream) : w_(&stream) {}

  std::string run(const Module& m) {
    w_.begin(m.span.begin, kItemStart, 0);
    w_.text("module " + std::string(m.name));
    Pos after_options = m.name_span.end;
    if (!m.kwargs.empty()) {
      Pos open = w_.token_at(m.name_span.end);
      Pos close = w_.token_at(m.kwargs.back().span.end, TokenKind::kRParen);
      w_.list('(', open, close, m.kwargs, [&](const ModuleKwarg& kw) {
        w_.text(std::string(kw.name) + " = ");
        write_expr(w_, *kw.value);
      }, 1);  // `;` follows
      after_options = shifted(close, 1);
    }
    w_.text(";");
    w_.end(shifted(w_.token_at(after_options, TokenKind::kSemicolon), 1),
           kItemStart);
    for (const Decl& d : m.decls) print_decl(d);
    w_.comments_before({UINT32_MAX, UINT32_MAX}, 0, true);
    return w_.render();
  }

 private:
  // A construct that never breaks: `text` stands for the source from
  // `begin` to `end`.
  void line(Pos begin, Pos end, const std::string& text, LineStyle style) {
    w_.begin(begin, style, indent_);
    w_.text(text);
    w_.end(end, style);
  }

  // Where the declaration or statement keyword is: after any annotations.
  Pos keyword_begin(ArenaSpan<Annotation> annotations,
                    Pos item_begin) const {
    if (annotations.empty()) return item_begin;
    return w_.token_at(annotations.back().span.end);
  }

  // ---- declarations ----

  // Styles for the lines of one declaration or statement: only its first
  // line may follow a kept blank line.
  LineStyle emit_annotations(ArenaSpan<Annotation> annotations) {
    LineStyle style = kItemStart;
    for (const Annotation& a : annotations) {
      w_.begin(a.span.begin, style, indent_);
      w_.text("@" + std::string(a.name));
      if (a.has_parens) {
        write_args(w_, a.args, w_.token_at(a.span.begin, TokenKind::kLParen),
                   shifted(a.span.end, -1));
      }
      w_.end(a.span.end, style);
      style = kInsideItem;
    }
    return style;
  }

  // `head(params)tail`, where the source's '(' follows `name_end` and the
  // construct ends at `end`.
  void emit_param_list(Pos begin, Pos end, const std::string& head,
                       Pos name_end, const std::vector<Param>& params,
                       const std::string& tail, LineStyle style) {
    Pos open = w_.token_at(name_end);
    Pos close = w_.token_at(params.empty() ? open : params.back().span.end,
                            TokenKind::kRParen);
    w_.begin(begin, style, indent_);
    w_.text(head);
    w_.list('(', open, close, params,
            [&](const Param& p) { w_.text(format_param(p)); },
            display_width(tail));
    w_.text(tail);
    w_.end(end, style);
  }

  void print_decl(const Decl& d) {
    LineStyle style = emit_annotations(d.annotations);
    Pos begin = keyword_begin(d.annotations, d.span.begin);
    switch (d.kind) {
      case DeclKind::kDim:
        line(begin, d.span.end,
             "dim " + joined(d.names, [](std::string_view n) { return std::string(n); }) +
                 ";",
             style);
        return;
      case DeclKind::kConst:
        w_.begin(begin, style, indent_);
        w_.text("const " + std::string(d.name) + (d.type ? ": " + format_type(*d.type) : "") +
                " = ");
        write_expr(w_, *d.value);
        w_.text(";");
        w_.end(d.span.end, style);
        return;
      case DeclKind::kType:
        line(begin, d.span.end,
             "type " + std::string(d.name) + " = " + format_type(*d.type) + ";", style);
        return;
      case DeclKind::kKernel:
        emit_param_list(begin, d.span.end,
                        std::string("kernel ") + (d.is_aic ? "aic " : "aiv ") +
                            std::string(d.name),
                        d.name_span.end, d.params, ";", style);
        return;
      case DeclKind::kGroup:
        print_group(d, begin, style);
        return;
      case DeclKind::kOrchestration:
        print_orchestration(d, begin, style);
        return;
    }
  }

  void print_group(const Decl& d, Pos begin, LineStyle style) {
    Pos after_params =
        d.params.empty() ? d.name_span.end : d.params.back().span.end;
    Pos open_brace = w_.token_at(
        shifted(w_.token_at(after_params, TokenKind::kRParen), 1));
    style.opens_block = true;
    emit_param_list(begin, shifted(open_brace, 1), "group " + std::string(d.name),
                    d.name_span.end, d.params, " {", style);
    indent_ += kBlockIndent;
    for (const GroupMember& m : d.members) {
      line(m.span.begin, m.span.end,
           std::string(m.is_aic ? "aic " : "aiv ") + std::string(m.name) + ";", kInsideItem);
    }
    Pos close_brace = shifted(d.span.end, -1);
    w_.comments_before(close_brace, indent_, true);
    indent_ -= kBlockIndent;
    line(close_brace, d.span.end, "}", kInsideItem);
  }

  void print_orchestration(const Decl& d, Pos begin, LineStyle style) {
    const Block& body = d.body;
    if (is_inline_empty(body)) {
      emit_param_list(begin, body.span.end, "orchestration " + std::string(d.name),
                      d.name_span.end, d.params, " {}", style);
      return;
    }
    style.opens_block = true;
    emit_param_list(begin, shifted(body.span.begin, 1),
                    "orchestration " + std::string(d.name), d.name_span.end, d.params,
                    " {", style);
    print_block_statements(body, closing_brace(body));
    line(closing_brace(body), body.span.end, "}", kInsideItem);
  }

  // ---- blocks and statements ----
  static Pos closing_brace(const Block& b) { return shifted(b.span.end, -1); }

  // An empty block with no comment inside prints as `{}`.
  bool is_inline_empty(const Block& b) const {
    return b.stmts.empty() && !w_.has_comment_between(b.span.begin, b.span.end);
  }

  // The statements one level deeper, then the comments before `limit` (the
  // closing '}', or the next branch's '{') at that level.
  void print_block_statements(const Block& b, Pos limit) {
    indent_ += kBlockIndent;
    for (const StmtPtr& s : b.stmts) print_stmt(*s);
    w_.comments_before(limit, indent_, true);
    indent_ -= kBlockIndent;
  }

  // `head {` statements `}`, or `head {}`; `write_head` writes the head.
  template <typename F>
  void print_headed_block(Pos begin, F write_head, const Block& b,
                          LineStyle style) {
    w_.begin(begin, style, indent_);
    write_head();
    if (is_inline_empty(b)) {
      w_.text(" {}");
      w_.end(b.span.end, style);
      return;
    }
    style.opens_block = true;
    w_.text(" {");
    w_.end(shifted(b.span.begin, 1), style);
    print_block_statements(b, closing_brace(b));
    line(closing_brace(b), b.span.end, "}", kInsideItem);
  }

  void print_task_call(Pos begin, Pos end, const std::string& prefix,
                       const TaskCall& call, LineStyle style) {
    Pos open = w_.token_at(call.kernel_span.end);
    Pos close = shifted(call.span.end, -1);
    std::string head = prefix + "call " + std::string(call.kernel);
    w_.begin(begin, style, indent_);
    w_.text(head);
    write_args(w_, call.args, open, close, 1);  // `;` follows
    w_.text(";");
    w_.end(end, style);
  }

  void print_stmt(const Stmt& s) {
    LineStyle style = emit_annotations(s.annotations);
    Pos begin = keyword_begin(s.annotations, s.span.begin);
    switch (s.kind) {
      case StmtKind::kLet:
      case StmtKind::kVar:
      case StmtKind::kAssign: {
        std::string prefix =
            s.kind == StmtKind::kAssign
                ? std::string(s.name) + (s.index ? "[" + format_expr(*s.index) + "]" : "")
                : (s.kind == StmtKind::kLet ? "let " : "var ") + std::string(s.name) +
                      (s.type ? ": " + format_type(*s.type) : "");
        prefix += " = ";
        if (s.call) {
          print_task_call(begin, s.span.end, prefix, *s.call, style);
          return;
        }
        w_.begin(begin, style, indent_);
        w_.text(prefix);
        write_expr(w_, *s.value);
        w_.text(";");
        w_.end(s.span.end, style);
        return;
      }
      case StmtKind::kCall:
        print_task_call(begin, s.span.end, "", *s.call, style);
        return;
      case StmtKind::kOp:
        w_.begin(begin, style, indent_);
        write_expr(w_, *s.value);
        w_.text(";");
        w_.end(s.span.end, style);
        return;
      case StmtKind::kFor:
        print_headed_block(begin, [&] {
          w_.text("for " + std::string(s.name) + " in range");
          Pos open = w_.token_at(s.name_span.end, TokenKind::kLParen);
          Pos after_args =
              s.range_args.empty() ? open : s.range_args.back()->span.end;
          w_.list('(', open, w_.token_at(after_args, TokenKind::kRParen),
                  s.range_args, [&](const ExprPtr& e) { write_expr(w_, *e); });
        }, s.body, style);
        return;
      case StmtKind::kIf:
        print_if(s, begin, style);
        return;
      case StmtKind::kScope:
        print_headed_block(begin, [&] {
          w_.text(s.manual ? "scope manual" : "scope");
        }, s.body, style);
        return;
    }
  }

  // `if c {` ... `} elif c {` ... `} else {` ... `}`; an empty branch is
  // `{}` and the next branch continues on the same line.
  void print_if(const Stmt& s, Pos begin, LineStyle style) {
    size_t branches = s.blocks.size() + (s.else_block ? 1 : 0);
    auto block = [&](size_t i) -> const Block& {
      return i < s.blocks.size() ? s.blocks[i] : *s.else_block;
    };
    auto write_branch_head = [&](size_t i) {
      if (i < s.blocks.size()) {
        w_.text(i == 0 ? "if " : "elif ");
        write_expr(w_, *s.conds[i]);
        w_.text(" ");
      } else {
        w_.text("else ");
      }
    };
    w_.begin(begin, style, indent_);
    write_branch_head(0);
    for (size_t i = 0; i < branches; ++i) {
      const Block& b = block(i);
      bool has_next = i + 1 < branches;
      if (is_inline_empty(b)) {
        w_.text("{}");
        if (has_next) {
          w_.text(" ");
          write_branch_head(i + 1);
          continue;
        }
        w_.end(b.span.end, style);
        return;
      }
      w_.text("{");
      w_.end(shifted(b.span.begin, 1), {style.blank_ok, true});
      // The line after this block runs from its '}' to the '{' of the next
      // branch that is not `{}` (or to the end of the chain); comments there
      // stay inside this block, where they are on re-formatting too.
      Pos next_line_end = closing_brace(b);
      for (size_t j = i + 1; j < branches; ++j) {
        if (!is_inline_empty(block(j))) {
          next_line_end = shifted(block(j).span.begin, 1);
          break;
        }
        next_line_end = block(j).span.end;
      }
      print_block_statements(b, next_line_end);
      style = kInsideItem;
      w_.begin(closing_brace(b), style, indent_);
      if (!has_next) {
        w_.text("}");
        w_.end(b.span.end, style);
        return;
      }
      w_.text("} ");
      write_branch_head(i + 1);
    }
  }

  LineWriter w_;
  int indent_ = 0;
};

}  // namespace

std::string format_module(const Module& module, const TokenStream& tokens) {
  return Formatter(tokens).run(module);
}

}  // namespace taskc
