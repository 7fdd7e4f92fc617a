// check: Module -> Program. Resolves names, computes types and kernel
// signatures, and reports every static error and warning of language.md §6.
#ifndef TASKC_COMPILER_CHECKER_H
#define TASKC_COMPILER_CHECKER_H

#include "ast.h"
#include "diagnostics.h"
#include "program.h"

namespace taskc {

// The returned Program is complete only when the sink has no errors.
Program check(Module module, DiagnosticSink& sink);

}  // namespace taskc

#endif  // TASKC_COMPILER_CHECKER_H
