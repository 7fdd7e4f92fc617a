// The output side of `taskc fmt`: output lines, the comments and blank lines
// of the source, and the layout of one declaration or statement whose lists
// keep the line breaks the user made. The tree walk is in formatter.cc,
// expressions in format_expr.cc.
#ifndef TASKC_COMPILER_FORMAT_WRITER_H
#define TASKC_COMPILER_FORMAT_WRITER_H

#include <cstdint>
#include <optional>
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
// Columns a terminal gives `text`: one per UTF-8 sequence (or stray byte),
// tabs to the next multiple of 8.
size_t display_width(std::string_view text);

// One output line. A trailing comment is placed when the lines are rendered.
struct OutputLine {
  std::string code;          // with its indentation; empty for a blank line
  std::string comment;       // an end-of-line comment, or empty
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
  // The text of the token of `kind` that begins at `p`, or "" (also
  // without a stream).
  std::string_view token_text(Pos p, TokenKind kind) const;
  bool has_comment_between(Pos open, Pos close) const;

  // ---- whole lines ----
  // The comments that begin before `limit`, each on its own line.
  void comments_before(Pos limit, int indent, bool blank_ok);

  // ---- one construct: begin, text and lists, end ----
  // Comments before `begin` go first, then (if the source had one) a blank
  // line; the construct starts at `indent`.
  void begin(Pos begin, LineStyle style, int indent);
  void text(std::string_view s);
  // `items` between brackets at `open` and `close` in the source, each
  // written by `write_item`. Line breaks and comments the source has after
  // the opening bracket, after a ',' and before the closing bracket are
  // kept, and so is a trailing ','. With `wrap_tail` (the width of what
  // follows the closing bracket on its line) a list that came out on one
  // line is wrapped when that line would pass kMaxLineWidth. See
  // format_writer.cc.
  // `items`: a vector or an ArenaSpan.
  template <typename Items, typename F>
  void list(char open_bracket, Pos open, Pos close, const Items& items,
            F write_item, std::optional<size_t> wrap_tail = std::nullopt);
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
    bool wraps;              // may be wrapped at its close
    size_t lines_at_open;    // construct_lines_.size() when it opened
    size_t items_begin;      // wraps: the byte after the opening bracket
    size_t item_begin;       // wraps: where the item being written begins
    std::vector<std::string> items;  // wraps: the text of each item
  };

  size_t find_token(Pos from) const;
  void separate(uint32_t source_line, bool blank_ok);
  void emit_comment_line(const Comment& c, size_t indent, bool blank_ok);
  void hoist_comments_before(Pos p);
  void start_line(size_t indent);
  void finish_line();
  size_t continuation() const;
  bool gap(Pos from, Pos to, size_t comment_indent);
  void open_list(char bracket, Pos open, Pos first_begin, bool wraps);
  void item_written();
  void separator(Pos previous_end, Pos next_begin);
  void close_list(char bracket, Pos last_end, Pos close,
                  std::optional<size_t> wrap_tail);
  void wrap(const Frame& f, bool trailing_comma, char bracket, size_t tail);

  static Span span_of(const Arg& a) { return a.span; }
  static Span span_of(const ExprPtr& e) { return e->span; }
  static Span span_of(const Param& p) { return p.span; }
  static Span span_of(const ModuleKwarg& k) { return k.span; }

  const TokenStream* stream_;
  size_t next_comment_ = 0;  // comments before it are written
  std::vector<OutputLine> lines_;
  uint32_t last_source_line_ = 0;  // the last source line written so far
  bool after_opener_ = false;      // the last line ended with '{'

  // The construct being written.
  size_t construct_indent_ = 0;
  std::vector<OutputLine> construct_lines_;
  std::vector<std::string> hoisted_;  // comments that go before it
  OutputLine current_;
  size_t current_width_ = 0;
  size_t current_indent_ = 0;
  std::vector<Frame> frames_;
};

template <typename Items, typename F>
void LineWriter::list(char open_bracket, Pos open, Pos close,
                      const Items& items, F write_item,
                      std::optional<size_t> wrap_tail) {
  char close_bracket = open_bracket == '(' ? ')' : ']';
  if (items.empty()) {
    text(std::string{open_bracket, close_bracket});
    return;
  }
  open_list(open_bracket, open, span_of(items.front()).begin,
            wrap_tail.has_value());
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) separator(span_of(items[i - 1]).end, span_of(items[i]).begin);
    write_item(items[i]);
    item_written();
  }
  close_list(close_bracket, span_of(items.back()).end, close, wrap_tail);
}

// Expressions into a writer (format_expr.cc); their lists may break.
void write_expr(LineWriter& w, const Expr& e);
void write_arg(LineWriter& w, const Arg& a);
// `(args)` with the parentheses at `open` and `close` in the source.
void write_args(LineWriter& w, ArenaSpan<Arg> args, Pos open,
                Pos close, std::optional<size_t> wrap_tail = std::nullopt);

}  // namespace taskc

#endif  // TASKC_COMPILER_FORMAT_WRITER_H
