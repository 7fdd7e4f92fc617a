#include "frontend.h"

#include "parser.h"

namespace taskc {

FrontendResult run_frontend(std::unique_ptr<SourceFile> file,
                            const WarningPolicy& policy) {
  FrontendResult r{std::move(file), {}, DiagnosticSink(policy), nullptr, false};
  r.tokens = tokenize(*r.file, r.sink);
  Module module = parse(r.tokens, r.sink);
  // The tree holds what later passes need; the tokens (often the largest
  // structure) go now instead of living through checking and planning.
  r.tokens = TokenStream{};
  r.syntax_ok = !r.sink.has_errors();
  if (r.syntax_ok) {
    r.program = std::make_unique<Program>(check(std::move(module), r.sink));
  }
  return r;
}

}  // namespace taskc
