// The front half of the pipeline in one call: tokenize -> parse -> check.
#ifndef TASKC_COMPILER_FRONTEND_H
#define TASKC_COMPILER_FRONTEND_H

#include <memory>

#include "checker.h"
#include "diagnostics.h"
#include "lexer.h"
#include "program.h"
#include "source.h"

namespace taskc {

struct FrontendResult {
  std::unique_ptr<SourceFile> file;  // tokens and diagnostics point into it
  TokenStream tokens;  // empty: parse_source keeps none (fmt fills its own)
  DiagnosticSink sink;
  // Set when there were no syntax errors (the checker ran). Complete only
  // when the sink has no errors.
  std::unique_ptr<Program> program;
  bool syntax_ok = false;
};

// Checking stops after syntax errors: a tree rebuilt by error recovery would
// only produce follow-on noise.
FrontendResult run_frontend(std::unique_ptr<SourceFile> file,
                            const WarningPolicy& policy);

}  // namespace taskc

#endif  // TASKC_COMPILER_FRONTEND_H
