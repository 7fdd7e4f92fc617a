// Canonical formatting of a .kir module (`taskc fmt`).
//
// The output is a function of the syntax tree plus the comments and blank
// lines of the source: formatting formatted text changes nothing, and the
// output parses back to the same tree (see ast_dump.h).
#ifndef TASKC_COMPILER_FORMATTER_H
#define TASKC_COMPILER_FORMATTER_H

#include <string>
#include <vector>

#include "ast.h"
#include "lexer.h"

namespace taskc {

// Formats a module that parsed without errors. `tokens` is the stream the
// module was parsed from: its comments are kept, and its positions tell
// where blank lines and comments were. The result ends with one newline.
std::string format_module(const Module& module, const TokenStream& tokens);

// One expression or type in canonical form, with the fewest parentheses that
// parse back to the same tree. Also useful in diagnostics.
std::string format_expr(const Expr& expr);
std::string format_type(const TypeExpr& type);
// One call argument (`nodep b`, `blocks = 4`), or a list of them joined
// with ", ".
std::string format_arg(const Arg& arg);
std::string format_args(ArenaSpan<Arg> args);

// The items, each formatted by `format_item`, joined with ", ".
// `items`: a vector or an ArenaSpan.
template <typename Items, typename F>
std::string joined(const Items& items, F format_item) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += format_item(items[i]);
  }
  return out;
}

}  // namespace taskc

#endif  // TASKC_COMPILER_FORMATTER_H
