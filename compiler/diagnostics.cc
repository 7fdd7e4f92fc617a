#include "diagnostics.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "utf8.h"

namespace taskc {

const std::vector<std::string>& known_warnings() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Warning* w = warnings_begin(); w != warnings_end(); ++w) {
      out.emplace_back(warning_info(*w).name);
    }
    return out;
  }();
  return names;
}

bool WarningPolicy::is_enabled(Warning w) const {
  auto it = enabled.find(w);
  return it == enabled.end() ? warning_info(w).default_on : it->second;
}

bool WarningPolicy::apply_flag(const std::string& body) {
  if (body == "error") {
    all_errors = true;
    return true;
  }
  if (body == "no-error") {
    all_errors = false;
    return true;
  }
  bool on = true;
  std::string name = body;
  if (name.rfind("no-", 0) == 0) {
    on = false;
    name = name.substr(3);
  }
  std::optional<Warning> w = find_warning(name);
  if (!w) return false;
  enabled[*w] = on;
  return true;
}

DiagnosticSink::DiagnosticSink(WarningPolicy policy)
    : policy_(std::move(policy)) {}

void DiagnosticSink::error(ErrorCode code, Span span, std::string message,
                           std::vector<DiagnosticNote> notes) {
  diagnostics_.push_back(Diagnostic{Severity::kError, error_code_info(code).code, false,
                                    std::move(message), span,
                                    std::move(notes)});
  ++error_count_;
}

void DiagnosticSink::warning(Warning warning, Span span, std::string message,
                             std::vector<DiagnosticNote> notes) {
  if (!policy_.is_enabled(warning)) return;
  bool promoted = policy_.all_errors;
  diagnostics_.push_back(Diagnostic{
      promoted ? Severity::kError : Severity::kWarning, warning_info(warning).name,
      promoted,
      std::move(message), span, std::move(notes)});
  if (promoted) ++error_count_;
}

static auto position_key(const Diagnostic& d) {
  return std::make_tuple(d.span.begin.line, d.span.begin.column);
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  std::vector<Diagnostic> out = diagnostics_;
  std::stable_sort(out.begin(), out.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return position_key(a) < position_key(b);
                   });
  // The same message at the same place is reported once, even when other
  // diagnostics at that place came between the two.
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return position_key(a) == position_key(b) && a.code == b.code &&
           a.message == b.message;
  };
  size_t kept = 0;
  size_t group = 0;  // first kept diagnostic at the current position
  for (size_t i = 0; i < out.size(); ++i) {
    if (kept > 0 && position_key(out[kept - 1]) != position_key(out[i])) {
      group = kept;
    }
    bool duplicate = std::any_of(
        out.begin() + group, out.begin() + kept,
        [&](const Diagnostic& earlier) { return same(earlier, out[i]); });
    if (!duplicate) {
      if (kept != i) out[kept] = std::move(out[i]);
      ++kept;
    }
  }
  out.resize(kept);
  return out;
}

namespace {

// The character of `text` starting at byte i, as it is shown on one terminal
// line: itself, or "?" for a control character (C0 other than a tab, DEL, or
// C1, which some terminals obey) or a byte that does not start well-formed
// UTF-8. Returns the number of bytes it covers.
size_t shown_char(std::string_view text, size_t i, std::string_view& shown) {
  static constexpr std::string_view kReplacement = "?";
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t len = c < 0x80 ? 1 : utf8_sequence_length(text, i);
  bool control = c < 0x80 ? (c < 0x20 && c != '\t') || c == 0x7f
                          : len == 2 && c == 0xC2 &&
                                static_cast<unsigned char>(text[i + 1]) < 0xA0;
  if (len == 0 || control) {
    shown = kReplacement;
    return len == 0 ? 1 : len;
  }
  shown = text.substr(i, len);
  return len;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::string_view shown;
  for (size_t i = 0; i < text.size();) {
    i += shown_char(text, i, shown);
    out.append(shown);
  }
  return out;
}

namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

std::string code_label(const Diagnostic& d) {
  if (d.code.empty()) return "";
  if (d.code[0] == 'E') return " [" + d.code + "]";
  return d.promoted_warning ? " [-Werror=" + d.code + "]"
                            : " [-W" + d.code + "]";
}

struct Style {
  bool on;
  std::string bold() const { return on ? "\033[1m" : ""; }
  std::string reset() const { return on ? "\033[0m" : ""; }
  std::string severity(Severity s) const {
    if (!on) return "";
    switch (s) {
      case Severity::kError: return "\033[1;31m";
      case Severity::kWarning: return "\033[1;35m";
      case Severity::kNote: return "\033[1;36m";
    }
    return "";
  }
  std::string caret() const { return on ? "\033[1;32m" : ""; }
};

std::string location(const SourceFile& file, Pos pos) {
  return printable(file.name()) + ":" + std::to_string(pos.line) + ":" +
         std::to_string(pos.column);
}

// A source line longer than this many display columns is shown as a window
// of that many columns around the caret, with "..." where it was cut, so a
// huge one-line file does not print megabytes per diagnostic.
constexpr size_t kMaxSnippetColumns = 200;
constexpr std::string_view kCut = "...";

// The source line and a caret line under `span`. One display column per
// character: tabs are shown as a space and unprintable bytes as '?', so the
// caret lines up with what is printed.
void render_snippet(std::string& out, const SourceFile& file, Span span,
                    const Style& style) {
  std::string_view raw = file.line_text(span.begin.line);
  auto byte_offset = [&](uint32_t column) {
    return std::min<size_t>(column > 0 ? column - 1 : 0, raw.size());
  };
  size_t begin_byte = byte_offset(span.begin.column);
  size_t end_byte = span.end.line == span.begin.line ? byte_offset(span.end.column)
                                                     : raw.size();
  // Pass 1: the line's width and the caret's columns.
  size_t columns = 0, start = 0, stop = 0;
  std::string_view shown;
  for (size_t i = 0; i < raw.size(); ++columns) {
    if (i < begin_byte) ++start;
    if (i < end_byte) ++stop;
    i += shown_char(raw, i, shown);
  }
  // The window [lo, hi) of columns to show: the whole line when it fits,
  // else kMaxSnippetColumns with the caret in the middle when possible.
  size_t lo = 0, hi = columns;
  if (columns > kMaxSnippetColumns) {
    lo = start > kMaxSnippetColumns / 2 ? start - kMaxSnippetColumns / 2 : 0;
    hi = std::min(columns, lo + kMaxSnippetColumns);
    lo = hi - kMaxSnippetColumns;
  }
  // Pass 2: the text of the window.
  std::string line(lo > 0 ? kCut : "");
  for (size_t i = 0, column = 0; i < raw.size() && column < hi; ++column) {
    i += shown_char(raw, i, shown);
    if (column < lo) continue;
    if (shown == "\t") {
      line += ' ';
    } else {
      line.append(shown);
    }
  }
  if (hi < columns) line += kCut;
  std::string number = std::to_string(span.begin.line);
  std::string gutter(std::max<size_t>(number.size(), 5), ' ');
  out += gutter.substr(number.size()) + number + " | " + line + "\n";
  size_t indent = (lo > 0 ? kCut.size() : 0) + (start - lo);
  size_t length = std::min(stop, hi) > start ? std::min(stop, hi) - start : 1;
  out += gutter + " | " + std::string(indent, ' ') + style.caret() + "^" +
         std::string(length - 1, '~') + style.reset() + "\n";
}

std::string omitted_message(size_t omitted, const RenderOptions& options) {
  return std::to_string(omitted) + " more error" + (omitted == 1 ? "" : "s") +
         " not shown (--max-errors=" + std::to_string(options.max_errors) + ")";
}

// Errors beyond max_errors are cut; warnings and notes after the cut too, so
// the output ends at the limit.
template <typename Emit>
void for_each_within_limit(const std::vector<Diagnostic>& diagnostics,
                           const RenderOptions& options, Emit emit,
                           size_t* omitted_errors) {
  size_t errors = 0;
  *omitted_errors = 0;
  for (const Diagnostic& d : diagnostics) {
    bool is_error = d.severity == Severity::kError;
    if (options.max_errors != 0 && errors >= options.max_errors) {
      if (is_error) ++*omitted_errors;
      continue;
    }
    if (is_error) ++errors;
    emit(d);
  }
}

}  // namespace

std::string render_text(const std::vector<Diagnostic>& diagnostics,
                        const SourceFile& file, const RenderOptions& options) {
  Style style{options.color};
  std::string out;
  size_t omitted = 0;
  for_each_within_limit(
      diagnostics, options,
      [&](const Diagnostic& d) {
        out += style.bold() + location(file, d.span.begin) + ":" +
               style.reset() + " " + style.severity(d.severity) +
               severity_name(d.severity) + ":" + style.reset() + " " +
               printable(d.message) + code_label(d) + "\n";
        render_snippet(out, file, d.span, style);
        for (const DiagnosticNote& note : d.notes) {
          out += style.bold() +
                 (note.span ? location(file, note.span->begin)
                            : printable(file.name())) +
                 ":" + style.reset() + " " + style.severity(Severity::kNote) +
                 "note:" + style.reset() + " " + printable(note.message) +
                 "\n";
        }
      },
      &omitted);
  if (omitted > 0) {
    out += style.bold() + printable(file.name()) + ":" + style.reset() + " " +
           style.severity(Severity::kNote) + "note:" + style.reset() + " " +
           omitted_message(omitted, options) + "\n";
  }
  return out;
}

static nlohmann::ordered_json span_json(const SourceFile& file, Span span) {
  return {{"file", file.name()},
          {"line", span.begin.line},
          {"column", span.begin.column},
          {"end_line", span.end.line},
          {"end_column", span.end.column}};
}

std::string render_json(const std::vector<Diagnostic>& diagnostics,
                        const SourceFile& file, const RenderOptions& options) {
  std::string out;
  size_t omitted = 0;
  auto dump = [](const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  for_each_within_limit(
      diagnostics, options,
      [&](const Diagnostic& d) {
        nlohmann::ordered_json j;
        j["severity"] = severity_name(d.severity);
        j["code"] = d.code;
        j["message"] = d.message;
        j.update(span_json(file, d.span));
        j["notes"] = nlohmann::ordered_json::array();
        for (const DiagnosticNote& note : d.notes) {
          nlohmann::ordered_json n = {{"message", note.message}};
          if (note.span) n.update(span_json(file, *note.span));
          j["notes"].push_back(std::move(n));
        }
        out += dump(j) + "\n";
      },
      &omitted);
  if (omitted > 0) {
    out += dump({{"severity", "note"},
                 {"code", ""},
                 {"message", omitted_message(omitted, options)},
                 {"file", file.name()},
                 {"notes", nlohmann::ordered_json::array()}}) +
           "\n";
  }
  return out;
}

}  // namespace taskc
