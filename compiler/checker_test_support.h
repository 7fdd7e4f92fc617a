// Shared by the checker unit tests: in-memory .kir programs run through the
// front end, with their diagnostics summarised one per line.
#ifndef TASKC_COMPILER_CHECKER_TEST_SUPPORT_H
#define TASKC_COMPILER_CHECKER_TEST_SUPPORT_H

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "frontend.h"

namespace taskc::test {

struct Checked {
  FrontendResult result;
  std::vector<Diagnostic> diagnostics;  // sorted

  // "line:column CODE message" per diagnostic, notes as
  // "  note line:column message".
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics) {
      out.push_back(std::to_string(d.span.begin.line) + ":" +
                    std::to_string(d.span.begin.column) + " " + d.code + " " +
                    d.message);
      for (const DiagnosticNote& n : d.notes) {
        out.push_back("  note " +
                      (n.span ? std::to_string(n.span->begin.line) + ":" +
                                    std::to_string(n.span->begin.column) + " "
                              : std::string()) +
                      n.message);
      }
    }
    return out;
  }
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics) out.push_back(d.code);
    return out;
  }
  const Program& program() const {
    REQUIRE(result.program);
    return *result.program;
  }
};

inline Checked check_text(const std::string& text, const WarningPolicy& policy = {}) {
  Checked c;
  c.result = run_frontend(std::make_unique<SourceFile>("test.kir", text), policy);
  c.diagnostics = c.result.sink.sorted();
  return c;
}

// A program that must check without any diagnostic.
inline Checked check_clean(const std::string& text) {
  Checked c = check_text(text);
  INFO(text);
  for (const std::string& line : c.lines()) UNSCOPED_INFO(line);
  REQUIRE(c.diagnostics.empty());
  REQUIRE(c.result.program);
  return c;
}

// A module with one dim N, the kernel `vec_add(in a, in b, out c)` on [N]
// FP32 tensors, and an orchestration with the same parameters whose body is
// `body`. The body starts on line 5.
inline std::string with_body(const std::string& body,
                             const std::string& extra_decls = "") {
  return "module m;\n"
         "dim N;" + extra_decls + "\n"
         "kernel aiv vec_add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], "
         "out c: Tensor[[N], FP32]);\n"
         "orchestration o(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], "
         "out c: Tensor[[N], FP32]) {\n" +
         body + "}\n";
}

// The checked Program's kernel (or group) named `name`.
inline const KernelInfo& kernel(const Program& p, const std::string& name) {
  for (const KernelInfo& k : p.kernels) {
    if (k.name == name) return k;
  }
  FAIL("no kernel " << name);
  throw;  // unreachable
}

using Lines = std::vector<std::string>;
using Dirs = std::vector<Direction>;

}  // namespace taskc::test

#endif  // TASKC_COMPILER_CHECKER_TEST_SUPPORT_H
