// Canonical formatting. Layout decisions:
//  * Two spaces per block level; one declaration or statement per line.
//  * A parameter or task-argument list stays on one line when the whole line
//    fits in 80 columns and no comment sits inside the parentheses; otherwise
//    the opening line ends with '(' and each item gets its own line, indented
//    4 spaces more than the construct, the last one carrying the closing
//    `);` or `) {`.
//  * Expressions and literals: see format_expr.cc.
//  * Blank lines: one between top-level declarations of different kinds, and
//    wherever the source had one or more between items (collapsed to one),
//    never right after '{', before '}' or inside a declaration.
//  * Comments: a comment on its own line stays before the construct that
//    follows it, at that construct's indentation; a comment at the end of a
//    line stays at the end of the output line of the construct it follows.
//    A comment inside a construct printed on one line (an expression broken
//    over lines in the source) moves to its own line just before it.
#include "formatter.h"

#include <algorithm>

namespace taskc {

namespace {

constexpr size_t kMaxLineWidth = 80;
constexpr int kBlockIndent = 2;
constexpr int kContinuationIndent = 4;

bool before(Pos a, Pos b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}
Pos shifted(Pos p, int columns) {
  return {p.line, static_cast<uint32_t>(static_cast<int>(p.column) + columns)};
}


std::string format_param(const Param& p) {
  std::string direction = direction_keyword(p.direction);
  if (!direction.empty()) direction += " ";
  return direction + p.name + ": " + format_type(p.type);
}

std::string format_annotation(const Annotation& a) {
  std::string out = "@" + a.name;
  if (a.has_parens) out += "(" + format_args(a.args) + ")";
  return out;
}

// ---- layout ----

std::string_view without_trailing_space(std::string_view text) {
  while (!text.empty() && std::string_view(" \t\v\f").find(text.back()) !=
                              std::string_view::npos) {
    text.remove_suffix(1);
  }
  return text;
}

// How one output line relates to its neighbours.
struct LineStyle {
  bool blank_ok;          // a blank line of the source may be kept before it
  bool opens_block;       // it ends with '{': no blank line may follow
  bool comma_may_follow;  // a ',' may sit between it and its end-of-line comment
};
constexpr LineStyle kItemStart{true, false, false};
constexpr LineStyle kInsideItem{false, false, false};

// One parameter or argument of a list that may be broken over lines.
struct ListItem {
  std::string text;
  Span span;
};

class Formatter {
 public:
  explicit Formatter(const TokenStream& stream)
      : tokens_(stream.tokens), comments_(stream.comments) {}

  std::string run(const Module& m) {
    flush_comments_before(m.span.begin, 0, true);
    std::string header = "module " + m.name;
    if (!m.kwargs.empty()) {
      header += "(" + joined(m.kwargs, [](const ModuleKwarg& kw) {
        return kw.name + " = " + format_expr(*kw.value);
      }) + ")";
    }
    const Token& semicolon = tokens_[find_token(m.name_span.end, TokenKind::kSemicolon)];
    emit_line(m.span.begin, semicolon.span.end, header + ";", kItemStart);
    const Decl* previous = nullptr;
    for (const Decl& d : m.decls) {
      // The module header counts as a kind of its own.
      if (!previous || previous->kind != d.kind) blank_pending_ = true;
      print_decl(d);
      previous = &d;
    }
    flush_comments_before({UINT32_MAX, UINT32_MAX}, 0, true);
    return out_;
  }

 private:
  // ---- source positions ----
  size_t first_token_at_or_after(Pos p) const {
    auto it = std::lower_bound(
        tokens_.begin(), tokens_.end(), p,
        [](const Token& t, Pos q) { return before(t.span.begin, q); });
    return std::min(static_cast<size_t>(it - tokens_.begin()),
                    tokens_.size() - 1);
  }
  size_t find_token(Pos from, TokenKind kind) const {
    size_t i = first_token_at_or_after(from);
    while (i + 1 < tokens_.size() && !tokens_[i].is(kind)) ++i;
    return i;
  }
  // Where the declaration or statement keyword is: after any annotations.
  Pos keyword_begin(const std::vector<Annotation>& annotations,
                    Pos item_begin) const {
    if (annotations.empty()) return item_begin;
    return tokens_[first_token_at_or_after(annotations.back().span.end)]
        .span.begin;
  }
  bool has_comment_between(Pos open, Pos close) const {
    for (size_t i = next_comment_; i < comments_.size(); ++i) {
      Pos p = comments_[i].span.begin;
      if (!before(p, close)) return false;
      if (before(open, p)) return true;
    }
    return false;
  }
  // An end-of-line comment belongs to the line ending at `end` when nothing
  // but white space (and perhaps a list's ',') lies between them.
  bool trails(const Comment& c, Pos end, bool comma_may_follow) const {
    if (c.owns_line) return false;
    size_t first = first_token_at_or_after(end);
    size_t last = first_token_at_or_after(c.span.begin);
    return first == last || (first + 1 == last && comma_may_follow &&
                             tokens_[first].is(TokenKind::kComma));
  }

  // ---- output ----
  // Keeps one blank line where the source had at least one (or a new kind of
  // declaration starts), if a blank line is allowed here.
  void separate(uint32_t source_line, bool blank_ok) {
    if (out_.empty() || !blank_ok || after_opener_) return;
    if (blank_pending_ || source_line > last_source_line_ + 1) out_ += '\n';
    blank_pending_ = false;
  }

  void emit_comment(const Comment& c, int indent, bool blank_ok) {
    separate(c.span.begin.line, blank_ok);
    out_.append(indent, ' ').append(without_trailing_space(c.text)) += '\n';
    last_source_line_ = std::max(last_source_line_, c.span.end.line);
    after_opener_ = false;
    ++next_comment_;
  }

  void flush_comments_before(Pos limit, int indent, bool blank_ok) {
    while (next_comment_ < comments_.size() &&
           before(comments_[next_comment_].span.begin, limit)) {
      emit_comment(comments_[next_comment_], indent, blank_ok);
    }
  }

  // Writes `text` as one line that stands for the source from `begin` to
  // `end`: comments before it go first, comments inside it just before it,
  // and an end-of-line comment right after it stays on the line.
  void emit_line(Pos begin, Pos end, const std::string& text, LineStyle style,
                 int indent = -1) {
    if (indent < 0) indent = indent_;
    flush_comments_before(begin, indent, style.blank_ok);
    separate(begin.line, style.blank_ok);
    flush_comments_before(end, indent, false);
    out_.append(indent, ' ') += text;
    last_source_line_ = std::max(last_source_line_, end.line);
    if (next_comment_ < comments_.size() &&
        trails(comments_[next_comment_], end, style.comma_may_follow)) {
      out_.append("  ").append(
          without_trailing_space(comments_[next_comment_].text));
      ++next_comment_;
    }
    out_ += '\n';
    after_opener_ = style.opens_block;
  }

  // `head(items)tail` on one line, or broken one item per line (see the
  // top of this file). `open`/`close` are the parentheses in the source.
  void emit_list(Pos begin, Pos end, const std::string& head, Pos open,
                 Pos close, const std::vector<ListItem>& items,
                 const std::string& tail, LineStyle style) {
    std::string one_line = head + "(" +
                           joined(items, [](const ListItem& item) {
                             return item.text;
                           }) +
                           tail;
    if (items.empty() || (!has_comment_between(open, close) &&
                          indent_ + one_line.size() <= kMaxLineWidth)) {
      emit_line(begin, end, one_line, style);
      return;
    }
    emit_line(begin, shifted(open, 1), head + "(",
              {style.blank_ok, false, false});
    for (size_t i = 0; i < items.size(); ++i) {
      bool last = i + 1 == items.size();
      emit_line(items[i].span.begin, last ? end : items[i].span.end,
                items[i].text + (last ? tail : ","),
                {false, last && style.opens_block, !last},
                indent_ + kContinuationIndent);
    }
  }

  // ---- declarations ----
  static std::vector<ListItem> param_items(const std::vector<Param>& params) {
    std::vector<ListItem> items;
    for (const Param& p : params) items.push_back({format_param(p), p.span});
    return items;
  }

  // Emits `head(params)tail`, where the source's '(' follows `name_end`.
  void emit_param_list(Pos begin, Pos end, const std::string& head,
                       Pos name_end, const std::vector<Param>& params,
                       const std::string& tail, LineStyle style) {
    Pos open = tokens_[first_token_at_or_after(name_end)].span.begin;
    Pos close = tokens_[find_token(params.empty() ? open : params.back().span.end,
                                   TokenKind::kRParen)]
                    .span.begin;
    emit_list(begin, end, head, open, close, param_items(params), tail, style);
  }

  // Styles for the lines of one declaration or statement: only its first
  // line may follow a kept blank line.
  LineStyle emit_annotations(const std::vector<Annotation>& annotations) {
    LineStyle style = kItemStart;
    for (const Annotation& a : annotations) {
      emit_line(a.span.begin, a.span.end, format_annotation(a), style);
      style = kInsideItem;
    }
    return style;
  }

  void print_decl(const Decl& d) {
    flush_comments_before(d.span.begin, indent_, true);
    LineStyle style = emit_annotations(d.annotations);
    Pos begin = keyword_begin(d.annotations, d.span.begin);
    switch (d.kind) {
      case DeclKind::kDim:
        emit_line(begin, d.span.end,
                  "dim " + joined(d.names, [](const std::string& n) {
                    return n;
                  }) + ";",
                  style);
        return;
      case DeclKind::kConst:
        emit_line(begin, d.span.end,
                  "const " + d.name +
                      (d.type ? ": " + format_type(*d.type) : "") + " = " +
                      format_expr(*d.value) + ";",
                  style);
        return;
      case DeclKind::kType:
        emit_line(begin, d.span.end,
                  "type " + d.name + " = " + format_type(*d.type) + ";",
                  style);
        return;
      case DeclKind::kKernel:
        emit_param_list(begin, d.span.end,
                        std::string("kernel ") + (d.is_aic ? "aic " : "aiv ") +
                            d.name,
                        d.name_span.end, d.params, ");", style);
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
    const Token& open_brace =
        tokens_[first_token_at_or_after(
                    tokens_[find_token(after_params, TokenKind::kRParen)].span.end)];
    style.opens_block = true;
    emit_param_list(begin, open_brace.span.end, "group " + d.name,
                    d.name_span.end, d.params, ") {", style);
    indent_ += kBlockIndent;
    for (const GroupMember& m : d.members) {
      emit_line(m.span.begin, m.span.end,
                std::string(m.is_aic ? "aic " : "aiv ") + m.name + ";",
                kInsideItem);
    }
    Pos close_brace = shifted(d.span.end, -1);
    flush_comments_before(close_brace, indent_, true);
    indent_ -= kBlockIndent;
    emit_line(close_brace, d.span.end, "}", kInsideItem);
  }

  void print_orchestration(const Decl& d, Pos begin, LineStyle style) {
    const Block& body = d.body;
    if (is_inline_empty(body)) {
      emit_param_list(begin, body.span.end, "orchestration " + d.name,
                      d.name_span.end, d.params, ") {}", style);
      return;
    }
    style.opens_block = true;
    emit_param_list(begin, shifted(body.span.begin, 1),
                    "orchestration " + d.name, d.name_span.end, d.params,
                    ") {", style);
    print_block_statements(body, closing_brace(body));
    emit_line(closing_brace(body), body.span.end, "}", kInsideItem);
  }

  // ---- blocks and statements ----
  static Pos closing_brace(const Block& b) { return shifted(b.span.end, -1); }

  // An empty block with no comment inside prints as `{}`.
  bool is_inline_empty(const Block& b) const {
    return b.stmts.empty() && !has_comment_between(b.span.begin, b.span.end);
  }

  // The statements one level deeper, then the comments before `limit` (the
  // closing '}', or the next branch's '{') at that level.
  void print_block_statements(const Block& b, Pos limit) {
    indent_ += kBlockIndent;
    for (const StmtPtr& s : b.stmts) print_stmt(*s);
    flush_comments_before(limit, indent_, true);
    indent_ -= kBlockIndent;
  }

  void print_headed_block(Pos begin, const std::string& head, const Block& b,
                          LineStyle style) {
    if (is_inline_empty(b)) {
      emit_line(begin, b.span.end, head + " {}", style);
      return;
    }
    style.opens_block = true;
    emit_line(begin, shifted(b.span.begin, 1), head + " {", style);
    print_block_statements(b, closing_brace(b));
    emit_line(closing_brace(b), b.span.end, "}", kInsideItem);
  }

  void print_task_call(Pos begin, Pos end, const std::string& prefix,
                       const TaskCall& call, LineStyle style) {
    std::vector<ListItem> items;
    for (const Arg& a : call.args) items.push_back({format_arg(a), a.span});
    Pos open = tokens_[first_token_at_or_after(call.kernel_span.end)].span.begin;
    emit_list(begin, end, prefix + "call " + call.kernel, open,
              shifted(call.span.end, -1), items, ");", style);
  }

  void print_stmt(const Stmt& s) {
    flush_comments_before(s.span.begin, indent_, true);
    LineStyle style = emit_annotations(s.annotations);
    Pos begin = keyword_begin(s.annotations, s.span.begin);
    switch (s.kind) {
      case StmtKind::kLet:
      case StmtKind::kVar:
      case StmtKind::kAssign: {
        std::string prefix =
            s.kind == StmtKind::kAssign
                ? s.name + (s.index ? "[" + format_expr(*s.index) + "]" : "")
                : (s.kind == StmtKind::kLet ? "let " : "var ") + s.name +
                      (s.type ? ": " + format_type(*s.type) : "");
        prefix += " = ";
        if (s.call) {
          print_task_call(begin, s.span.end, prefix, *s.call, style);
        } else {
          emit_line(begin, s.span.end, prefix + format_expr(*s.value) + ";",
                    style);
        }
        return;
      }
      case StmtKind::kCall:
        print_task_call(begin, s.span.end, "", *s.call, style);
        return;
      case StmtKind::kOp:
        emit_line(begin, s.span.end, format_expr(*s.value) + ";", style);
        return;
      case StmtKind::kFor:
        print_headed_block(begin,
                           "for " + s.name + " in range(" +
                               joined(s.range_args,
                                      [](const ExprPtr& e) {
                                        return format_expr(*e);
                                      }) +
                               ")",
                           s.body, style);
        return;
      case StmtKind::kIf:
        print_if(s, begin, style);
        return;
      case StmtKind::kScope:
        print_headed_block(begin, s.manual ? "scope manual" : "scope", s.body,
                           style);
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
    auto branch_head = [&](size_t i) {
      return i == 0 ? "if " + format_expr(*s.conds[0]) + " "
             : i < s.blocks.size() ? "elif " + format_expr(*s.conds[i]) + " "
                                   : std::string("else ");
    };
    std::string line = branch_head(0);
    for (size_t i = 0; i < branches; ++i) {
      const Block& b = block(i);
      bool has_next = i + 1 < branches;
      if (is_inline_empty(b)) {
        line += "{}";
        if (has_next) {
          line += " " + branch_head(i + 1);
          continue;
        }
        emit_line(begin, b.span.end, line, style);
        return;
      }
      emit_line(begin, shifted(b.span.begin, 1), line + "{",
                {style.blank_ok, true, false});
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
      begin = closing_brace(b);
      style = kInsideItem;
      if (!has_next) {
        emit_line(begin, b.span.end, "}", style);
        return;
      }
      line = "} " + branch_head(i + 1);
    }
  }

  const std::vector<Token>& tokens_;
  const std::vector<Comment>& comments_;  // in source order
  size_t next_comment_ = 0;               // comments before it are written
  std::string out_;
  int indent_ = 0;
  uint32_t last_source_line_ = 0;  // the last source line written so far
  bool blank_pending_ = false;     // a new kind of declaration starts
  bool after_opener_ = false;      // the last line ended with '{'
};

}  // namespace

std::string format_module(const Module& module, const TokenStream& tokens) {
  return Formatter(tokens).run(module);
}

}  // namespace taskc
