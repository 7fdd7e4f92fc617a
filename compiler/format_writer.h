// The output side of `taskc fmt`: output lines, the comments and blank lines
// of the source, and the layout of one declaration or statement whose lists
// keep the line breaks the user made. The tree walk is in formatter.cc,
// expressions in format_expr.cc.
#ifndef TASKC_COMPILER_FORMAT_WRITER_H
#define TASKC_COMPILER_FORMAT_WRITER_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ast.h"
#include "lexer.h"

namespace taskc {

constexpr size_t kMaxLineWidth = 80;
constexpr int kBlockIndent = 2;
constexpr int kContinuationIndent = 4;

// How one construct relates to its neighbours.
struct LineStyle {
  bool blank_ok;     // a blank line of the source may be kept before it
  bool opens_block;  // it ends with '{': no blank line may follow
};
constexpr LineStyle kItemStart{true, false};
constexpr LineStyle kInsideItem{false, false};

bool before(Pos a, Pos b);
Pos shifted(Pos p, int columns);
// Columns a terminal gives `text`: one per UTF-8 sequence (or stray byte).
size_t display_width(std::string_view text);

// One output line. A trailing comment is aligned when the lines are rendered.
struct OutputLine {
  std::string code;     // with its indentation; empty for a blank line
  std::string comment;  // an end-of-line comment, or empty
  size_t source_column = 0;  // display column of that comment in the source
};

// The lines joined, each trailing comment placed by the rule of
// format_writer.cc (aligned runs keep their column). Ends with one newline.
std::string render_lines(const std::vector<OutputLine>& lines);

class LineWriter {
 public:
  // Without a stream (format_expr for messages) nothing ever breaks.
  explicit LineWriter(const TokenStream* stream);

  // ---- source positions ----
  // Where the first token at or after `p` (of `kind`, if given) begins.
  Pos token_at(Pos p) const;
  Pos token_at(Pos p, TokenKind kind) const;
  bool has_comment_between(Pos open, Pos close) const;

  // ---- whole lines ----
  // The comments that begin before `limit`, each on its own line.
  void comments_before(Pos limit, int indent, bool blank_ok);
  // A blank line goes before the next line (a new kind of declaration).
  void blank_line_pending() { blank_pending_ = true; }

  // ---- one construct: begin, text and lists, end ----
  // Comments before `begin` go first, then (if the source had one) a blank
  // line; the construct starts at `indent`.
  void begin(Pos begin, LineStyle style, int indent);
  void text(std::string_view s);
  // `items` between brackets at `open` and `close` in the source, each
  // written by `write_item`. A line break the source has after the opening
  // bracket, after a ',' or before the closing bracket is kept (`force`:
  // break after the opening bracket and after every ','), and so is a
  // comment there; see format_writer.cc.
  template <typename T, typename F>
  void list(char open_bracket, Pos open, Pos close, const std::vector<T>& items,
            F write_item, bool force = false);
  // Comments inside the construct that no list kept go before it; an
  // end-of-line comment right after `end` stays on the last line.
  void end(Pos end, LineStyle style);

  // For a writer without a stream: the text written so far.
  const std::string& single_line() const { return current_.code; }
  std::string render() const { return render_lines(lines_); }

 private:
  struct Frame {
    size_t align;            // the column after the opening bracket
    size_t base;             // the indentation of the line it opened on
    bool broken_after_open;  // the items start on the next line, at base + 4
  };

  size_t find_token(Pos from) const;
  void separate(uint32_t source_line, bool blank_ok);
  void emit_comment_line(const Comment& c, size_t indent, bool blank_ok);
  void start_line(size_t indent);
  void finish_line();
  size_t continuation() const;
  // The gap between two tokens of a list, from `from` to `to`: comments
  // before `from` are hoisted, those before `to` written (own-line ones at
  // `comment_indent`). True when the output breaks there (`force`, a line
  // break in the source, or a comment); the line is then finished.
  bool gap(Pos from, Pos to, size_t comment_indent, bool force);
  void open_list(char bracket, Pos open, Pos first_begin, bool force);
  void separator(Pos previous_end, Pos next_begin, bool force);
  void close_list(char bracket, Pos last_end, Pos close);

  static Span span_of(const Arg& a) { return a.span; }
  static Span span_of(const ExprPtr& e) { return e->span; }
  static Span span_of(const Param& p) { return p.span; }
  static Span span_of(const ModuleKwarg& k) { return k.span; }

  const TokenStream* stream_;
  size_t next_comment_ = 0;  // comments before it are written
  std::vector<OutputLine> lines_;
  uint32_t last_source_line_ = 0;  // the last source line written so far
  bool blank_pending_ = false;
  bool after_opener_ = false;  // the last line ended with '{'

  // The construct being written.
  size_t construct_indent_ = 0;
  std::vector<OutputLine> construct_lines_;
  std::vector<std::string> hoisted_;  // comments that go before it
  OutputLine current_;
  size_t current_width_ = 0;
  size_t current_indent_ = 0;
  std::vector<Frame> frames_;
};

template <typename T, typename F>
void LineWriter::list(char open_bracket, Pos open, Pos close,
                      const std::vector<T>& items, F write_item, bool force) {
  char close_bracket = open_bracket == '(' ? ')' : ']';
  if (items.empty()) {
    text(std::string{open_bracket, close_bracket});
    return;
  }
  open_list(open_bracket, open, span_of(items.front()).begin, force);
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) separator(span_of(items[i - 1]).end, span_of(items[i]).begin, force);
    write_item(items[i]);
  }
  close_list(close_bracket, span_of(items.back()).end, close);
}

// Expressions into a writer (format_expr.cc); their lists may break.
void write_expr(LineWriter& w, const Expr& e);
void write_arg(LineWriter& w, const Arg& a);
// `(args)` with the parentheses at `open` and `close` in the source.
void write_args(LineWriter& w, const std::vector<Arg>& args, Pos open,
                Pos close, bool force = false);

}  // namespace taskc

#endif  // TASKC_COMPILER_FORMAT_WRITER_H
