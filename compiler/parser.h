// parse: tokens -> Module. Syntax errors are reported to the sink; the parser
// resynchronises at ';', '}' or the next declaration so independent mistakes
// are all reported, each once.
#ifndef TASKC_COMPILER_PARSER_H
#define TASKC_COMPILER_PARSER_H

#include "ast.h"
#include "diagnostics.h"
#include "lexer.h"

namespace taskc {

// Deepest nesting of blocks and expressions together; deeper input is one
// error (E0109), never a stack overflow.
constexpr int kMaxNestingDepth = 200;

Module parse(const TokenStream& tokens, DiagnosticSink& sink);

}  // namespace taskc

#endif  // TASKC_COMPILER_PARSER_H
