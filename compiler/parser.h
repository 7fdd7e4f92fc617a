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

// Most declarations in a module; more is one error (E0110) and the rest of
// the file is not parsed. Statements have no such limit: the tree and the
// tables built from it grow linearly with the program, so a program that
// does not fit in memory is refused as such (cli: "out of memory").
constexpr size_t kMaxDeclarations = 100000;

Module parse(const TokenStream& tokens, DiagnosticSink& sink);

// Lexes and parses `file` together, keeping only the tokens near the
// parser's position (token_window.h) and no comments: the same Module and
// diagnostics as parse(tokenize(file)), in memory that does not grow with
// the number of tokens.
Module parse_source(const SourceFile& file, DiagnosticSink& sink);

}  // namespace taskc

#endif  // TASKC_COMPILER_PARSER_H
