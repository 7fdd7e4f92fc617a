#include "lexer.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "types.h"
#include "utf8.h"

namespace taskc {

namespace {

constexpr TokenKind kKeywordKinds[] = {
#define TASKC_KEYWORD_KIND(kind, spelling) TokenKind::kind,
    TASKC_KEYWORDS(TASKC_KEYWORD_KIND)
#undef TASKC_KEYWORD_KIND
};

constexpr TokenKind kPunctuatorKinds[] = {
#define TASKC_PUNCTUATOR_KIND(kind, spelling) TokenKind::kind,
    TASKC_PUNCTUATORS(TASKC_PUNCTUATOR_KIND)
#undef TASKC_PUNCTUATOR_KIND
};

// The punctuator at c, c2, longest match first ("//" wins over "/");
// kEof when c starts none.
TokenKind punctuator_at(char c, char c2) {
  static const struct PunctuatorTable {
    TokenKind one[128] = {};    // by first byte
    TokenKind two[128] = {};    // by first byte, when the second is '=' or '/'
    PunctuatorTable() {
      for (auto& k : one) k = TokenKind::kEof;
      for (auto& k : two) k = TokenKind::kEof;
      for (TokenKind k : kPunctuatorKinds) {
        std::string_view s = token_spelling(k);
        (s.size() == 2 ? two : one)[static_cast<unsigned char>(s[0])] = k;
      }
    }
  } table;
  auto first = static_cast<unsigned char>(c);
  if (first >= 128) return TokenKind::kEof;
  TokenKind pair = table.two[first];
  if (pair != TokenKind::kEof && token_spelling(pair)[1] == c2) return pair;
  return table.one[first];
}

// Keywords and dtype names by spelling: an open-addressing table probed
// with a hash of a few bytes, instead of a scan of both lists per word.
class WordTable {
 public:
  WordTable() {
    for (TokenKind k : kKeywordKinds) insert(token_spelling(k), k);
    for (int d = 0; d <= static_cast<int>(DType::kIndex); ++d) {
      insert(dtype_info(static_cast<DType>(d)).name, TokenKind::kDType);
    }
  }
  TokenKind find(std::string_view word) const {
    if (word.empty() || word.size() > kLongest) return TokenKind::kIdent;
    for (size_t h = hash(word);; h = (h + 1) & kMask) {
      if (slots_[h].word.empty()) return TokenKind::kIdent;
      if (slots_[h].word == word) return slots_[h].kind;
    }
  }

 private:
  static constexpr size_t kMask = 255;     // about 50 words in 256 slots
  static constexpr size_t kLongest = 13;   // "orchestration"
  struct Slot {
    std::string_view word;
    TokenKind kind = TokenKind::kIdent;
  };
  static size_t hash(std::string_view w) {
    auto byte = [&](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(w[i])); };
    return (w.size() * 7 + byte(0) * 31 + byte(w.size() - 1) * 131 +
            byte(w.size() / 2) * 17) & kMask;
  }
  void insert(std::string_view word, TokenKind kind) {
    size_t h = hash(word);
    while (!slots_[h].word.empty()) h = (h + 1) & kMask;
    slots_[h] = Slot{word, kind};
  }
  std::array<Slot, kMask + 1> slots_;
};

TokenKind word_kind(std::string_view word) {
  static const WordTable table;
  return table.find(word);
}

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

// Lexes one token per call to next(); tokenize() keeps them all, a
// TokenReader hands them on one at a time.
class Lexer {
 public:
  // `comments`: where comments go, or nullptr to drop them.
  Lexer(const SourceFile& file, DiagnosticSink& sink, std::vector<Comment>* comments)
      : text_(file.text()), sink_(sink), comments_(comments) {
    // A leading byte order mark is accepted and skipped (docs/language.md).
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") advance(3);
  }

  // The next token into `token` (a string literal's decoded bytes into
  // `string_value`); false at the end, with `token` the kEof token.
  bool next(Token& token, std::string& string_value) {
    out_ = &token;
    out_string_ = &string_value;
    produced_ = false;
    while (!produced_) {
      skip_space_and_comments();
      if (at_end()) {
        token = Token{};
        token.kind = TokenKind::kEof;
        token.span = {pos_, pos_};
        return false;
      }
      lex_token();  // may report bad bytes and produce nothing
    }
    return true;
  }

 private:
  bool at_end() const { return i_ >= text_.size(); }
  char peek(size_t k = 0) const {
    return i_ + k < text_.size() ? text_[i_ + k] : '\0';
  }

  // Moves over n bytes that contain no newline.
  void advance(size_t n) {
    i_ += n;
    pos_.column += static_cast<uint32_t>(n);
  }
  void newline() {
    ++i_;
    ++pos_.line;
    pos_.column = 1;
    line_has_code_ = false;
  }

  Span span_from(Pos begin) const { return {begin, pos_}; }

  void skip_space_and_comments() {
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t') {
        advance(1);
      } else if (c == '\n') {
        newline();
      } else if (c == '\r') {
        if (peek(1) == '\n') {
          advance(1);
          newline();
        } else {
          Pos begin = pos_;
          advance(1);
          sink_.error(ErrorCode::E0103, span_from(begin),
                      "carriage return not followed by a line feed");
        }
      } else if (c == '#') {
        lex_comment();
      } else {
        return;
      }
    }
  }

  void lex_comment() {
    Pos begin = pos_;
    size_t start = i_;
    while (!at_end() && peek() != '\n') {
      if (peek() == '\0') report_nul();
      if (peek() == '\r' && peek(1) == '\n') break;
      // Only invalid UTF-8 is allowed in a comment; a bare CR is an error
      // everywhere (it would also end the line for some tools but not us).
      if (peek() == '\r') report_bare_cr();
      advance(1);
    }
    if (comments_ != nullptr) {
      comments_->push_back(Comment{span_from(begin), text_.substr(start, i_ - start),
                                   !line_has_code_});
    }
  }

  void report_bare_cr() {
    sink_.error(ErrorCode::E0103, {pos_, {pos_.line, pos_.column + 1}},
                "carriage return not followed by a line feed");
  }

  void report_nul() {
    sink_.error(ErrorCode::E0101, {pos_, {pos_.line, pos_.column + 1}},
                "NUL byte in input");
  }

  void lex_token() {
    Pos begin = pos_;
    size_t start = i_;
    line_has_code_ = true;
    char c = peek();
    if (is_ident_start(c)) return lex_word(begin, start);
    if (is_digit(c)) return lex_number(begin, start);
    if (c == '"') return lex_string(begin, start);
    TokenKind punctuator = punctuator_at(c, peek(1));
    if (punctuator != TokenKind::kEof) {
      advance(token_spelling(punctuator).size());
      push(punctuator, begin, start);
      return;
    }
    if (c == '!') {
      advance(1);
      sink_.error(ErrorCode::E0101, span_from(begin),
                  "unexpected character '!'; did you mean 'not'?");
      return;
    }
    lex_bad_bytes(begin);
  }

  void lex_bad_bytes(Pos begin) {
    unsigned char c = static_cast<unsigned char>(peek());
    if (c == 0) {
      report_nul();
      advance(1);
      return;
    }
    if (c < 0x80) {
      advance(1);
      std::string shown = c < 0x20 || c == 0x7f
                              ? "byte 0x" + hex_byte(c)
                              : "character '" + std::string(1, char(c)) + "'";
      sink_.error(ErrorCode::E0101, span_from(begin), "unexpected " + shown);
      return;
    }
    size_t len = utf8_sequence_length(text_, i_);
    if (len == 0) {
      // One diagnostic for a run of bad bytes.
      while (!at_end() && static_cast<unsigned char>(peek()) >= 0x80 &&
             utf8_sequence_length(text_, i_) == 0) {
        advance(1);
      }
      sink_.error(ErrorCode::E0102, span_from(begin), "invalid UTF-8 sequence");
      return;
    }
    advance(len);
    sink_.error(ErrorCode::E0111, span_from(begin),
                "non-ASCII character outside a string or comment; "
                "identifiers are ASCII letters, digits and '_'");
  }

  static std::string hex_byte(unsigned char c) {
    const char* digits = "0123456789abcdef";
    return {digits[c >> 4], digits[c & 15]};
  }

  void lex_word(Pos begin, size_t start) {
    size_t end = i_;
    while (end < text_.size() && is_ident_char(text_[end])) ++end;
    advance(end - i_);
    std::string_view word = text_.substr(start, i_ - start);
    if (word.size() > kMaxIdentifierLength) {
      sink_.error(ErrorCode::E0110, span_from(begin),
                  "identifier is " + std::to_string(word.size()) +
                      " bytes long; the limit is " +
                      std::to_string(kMaxIdentifierLength));
    }
    push(word_kind(word), begin, start);
  }

  void lex_number(Pos begin, size_t start) {
    bool hex = peek() == '0' && (peek(1) == 'x' || peek(1) == 'X');
    bool is_float = false;
    bool malformed = false;
    if (hex) {
      advance(2);
      while (is_hex_digit(peek()) || peek() == '_') advance(1);
    } else {
      while (is_digit(peek()) || peek() == '_') advance(1);
      if (peek() == '.' && is_digit(peek(1))) {
        is_float = true;
        advance(1);
        while (is_digit(peek()) || peek() == '_') advance(1);
      }
      if (peek() == 'e' || peek() == 'E') {
        size_t k = (peek(1) == '+' || peek(1) == '-') ? 2 : 1;
        if (is_digit(peek(k))) {
          is_float = true;
          advance(k);
          while (is_digit(peek())) advance(1);
        }
      }
    }
    // A number running straight into a letter ("12ab", "0x") is one mistake.
    while (is_ident_char(peek())) {
      malformed = true;
      advance(1);
    }
    std::string_view raw = text_.substr(start, i_ - start);
    std::string digits;
    for (char ch : raw.substr(hex ? 2 : 0)) {
      if (ch != '_') digits += ch;
    }
    bool bad_separator = raw.back() == '_' || raw.find("__") != raw.npos ||
                         (hex && raw.size() > 2 && raw[2] == '_');
    if (malformed || digits.empty() || bad_separator) {
      sink_.error(ErrorCode::E0106, span_from(begin),
                  "malformed number '" + std::string(raw) + "'");
      push(TokenKind::kInt, begin, start);
      return;
    }
    Token& tok = push(is_float ? TokenKind::kFloat : TokenKind::kInt, begin,
                      start);
    if (is_float) {
      auto [end, ec] = std::from_chars(digits.data(),
                                       digits.data() + digits.size(),
                                       tok.float_value);
      if (ec != std::errc() || end != digits.data() + digits.size()) {
        sink_.error(ErrorCode::E0106, tok.span,
                    "floating-point literal '" + std::string(raw) +
                        "' is out of range");
      }
      return;
    }
    auto [end, ec] = std::from_chars(digits.data(),
                                     digits.data() + digits.size(),
                                     tok.int_value, hex ? 16 : 10);
    constexpr uint64_t kLimit = uint64_t{1} << 63;  // |INT64_MIN|
    if (ec != std::errc() || end != digits.data() + digits.size() ||
        tok.int_value > kLimit) {
      sink_.error(ErrorCode::E0106, tok.span,
                  "integer literal '" + std::string(raw) +
                      "' does not fit in a 64-bit signed integer");
      tok.int_value = 0;
    }
  }

  void lex_string(Pos begin, size_t start) {
    advance(1);  // opening quote
    std::string value;
    while (true) {
      if (at_end() || peek() == '\n' || (peek() == '\r' && peek(1) == '\n')) {
        sink_.error(ErrorCode::E0104, span_from(begin),
                    "unterminated string (strings cannot span lines)");
        break;
      }
      char c = peek();
      if (c == '"') {
        advance(1);
        break;
      }
      if (c == '\0') report_nul();
      if (c == '\r') report_bare_cr();
      if (c != '\\') {
        value += c;
        advance(1);
        continue;
      }
      Pos escape_begin = pos_;
      char e = peek(1);
      if (e == '"' || e == '\\') {
        value += e;
        advance(2);
      } else if (e == 'n') {
        value += '\n';
        advance(2);
      } else if (e == 't') {
        value += '\t';
        advance(2);
      } else if (e == 'x' && is_hex_digit(peek(2)) && is_hex_digit(peek(3))) {
        value += static_cast<char>(std::stoi(std::string(text_.substr(i_ + 2, 2)),
                                             nullptr, 16));
        advance(4);
      } else {
        advance(e == '\n' || e == '\0' || static_cast<unsigned char>(e) >= 0x80
                    ? 1
                    : 2);
        sink_.error(ErrorCode::E0105, span_from(escape_begin),
                    "invalid escape sequence in string; use \\\" \\\\ \\n "
                    "\\t or \\xHH");
      }
    }
    push(TokenKind::kString, begin, start);
    *out_string_ = std::move(value);
  }

  Token& push(TokenKind kind, Pos begin, size_t start) {
    Token& tok = *out_;
    tok = Token{};
    tok.kind = kind;
    tok.text = text_.substr(start, i_ - start);
    tok.span = span_from(begin);
    produced_ = true;
    return tok;
  }

  std::string_view text_;
  DiagnosticSink& sink_;
  size_t i_ = 0;
  Pos pos_;
  bool line_has_code_ = false;
  std::vector<Comment>* comments_;
  Token* out_ = nullptr;               // where next() puts its token
  std::string* out_string_ = nullptr;  // and a string literal's bytes
  bool produced_ = false;
};

bool is_reserved_word(std::string_view word) {
  return word_kind(word) != TokenKind::kIdent;
}

TokenStream tokenize(const SourceFile& file, DiagnosticSink& sink) {
  TokenStream out;
  Lexer lexer(file, sink, &out.comments);
  // About one token per 3 to 4 bytes in real and generated programs; pages
  // the estimate over-reserves are never touched.
  out.tokens.reserve(file.text().size() / 3 + 16);
  Token token;
  std::string string_value;
  while (lexer.next(token, string_value)) {
    if (token.is(TokenKind::kString)) {
      token.string_value = out.strings.emplace_back(std::move(string_value));
    }
    out.tokens.push_back(token);
  }
  out.tokens.push_back(token);  // kEof
  return out;
}

TokenReader::TokenReader(const SourceFile& file, DiagnosticSink& sink)
    : lexer_(std::make_unique<Lexer>(file, sink, nullptr)) {}

TokenReader::~TokenReader() = default;

bool TokenReader::next(Token& token, std::string& string_value) {
  return lexer_->next(token, string_value);
}

}  // namespace taskc
