#include "frontend.h"

#include "parser.h"

namespace taskc {

FrontendResult run_frontend(std::unique_ptr<SourceFile> file,
                            const WarningPolicy& policy) {
  FrontendResult r{std::move(file), {}, DiagnosticSink(policy), nullptr, false};
  // Lexed as parsed: the tokens (often the largest structure) are never all
  // held at once; the tree holds what later passes need.
  Module module = parse_source(*r.file, r.sink);
  r.syntax_ok = !r.sink.has_errors();
  if (r.syntax_ok) {
    r.program = std::make_unique<Program>(check(std::move(module), r.sink));
  }
  return r;
}

}  // namespace taskc
