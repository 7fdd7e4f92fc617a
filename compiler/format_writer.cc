// Layout rules the writer owns (the tree walk in formatter.cc decides the
// rest):
//  * Lists keep the user's line breaks. Inside the brackets of a list (call
//    and task arguments, parameters, list literals, `range(...)`, module
//    options, annotation arguments) a line break after the opening bracket,
//    after a ',' or before the closing bracket stays; white space elsewhere
//    is canonical. A line that continues a list starts one column after its
//    opening bracket, or 4 columns deeper than the line holding the bracket
//    when the items start on a new line; a closing bracket on a line of its
//    own lines up with the line holding its opening bracket.
//  * A comment in such a gap stays there: one at the end of a line stays at
//    the end of that line (so a comment after the last item puts the
//    closing bracket on the next line), one on its own line stays on its
//    own line, at the items' indentation. A comment anywhere else inside a
//    declaration or statement moves to its own line just before it.
//  * End-of-line comments: see render_lines.
#include "format_writer.h"

#include <algorithm>

namespace taskc {

namespace {

constexpr size_t kTabStop = 8;
constexpr size_t kCommentGap = 2;

std::string_view without_trailing_space(std::string_view text) {
  while (!text.empty() && std::string_view(" \t\v\f").find(text.back()) !=
                              std::string_view::npos) {
    text.remove_suffix(1);
  }
  return text;
}

// The display column where `c` starts on its source line (tabs to the next
// multiple of 8). `c.text` views the source, so the line's start is
// `column - 1` bytes before it.
size_t source_column(const Comment& c) {
  size_t bytes = c.span.begin.column - 1;
  return display_width(std::string_view(c.text.data() - bytes, bytes));
}

}  // namespace

bool before(Pos a, Pos b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

Pos shifted(Pos p, int columns) {
  return {p.line, static_cast<uint32_t>(static_cast<int>(p.column) + columns)};
}

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\t') {
      width += kTabStop - width % kTabStop;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++width;
    }
  }
  return width;
}

// End-of-line comments on consecutive lines that started in the same source
// column form a run, and a run stays aligned: at its source column when
// that column is left of column 80 and leaves at least two spaces after
// every line's code, else two spaces after the longest code of the run. A
// comment on its own forms a run of one: it keeps its column, or moves to
// two spaces after its code.
std::string render_lines(const std::vector<OutputLine>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size();) {
    if (lines[i].comment.empty()) {
      out += lines[i].code;
      out += '\n';
      ++i;
      continue;
    }
    size_t run_end = i;
    size_t needed = 0;
    while (run_end < lines.size() && !lines[run_end].comment.empty() &&
           lines[run_end].source_column == lines[i].source_column) {
      needed = std::max(needed, display_width(lines[run_end].code) + kCommentGap);
      ++run_end;
    }
    size_t kept = lines[i].source_column;
    size_t column = kept >= needed && kept < kMaxLineWidth ? kept : needed;
    for (; i < run_end; ++i) {
      out += lines[i].code;
      out.append(column - display_width(lines[i].code), ' ');
      out += lines[i].comment;
      out += '\n';
    }
  }
  return out;
}

LineWriter::LineWriter(const TokenStream* stream) : stream_(stream) {}

// ---- source positions ----

size_t LineWriter::find_token(Pos p) const {
  const std::vector<Token>& tokens = stream_->tokens;
  auto it = std::lower_bound(
      tokens.begin(), tokens.end(), p,
      [](const Token& t, Pos q) { return before(t.span.begin, q); });
  return std::min(static_cast<size_t>(it - tokens.begin()), tokens.size() - 1);
}

Pos LineWriter::token_at(Pos p) const {
  return stream_ ? stream_->tokens[find_token(p)].span.begin : p;
}

Pos LineWriter::token_at(Pos p, TokenKind kind) const {
  if (!stream_) return p;
  size_t i = find_token(p);
  while (i + 1 < stream_->tokens.size() && !stream_->tokens[i].is(kind)) ++i;
  return stream_->tokens[i].span.begin;
}

std::string_view LineWriter::token_text(Pos p, TokenKind kind) const {
  if (!stream_) return {};
  const Token& t = stream_->tokens[find_token(p)];
  bool here = t.span.begin.line == p.line && t.span.begin.column == p.column;
  return here && t.is(kind) ? t.text : std::string_view();
}

bool LineWriter::has_comment_between(Pos open, Pos close) const {
  if (!stream_) return false;
  for (size_t i = next_comment_; i < stream_->comments.size(); ++i) {
    Pos p = stream_->comments[i].span.begin;
    if (!before(p, close)) return false;
    if (before(open, p)) return true;
  }
  return false;
}

// ---- whole lines ----

// Keeps one blank line where the source had at least one, if a blank line
// is allowed here.
void LineWriter::separate(uint32_t source_line, bool blank_ok) {
  if (lines_.empty() || !blank_ok || after_opener_) return;
  if (source_line > last_source_line_ + 1) lines_.push_back({});
}

void LineWriter::emit_comment_line(const Comment& c, size_t indent,
                                   bool blank_ok) {
  separate(c.span.begin.line, blank_ok);
  lines_.push_back(
      {std::string(indent, ' ') + std::string(without_trailing_space(c.text)),
       "", 0});
  last_source_line_ = std::max(last_source_line_, c.span.end.line);
  after_opener_ = false;
  ++next_comment_;
}

void LineWriter::comments_before(Pos limit, int indent, bool blank_ok) {
  if (!stream_) return;
  while (next_comment_ < stream_->comments.size() &&
         before(stream_->comments[next_comment_].span.begin, limit)) {
    emit_comment_line(stream_->comments[next_comment_],
                      static_cast<size_t>(indent), blank_ok);
  }
}

// ---- one construct ----

void LineWriter::begin(Pos begin, LineStyle style, int indent) {
  comments_before(begin, indent, style.blank_ok);
  separate(begin.line, style.blank_ok);
  construct_indent_ = static_cast<size_t>(indent);
  construct_lines_.clear();
  hoisted_.clear();
  frames_.clear();
  start_line(construct_indent_);
}

void LineWriter::text(std::string_view s) {
  current_.code += s;
  current_width_ += display_width(s);
}

void LineWriter::start_line(size_t indent) {
  current_ = OutputLine{std::string(indent, ' '), "", 0};
  current_width_ = indent;
  current_indent_ = indent;
}

void LineWriter::finish_line() {
  current_.code = std::string(without_trailing_space(current_.code));
  construct_lines_.push_back(std::move(current_));
  start_line(0);
}

size_t LineWriter::continuation() const {
  if (frames_.empty()) return construct_indent_ + kContinuationIndent;
  const Frame& f = frames_.back();
  return f.broken_after_open ? f.base + kContinuationIndent : f.align;
}

void LineWriter::hoist_comments_before(Pos p) {
  if (!stream_) return;
  const std::vector<Comment>& comments = stream_->comments;
  while (next_comment_ < comments.size() &&
         before(comments[next_comment_].span.begin, p)) {
    hoisted_.emplace_back(
        without_trailing_space(comments[next_comment_++].text));
  }
}

// The gap between two tokens of a list, from `from` (just past the one
// before) to `to` (the next one). Comments before `from` that nothing kept
// go before the construct. The output breaks here when the source does (or
// has a comment here): the first comment of the gap stays at the end of
// the line when it was at the end of one, the others get lines of their own
// at `comment_indent`. Returns whether the line was finished.
bool LineWriter::gap(Pos from, Pos to, size_t comment_indent) {
  if (!stream_) return false;
  hoist_comments_before(from);
  const std::vector<Comment>& comments = stream_->comments;
  bool breaks = to.line > from.line;
  std::vector<std::string_view> own_lines;
  while (next_comment_ < comments.size() &&
         before(comments[next_comment_].span.begin, to)) {
    const Comment& c = comments[next_comment_++];
    breaks = true;
    if (!c.owns_line && own_lines.empty() && current_.comment.empty()) {
      current_.comment = std::string(without_trailing_space(c.text));
      current_.source_column = source_column(c);
    } else {
      own_lines.push_back(without_trailing_space(c.text));
    }
  }
  if (!breaks) return false;
  finish_line();
  for (std::string_view text : own_lines) {
    construct_lines_.push_back(
        {std::string(comment_indent, ' ') + std::string(text), "", 0});
  }
  return true;
}

void LineWriter::open_list(char bracket, Pos open, Pos first_begin,
                           bool wraps) {
  text(std::string(1, bracket));
  size_t size = current_.code.size();
  frames_.push_back({current_width_, current_indent_, false, wraps,
                     construct_lines_.size(), size, size, {}});
  if (gap(shifted(open, 1), first_begin, current_indent_ + kContinuationIndent)) {
    frames_.back().broken_after_open = true;
    start_line(continuation());
  }
}

void LineWriter::item_written() {
  Frame& f = frames_.back();
  // Once the list broke it is never wrapped (see close_list).
  if (f.wraps && construct_lines_.size() == f.lines_at_open) {
    f.items.push_back(current_.code.substr(f.item_begin));
  }
}

void LineWriter::separator(Pos previous_end, Pos next_begin) {
  text(",");
  if (gap(previous_end, next_begin, continuation())) {
    start_line(continuation());
  } else {
    text(" ");
  }
  frames_.back().item_begin = current_.code.size();
}

void LineWriter::close_list(char bracket, Pos last_end, Pos close,
                            std::optional<size_t> wrap_tail) {
  bool trailing_comma = false;
  if (stream_) {
    const Token& t = stream_->tokens[find_token(last_end)];
    trailing_comma = t.is(TokenKind::kComma) && before(t.span.begin, close);
  }
  if (trailing_comma) text(",");
  Frame f = std::move(frames_.back());
  if (gap(last_end, close, continuation())) start_line(f.base);
  frames_.pop_back();
  text(std::string(1, bracket));
  // Wrapped only when nothing broke it: the list is on one line of the
  // output, as the next formatting sees it.
  if (wrap_tail && stream_ && construct_lines_.size() == f.lines_at_open &&
      current_width_ + *wrap_tail > kMaxLineWidth) {
    wrap(f, trailing_comma, bracket, *wrap_tail);
  }
}

// A list that came out on one line, too long for it: the
// items fill lines aligned one column after the opening bracket or, when an
// item would not fit there but would 4 columns deeper than the line holding
// the bracket, lines at that depth after a break after the bracket. An
// item too wide for any line gets a line of its own.
void LineWriter::wrap(const Frame& f, bool trailing_comma, char bracket,
                      size_t tail) {
  current_.code.resize(f.items_begin);
  current_width_ = f.align;
  size_t last_suffix = (trailing_comma ? 2 : 1) + tail;
  auto piece_width = [&](size_t i) {
    return display_width(f.items[i]) +
           (i + 1 < f.items.size() ? 1 : last_suffix);
  };
  size_t widest = 0;
  for (size_t i = 0; i < f.items.size(); ++i) {
    widest = std::max(widest, piece_width(i));
  }
  if (f.align + widest > kMaxLineWidth &&
      f.base + kContinuationIndent + widest <= kMaxLineWidth) {
    finish_line();
    start_line(f.base + kContinuationIndent);
  }
  size_t indent = current_width_;
  for (size_t i = 0; i < f.items.size(); ++i) {
    if (i > 0 && current_width_ + 2 + piece_width(i) > kMaxLineWidth) {
      text(",");
      finish_line();
      start_line(indent);
    } else if (i > 0) {
      text(", ");
    }
    text(f.items[i]);
  }
  if (trailing_comma) text(",");
  text(std::string(1, bracket));
}

void LineWriter::end(Pos end, LineStyle style) {
  if (stream_) {
    hoist_comments_before(end);
    // An end-of-line comment with nothing but white space before it.
    const std::vector<Comment>& comments = stream_->comments;
    if (next_comment_ < comments.size() && !comments[next_comment_].owns_line &&
        find_token(end) == find_token(comments[next_comment_].span.begin)) {
      const Comment& c = comments[next_comment_++];
      current_.comment = std::string(without_trailing_space(c.text));
      current_.source_column = source_column(c);
    }
  }
  finish_line();
  for (const std::string& text : hoisted_) {
    lines_.push_back({std::string(construct_indent_, ' ') + text, "", 0});
  }
  for (OutputLine& line : construct_lines_) lines_.push_back(std::move(line));
  construct_lines_.clear();
  last_source_line_ = std::max(last_source_line_, end.line);
  after_opener_ = style.opens_block;
}

}  // namespace taskc
