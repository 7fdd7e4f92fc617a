// A structural dump of the syntax tree: every field that carries meaning,
// no spans and no spellings. Two modules that dump equally are the same
// program, which is how tests check that `taskc fmt` preserves meaning.
#ifndef TASKC_COMPILER_AST_DUMP_H
#define TASKC_COMPILER_AST_DUMP_H

#include <string>

#include "ast.h"

namespace taskc {

// One line per declaration and statement, nested blocks indented by two
// spaces; expressions as S-expressions: `(+ a (* b 4))`.
std::string dump_module(const Module& module);
std::string dump_expr(const Expr& expr);

}  // namespace taskc

#endif  // TASKC_COMPILER_AST_DUMP_H
