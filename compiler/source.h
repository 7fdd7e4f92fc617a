// Source text and positions. Every token and AST node carries a Span so that
// any later pass can point a diagnostic at the exact bytes it is about.
#ifndef TASKC_COMPILER_SOURCE_H
#define TASKC_COMPILER_SOURCE_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace taskc {

// 1-based line and column; columns count bytes.
struct Pos {
  uint32_t line = 1;
  uint32_t column = 1;
};

struct Span {
  Pos begin;
  Pos end;  // the position just past the last byte
};

// One input file. `name` is the path as the user gave it (or "<stdin>").
class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  // The text of 1-based line `line` without its line terminator; empty past
  // the end.
  std::string_view line_text(uint32_t line) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

}  // namespace taskc

#endif  // TASKC_COMPILER_SOURCE_H
