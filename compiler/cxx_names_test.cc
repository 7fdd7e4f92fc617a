// Names the generated C++ cannot take: every macro its includes or the
// compiler can define is refused (E0205), checked against this machine's
// compilers; names that pass compile in both -std=c++17 and gnu++17.
#include "cxx_names.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "checker_test_support.h"
#include "compiler_test_config.h"
#include "emit_cpp.h"
#include "plan_test_support.h"

namespace taskc::test {
namespace {

// A program declaring `name` as a let.
std::string let_named(const std::string& name) {
  return with_body("  call vec_add(a, b, c);\n  let " + name + " = 1;\n");
}

// The compilers to try: the configured one, and clang++ when installed.
std::vector<std::string> compilers() {
  std::vector<std::string> out;
  if (!std::string(TASKC_TEST_CXX).empty()) out.push_back(TASKC_TEST_CXX);
  if (std::system("command -v clang++ > /dev/null 2>&1") == 0) out.push_back("clang++");
  return out;
}

}  // namespace

TEST_CASE("the macro tables are sorted, unique and not already refused by rule",
          "[cxx_names]") {
  for (const auto* table : {&header_macro_names(), &predefined_macro_names()}) {
    CHECK(std::is_sorted(table->begin(), table->end()));
    CHECK(std::adjacent_find(table->begin(), table->end()) == table->end());
    for (std::string_view name : *table) {
      INFO(name);
      CHECK_FALSE((name.size() > 1 && name[0] == '_' && name[1] >= 'A' && name[1] <= 'Z'));
      CHECK(name.find("__") == std::string_view::npos);
    }
  }
  CHECK(header_macro_names().size() > 500);
}

TEST_CASE("E0205: every macro name the generated C++ can see is refused", "[cxx_names]") {
  std::vector<std::string_view> names = header_macro_names();
  names.insert(names.end(), predefined_macro_names().begin(), predefined_macro_names().end());
  for (std::string_view name : names) {
    INFO(name);
    std::optional<std::string> why = cxx_reserved_reason(name);
    REQUIRE(why);
    CHECK(why->find("macro") != std::string::npos);
    // As the checker reports it, for a let (every declared name goes
    // through the same check).
    Checked c = check_text(let_named(std::string(name)));
    CHECK(c.codes() == Lines{"E0205"});
  }
  // The names of issue 14, and in other places of a program.
  for (const char* name : {"INT32_WIDTH", "SIZE_WIDTH", "UINT_FAST8_WIDTH", "linux", "unix",
                           "i386", "TASKC_RUNTIME_ABI_PTO_ORCHESTRATION_API_H",
                           "TASKC_HOST_PRINTF_FORMAT", "PTO2_SCOPE_GUARD", "EOF", "errno",
                           "CPU_SET", "SRC_COMMON_TASK_INTERFACE_DATA_TYPE_H_"}) {
    INFO(name);
    CHECK(cxx_reserved_reason(name));
  }
  CHECK(check_text("module linux;\nkernel aic k();\norchestration o() { call k(); }\n")
            .codes() == Lines{"E0205"});
  CHECK(check_text("module m;\ndim SIZE_WIDTH;\nkernel aic unix(in x: Tensor[[SIZE_WIDTH], FP32]);\n"
                   "orchestration o(in INT8_WIDTH: Tensor[[SIZE_WIDTH], FP32]) {\n"
                   "  call unix(INT8_WIDTH);\n}\n")
            .codes() == Lines{"E0205", "E0205", "E0205"});
}

TEST_CASE("this machine's compilers define no macro the tables miss", "[cxx_names]") {
  std::string python = TASKC_TEST_PYTHON;
  std::vector<std::string> cxx = compilers();
  if (python.empty() || cxx.empty()) {
    WARN("python3 or a C++ compiler is missing; not checked");
    return;
  }
  std::string command = "'" + python + "' '" + TASKC_SOURCE_ROOT +
                        "/tools/header_macros.py' --runtime-abi '" + TASKC_SOURCE_ROOT +
                        "/runtime_abi'";
  for (const std::string& c : cxx) command += " --cxx '" + c + "'";
  ScratchDir dir("taskc-cxx-names-test");
  std::string output;
  int status = run_command(command, dir.path() / "names.txt", &output);
  if (status != 0) FAIL(command << ": " << output);
  std::istringstream lines(output);
  size_t count = 0;
  for (std::string name; std::getline(lines, name); ++count) {
    INFO(name << ": add it to compiler/cxx_macro_names.cc");
    CHECK(cxx_reserved_reason(name));
  }
  // At least <stdint.h>'s limits and widths, runtime_abi's own macros, and
  // (gnu++17) linux and unix.
  CHECK(count > 90);
  CHECK(output.find("INT32_WIDTH\n") != std::string::npos);
  CHECK(output.find("\nunix\n") != std::string::npos);
}

TEST_CASE("names next to the reserved ones compile in both dialects", "[cxx_names]") {
  // Every kind of declared name, each close to a macro but not one.
  const std::string kir = R"(module Linux;
dim INT32_WIDTH_, unix64;
const SIZE_WIDTHS = 4;
kernel aiv i486(in TASKC: Tensor[[INT32_WIDTH_], FP32], out eof: Tensor[[INT32_WIDTH_], FP32],
                pto2_scope: Scalar[INT32]);
orchestration UNIX(in int32_width: Tensor[[INT32_WIDTH_], FP32],
                   out Errno: Tensor[[INT32_WIDTH_], FP32], in w: Tensor[[unix64], FP32],
                   linux_: Scalar[INT32]) {
  var PTO2_SCOPES = linux_;
  for sun4 in range(unix64) {
    let I386 = sun4 + SIZE_WIDTHS;
    PTO2_SCOPES = PTO2_SCOPES + cast(I386, INT32);
  }
  call i486(int32_width, Errno, PTO2_SCOPES);
}
)";
  for (const char* name : {"Linux", "INT32_WIDTH_", "unix64", "SIZE_WIDTHS", "i486",
                           "TASKC", "eof", "pto2_scope", "UNIX", "int32_width", "Errno",
                           "linux_", "PTO2_SCOPES", "sun4", "I386"}) {
    INFO(name);
    CHECK_FALSE(cxx_reserved_reason(name));
  }
  auto planned = plan_source(kir, "near.kir");
  std::string cpp = emit_orchestration_cpp(planned->plan, "near.kir", "9.9.9");
  std::vector<std::string> cxx = compilers();
  if (cxx.empty()) {
    WARN("no C++ compiler configured; not compiled");
    return;
  }
  ScratchDir dir("taskc-cxx-names-compile");
  std::string file = dir.write("near.orch.cpp", cpp).string();
  for (const std::string& c : cxx) {
    // gnu++17 is g++'s default (clang 14's is gnu++14, too old for the API).
    for (const char* std : {"-std=c++17", "-std=gnu++17"}) {
      std::string output;
      int status = run_command(c + " " + std + " -Wall -Wextra -Werror -fsyntax-only -I'" +
                                   TASKC_SOURCE_ROOT + "/runtime_abi' '" + file + "'",
                               dir.path() / "log.txt", &output);
      INFO(c << " " << std << ": " << output);
      CHECK(status == 0);
    }
  }
}

}  // namespace taskc::test
