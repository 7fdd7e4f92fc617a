#include "diagnostics.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_set>

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
                           std::vector<DiagnosticNote> notes, std::optional<FixIt> fixit) {
  ++error_count_;
  add(Diagnostic{Severity::kError, error_code_info(code).code, false, std::move(message),
                 span, std::move(notes), std::move(fixit)});
}

void DiagnosticSink::warning(Warning warning, Span span, std::string message,
                             std::vector<DiagnosticNote> notes) {
  if (!policy_.is_enabled(warning)) return;
  bool promoted = policy_.all_errors;
  if (promoted) ++error_count_;
  add(Diagnostic{promoted ? Severity::kError : Severity::kWarning, warning_info(warning).name,
                 promoted, std::move(message), span, std::move(notes), std::nullopt});
}

static auto position_key(Pos p) { return std::make_tuple(p.line, p.column); }
static auto position_key(const Diagnostic& d) { return position_key(d.span.begin); }

void DiagnosticSink::add(Diagnostic d) {
  if (cut_ && position_key(d) > position_key(*cut_)) {
    ++(d.severity == Severity::kError ? unkept_errors_ : unkept_warnings_);
    return;
  }
  kept_.push_back(std::move(d));
  if (kept_.size() >= 2 * kMaxKept) compact();
}

void DiagnosticSink::compact() const {
  std::stable_sort(kept_.begin(), kept_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return position_key(a) < position_key(b);
                   });
  // The same message at the same place is reported once, even when other
  // diagnostics at that place came between the two.
  size_t kept = 0;
  std::unordered_set<std::string> at_position;  // code and message
  for (size_t i = 0; i < kept_.size(); ++i) {
    if (i == 0 || position_key(kept_[i - 1]) != position_key(kept_[i])) at_position.clear();
    if (!at_position.insert(kept_[i].code + '\n' + kept_[i].message).second) continue;
    if (kept != i) kept_[kept] = std::move(kept_[i]);
    ++kept;
  }
  kept_.resize(kept);
  if (kept_.size() <= kMaxKept) return;
  for (size_t i = kMaxKept; i < kept_.size(); ++i) {
    ++(kept_[i].severity == Severity::kError ? unkept_errors_ : unkept_warnings_);
  }
  kept_.resize(kMaxKept);
  cut_ = kept_.back().span.begin;
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  compact();
  return kept_;
}

size_t DiagnosticSink::unkept_errors() const {
  compact();
  return unkept_errors_;
}

size_t DiagnosticSink::unkept_warnings() const {
  compact();
  return unkept_warnings_;
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
constexpr size_t kMaxCharBytes = 4;  // a character is one column

// Where decoding a line for a caret at byte `caret` starts: the line's
// start, or far enough before the caret that the window cannot reach back
// to it, so that a snippet costs the same wherever it is on a long line.
// Decoding from a byte inside a UTF-8 sequence shows its continuation
// bytes as '?', one column each, and is back in step with decoding from
// the line's start after at most kMaxCharBytes - 1 bytes; so `back` leaves
// kMaxSnippetColumns + 1 columns after that.
size_t decode_start(size_t caret) {
  size_t back = kMaxCharBytes * (kMaxSnippetColumns + 2);
  return caret > back ? caret - back : 0;
}

// The source line and a caret line under `span`, then `below` (a fix-it's
// replacement) under the caret when it is not empty. One display column per
// character: tabs are shown as a space and unprintable bytes as '?', so the
// caret lines up with what is printed.
void render_snippet(std::string& out, const SourceFile& file, Span span,
                    const Style& style, const std::string& below) {
  std::string_view raw = file.line_text(span.begin.line);
  auto byte_offset = [&](uint32_t column) {
    return std::min<size_t>(column > 0 ? column - 1 : 0, raw.size());
  };
  size_t begin_byte = byte_offset(span.begin.column);
  size_t end_byte = span.end.line == span.begin.line ? byte_offset(span.end.column)
                                                     : raw.size();
  // Columns count from `from` (the line's start, or far enough before the
  // caret that the window does not reach back to it).
  size_t from = decode_start(begin_byte);
  bool cut_before = from > 0;
  // Pass 1: the caret's columns and the line's width, counted only as far
  // as a window after the caret can reach.
  size_t columns = 0, start = 0, stop = 0;
  std::string_view shown;
  for (size_t i = from; i < raw.size(); ++columns) {
    if (i >= begin_byte && columns > start + kMaxSnippetColumns) break;
    if (i < begin_byte) ++start;
    if (i < end_byte) ++stop;
    i += shown_char(raw, i, shown);
  }
  // The window [lo, hi) of columns to show: the whole line when it fits,
  // else kMaxSnippetColumns with the caret in the middle when possible.
  size_t lo = 0, hi = columns;
  if (cut_before || columns > kMaxSnippetColumns) {
    lo = start > kMaxSnippetColumns / 2 ? start - kMaxSnippetColumns / 2 : 0;
    hi = std::min(columns, lo + kMaxSnippetColumns);
    lo = hi - kMaxSnippetColumns;
  }
  // Pass 2: the text of the window.
  std::string line(cut_before || lo > 0 ? kCut : "");
  for (size_t i = from, column = 0; i < raw.size() && column < hi; ++column) {
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
  size_t indent = (cut_before || lo > 0 ? kCut.size() : 0) + (start - lo);
  size_t length = std::min(stop, hi) > start ? std::min(stop, hi) - start : 1;
  out += gutter + " | " + std::string(indent, ' ') + style.caret() + "^" +
         std::string(length - 1, '~') + style.reset() + "\n";
  if (!below.empty()) {
    out += gutter + " | " + std::string(indent, ' ') + style.caret() + printable(below) +
           style.reset() + "\n";
  }
}

// The replacement to show under the caret: a fix-it that starts where the
// diagnostic does (one that starts elsewhere is only in the JSON form).
std::string fixit_below_caret(const Diagnostic& d) {
  if (!d.fixit || d.fixit->span.begin.line != d.span.begin.line ||
      d.fixit->span.begin.column != d.span.begin.column) {
    return "";
  }
  return d.fixit->replacement;
}

std::string count_of(size_t n, const char* what) {
  return std::to_string(n) + " more " + what + (n == 1 ? "" : "s");
}

// The final note's text, or "" when everything was shown. Past the
// --max-errors cut, warnings are not shown and not counted; without that
// cut, what the sink did not keep is counted, warnings included.
std::string omitted_message(size_t cut_errors, const RenderOptions& options) {
  if (cut_errors > 0) {
    return count_of(cut_errors + options.unkept_errors, "error") +
           " not shown (--max-errors=" + std::to_string(options.max_errors) + ")";
  }
  if (options.unkept_errors == 0 && options.unkept_warnings == 0) return "";
  std::string counts = options.unkept_errors > 0 ? count_of(options.unkept_errors, "error") : "";
  if (options.unkept_warnings > 0) {
    counts += (counts.empty() ? "" : " and ") + count_of(options.unkept_warnings, "warning");
  }
  return counts + " not shown (taskc keeps the first " +
         std::to_string(DiagnosticSink::kMaxKept) + " diagnostics)";
}

// Errors beyond max_errors are cut; warnings and notes after the cut too, so
// the output ends at the limit. Returns the final note ("" for none).
template <typename Emit>
std::string for_each_within_limit(const std::vector<Diagnostic>& diagnostics,
                                  const RenderOptions& options, Emit emit) {
  size_t errors = 0;
  size_t cut_errors = 0;
  for (const Diagnostic& d : diagnostics) {
    bool is_error = d.severity == Severity::kError;
    if (options.max_errors != 0 && errors >= options.max_errors) {
      if (is_error) ++cut_errors;
      continue;
    }
    if (is_error) ++errors;
    emit(d);
  }
  return omitted_message(cut_errors, options);
}

}  // namespace

std::string render_text(const std::vector<Diagnostic>& diagnostics,
                        const SourceFile& file, const RenderOptions& options) {
  Style style{options.color};
  std::string out;
  std::string omitted = for_each_within_limit(
      diagnostics, options,
      [&](const Diagnostic& d) {
        out += style.bold() + location(file, d.span.begin) + ":" +
               style.reset() + " " + style.severity(d.severity) +
               severity_name(d.severity) + ":" + style.reset() + " " +
               printable(d.message) + code_label(d) + "\n";
        render_snippet(out, file, d.span, style, fixit_below_caret(d));
        for (const DiagnosticNote& note : d.notes) {
          out += style.bold() +
                 (note.span ? location(file, note.span->begin)
                            : printable(file.name())) +
                 ":" + style.reset() + " " + style.severity(Severity::kNote) +
                 "note:" + style.reset() + " " + printable(note.message) +
                 "\n";
        }
      });
  if (!omitted.empty()) {
    out += style.bold() + printable(file.name()) + ":" + style.reset() + " " +
           style.severity(Severity::kNote) + "note:" + style.reset() + " " + omitted + "\n";
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
  auto dump = [](const nlohmann::ordered_json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  std::string omitted = for_each_within_limit(
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
        j["fixits"] = nlohmann::ordered_json::array();
        if (d.fixit) {
          nlohmann::ordered_json f = span_json(file, d.fixit->span);
          f.erase("file");
          f["replacement"] = d.fixit->replacement;
          j["fixits"].push_back(std::move(f));
        }
        out += dump(j) + "\n";
      });
  if (!omitted.empty()) {
    out += dump({{"severity", "note"},
                 {"code", ""},
                 {"message", omitted},
                 {"file", file.name()},
                 {"notes", nlohmann::ordered_json::array()},
                 {"fixits", nlohmann::ordered_json::array()}}) +
           "\n";
  }
  return out;
}

}  // namespace taskc
