// libFuzzer target: .kir text through the whole compiler, in memory.
//
// Beyond "no crash, no hang", it asserts what must hold for every input:
// * diagnostics render, and every JSON diagnostic line parses;
// * a program that parses formats to text that parses to the same tree, and
//   formatting that text again changes nothing;
// * a program the checker accepts plans with the signature invariant
//   (check_plan_invariants), every emitter runs, the C++, Python and DOT
//   are printable ASCII with no line splice (input never becomes code), the
//   manifest is JSON that the runtime loader accepts, and each loaded
//   kernel's sig_count() equals its planned signature length.
// A violated property aborts (a finding), like a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "ast_dump.h"
#include "emit_cpp.h"
#include "emit_dot.h"
#include "emit_kernel_config.h"
#include "emit_manifest.h"
#include "formatter.h"
#include "frontend.h"
#include "manifest_loader.h"
#include "parser.h"
#include "plan.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "kir_fuzzer: property violated: %s\n%s\n", what,
               detail.c_str());
  std::abort();
}

// Tokens view the file's text, so the file lives as long as the tree.
struct Parsed {
  std::unique_ptr<taskc::SourceFile> file;
  taskc::DiagnosticSink sink;
  taskc::TokenStream tokens;
  taskc::Module module;
};

std::unique_ptr<Parsed> parse_text(std::string text) {
  auto p = std::make_unique<Parsed>();
  p->file = std::make_unique<taskc::SourceFile>("fuzz.kir", std::move(text));
  p->tokens = taskc::tokenize(*p->file, p->sink);
  p->module = taskc::parse(p->tokens, p->sink);
  return p;
}

void check_formatter(const std::string& text) {
  std::unique_ptr<Parsed> original = parse_text(text);
  if (original->sink.has_errors()) return;
  std::string once = taskc::format_module(original->module, original->tokens);
  std::unique_ptr<Parsed> reparsed = parse_text(once);
  if (reparsed->sink.has_errors()) {
    fail("formatted text does not parse", once);
  }
  if (taskc::dump_module(reparsed->module) !=
      taskc::dump_module(original->module)) {
    fail("formatting changed the syntax tree", once);
  }
  std::string twice = taskc::format_module(reparsed->module, reparsed->tokens);
  if (twice != once) fail("fmt(fmt(x)) != fmt(x)", once + "\n----\n" + twice);
}

void check_diagnostics(const taskc::FrontendResult& result) {
  std::vector<taskc::Diagnostic> diagnostics = result.sink.sorted();
  taskc::RenderOptions options{false, 0};
  (void)taskc::render_text(diagnostics, *result.file, options);
  std::istringstream lines(
      taskc::render_json(diagnostics, *result.file, options));
  std::string line;
  while (std::getline(lines, line)) {
    if (!nlohmann::json::accept(line)) {
      fail("a JSON diagnostic line does not parse", line);
    }
  }
}

// Generated C++ and Python are printable ASCII lines, none ending in a
// backslash (in C++ that splices the next line into a `//` comment): input
// bytes reach them only escaped, and cannot end a comment or a literal.
void check_generated_text(const char* what, const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool ok = c == '\n' ? i == 0 || text[i - 1] != '\\' : c >= 0x20 && c < 0x7f;
    if (!ok) fail(what, text.substr(i < 200 ? 0 : i - 200, 400));
  }
}

void check_backend(const taskc::Program& program,
                   const std::string& input_name) {
  taskc::Plan plan = taskc::build_plan(program);
  taskc::check_plan_invariants(plan);
  std::string cpp_name = plan.module + ".orch.cpp";
  check_generated_text(
      "generated C++ holds a raw byte or a line splice",
      taskc::emit_orchestration_cpp(plan, input_name, "0.0.0-fuzz"));
  check_generated_text(
      "kernel_config.py holds a raw byte or a line splice",
      taskc::emit_kernel_config_py(plan, cpp_name, input_name, "0.0.0-fuzz"));
  check_generated_text(
      "the task graph holds a raw byte or a line splice",
      taskc::emit_task_graph_dot(plan, input_name, "0.0.0-fuzz"));
  std::string manifest = taskc::emit_manifest_json(plan, cpp_name, input_name);
  if (!nlohmann::json::accept(manifest)) {
    fail("the emitted manifest is not JSON", manifest);
  }
  taskc::abi::LoadResult loaded =
      taskc::abi::load_manifest_text(manifest, "emitted.manifest.json");
  if (!loaded.ok()) {
    fail("the loader rejects an emitted manifest",
         loaded.error_report() + manifest);
  }
  taskc::abi::ChipCallable chip =
      taskc::abi::build_callables(*loaded.manifest, {});
  if (chip.children.size() != plan.kernels.size()) {
    fail("callable count differs from the planned kernels", manifest);
  }
  for (const taskc::PlanKernel& kernel : plan.kernels) {
    const taskc::abi::CoreCallable* callable = chip.child(kernel.func_id);
    if (callable == nullptr ||
        callable->sig_count() != kernel.signature.size()) {
      fail("sig_count() differs from the planned signature", kernel.name);
    }
  }
  if (chip.orchestration.sig_count() != plan.entry_signature.size()) {
    fail("orchestration sig_count() differs from the entry signature",
         manifest);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  check_formatter(text);
  // A file name with every byte the emitters must escape in comments and
  // string literals.
  const std::string input_name = "dir with */ \"q\" \\ $x #h\n.kir";
  taskc::FrontendResult result = taskc::run_frontend(
      std::make_unique<taskc::SourceFile>(input_name, text),
      taskc::WarningPolicy{});
  check_diagnostics(result);
  if (result.sink.has_errors() || !result.program) return 0;
  check_backend(*result.program, input_name);
  return 0;
}
