// The taskc command line, run in-process on a VirtualDisk: exit codes,
// diagnostics options, and how compile writes its outputs.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command.h"

namespace taskc {
namespace {

const char* const kValid = R"(module vec;
dim N;
kernel aiv add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
orchestration vec(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  call add(a, b, c);
}
)";

const char* const kUnusedKernel = R"(module vec;
dim N;
kernel aiv add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
kernel aiv spare(in a: Tensor[[N], FP32]);
orchestration vec(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  call add(a, b, c);
}
)";

const char* const kThreeErrors = R"(module vec;
dim N;
kernel aiv add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], out c: Tensor[[N], FP32]);
orchestration vec(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32], out c: Tensor[[N], FP32]) {
  call add(x, b, c);
  call add(a, y, c);
  call add(a, b, z);
}
)";

struct Run {
  int code = -1;
  std::string out, err;
};

struct Harness {
  VirtualDisk disk;
  std::string stdin_text;
  bool tty = false;
  const char* no_color = nullptr;
  const char* term = "xterm";

  Run run(std::vector<std::string> args) {
    args.insert(args.begin(), "taskc");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::istringstream in(stdin_text);
    std::ostringstream out, err;
    CommandEnv env{disk, in, out, err, tty, no_color, term};
    Run r;
    r.code = run_taskc(static_cast<int>(argv.size()), argv.data(), env);
    r.out = out.str();
    r.err = err.str();
    return r;
  }
};

TEST_CASE("--version and --help exit 0", "[cli]") {
  Harness h;
  Run v = h.run({"--version"});
  CHECK(v.code == kExitOk);
  CHECK(v.out.rfind("taskc 0.1.0\n", 0) == 0);
  for (const char* cmd : {"check", "fmt", "compile", "manifest"}) {
    Run help = h.run({cmd, "--help"});
    CHECK(help.code == kExitOk);
    CHECK(help.out.find("Usage") != std::string::npos);
  }
}

TEST_CASE("usage errors exit 2", "[cli]") {
  Harness h;
  h.disk.files["a.kir"] = kValid;
  CHECK(h.run({}).code == kExitUsage);
  CHECK(h.run({"frobnicate"}).code == kExitUsage);
  CHECK(h.run({"check"}).code == kExitUsage);
  CHECK(h.run({"check", "a.kir", "--no-such-flag"}).code == kExitUsage);
  CHECK(h.run({"check", "a.kir", "--color", "sometimes"}).code == kExitUsage);
  CHECK(h.run({"check", "a.kir", "--max-errors", "many"}).code == kExitUsage);
  CHECK(h.run({"compile", "a.kir", "--emit", "cpp,object"}).code == kExitUsage);
  Run unknown_warning = h.run({"check", "a.kir", "-Wno-such-warning"});
  CHECK(unknown_warning.code == kExitUsage);
  CHECK(unknown_warning.err.find("unknown warning '-Wno-such-warning'") != std::string::npos);
}

TEST_CASE("check: 0 for a valid file, 1 for errors, 3 for a missing file", "[cli]") {
  Harness h;
  h.disk.files["good.kir"] = kValid;
  h.disk.files["bad.kir"] = kThreeErrors;
  Run good = h.run({"check", "good.kir"});
  CHECK(good.code == kExitOk);
  CHECK(good.err.empty());
  Run bad = h.run({"check", "bad.kir"});
  CHECK(bad.code == kExitInputErrors);
  CHECK(bad.err.find("bad.kir:5:12: error: undefined name 'x' [E0201]") != std::string::npos);
  Run missing = h.run({"check", "missing.kir"});
  CHECK(missing.code == kExitIo);
  CHECK(missing.err.find("missing.kir") != std::string::npos);
  // The worst result of several files wins.
  CHECK(h.run({"check", "good.kir", "missing.kir", "bad.kir"}).code == kExitIo);
}

TEST_CASE("warnings: on by default, -Wno-, -Werror", "[cli]") {
  Harness h;
  h.disk.files["w.kir"] = kUnusedKernel;
  Run plain = h.run({"check", "w.kir"});
  CHECK(plain.code == kExitOk);
  CHECK(plain.err.find("warning: kernel 'spare' is never called") != std::string::npos);
  CHECK(plain.err.find("[-Wunused-kernel]") != std::string::npos);
  Run off = h.run({"check", "w.kir", "-Wno-unused-kernel"});
  CHECK(off.code == kExitOk);
  CHECK(off.err.empty());
  Run promoted = h.run({"check", "w.kir", "-Werror"});
  CHECK(promoted.code == kExitInputErrors);
  CHECK(promoted.err.find("error: kernel 'spare'") != std::string::npos);
  CHECK(promoted.err.find("[-Werror=unused-kernel]") != std::string::npos);
  CHECK(h.run({"check", "w.kir", "-q"}).err.empty());
}

TEST_CASE("stdin is read with '-' and named <stdin>", "[cli]") {
  Harness h;
  h.stdin_text = kThreeErrors;
  Run r = h.run({"check", "-"});
  CHECK(r.code == kExitInputErrors);
  CHECK(r.err.rfind("<stdin>:5:12: error:", 0) == 0);
}

TEST_CASE("--max-errors cuts the list and says how many were left", "[cli]") {
  Harness h;
  h.disk.files["bad.kir"] = kThreeErrors;
  Run r = h.run({"check", "bad.kir", "--max-errors", "1"});
  CHECK(r.code == kExitInputErrors);
  CHECK(r.err.find("'x'") != std::string::npos);
  CHECK(r.err.find("'y'") == std::string::npos);
  CHECK(r.err.find("2 more errors not shown") != std::string::npos);
}

TEST_CASE("--diagnostics-format json prints one object per line", "[cli]") {
  Harness h;
  h.disk.files["bad.kir"] = kThreeErrors;
  Run r = h.run({"check", "bad.kir", "--diagnostics-format", "json"});
  CHECK(r.code == kExitInputErrors);
  std::istringstream lines(r.err);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    CHECK(j["severity"] == "error");
    CHECK(j["code"] == "E0201");
    CHECK(j["file"] == "bad.kir");
    for (const char* key : {"message", "line", "column", "end_line", "end_column", "notes"}) {
      CHECK(j.contains(key));
    }
    ++count;
  }
  CHECK(count == 3);
}

TEST_CASE("--color follows the TTY, NO_COLOR and TERM rules", "[cli]") {
  Harness h;
  h.disk.files["bad.kir"] = kThreeErrors;
  auto colored = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"check", "bad.kir"});
    return h.run(args).err.find('\033') != std::string::npos;
  };
  CHECK_FALSE(colored({}));  // not a TTY
  CHECK(colored({"--color", "always"}));
  h.tty = true;
  CHECK(colored({}));
  CHECK_FALSE(colored({"--color", "never"}));
  h.no_color = "1";
  CHECK_FALSE(colored({}));
  CHECK(colored({"--color", "always"}));
  h.no_color = nullptr;
  h.term = "dumb";
  CHECK_FALSE(colored({}));
}

// A disk whose reads fail in a way the code does not expect.
struct ExplodingDisk : VirtualDisk {
  ReadStatus read_file(const std::string&, size_t, std::string*, std::string*) override {
    throw std::runtime_error("simulated bug");
  }
};

TEST_CASE("an internal error exits 4 and asks for a report", "[cli]") {
  ExplodingDisk disk;
  std::istringstream in;
  std::ostringstream out, err;
  CommandEnv env{disk, in, out, err, false, nullptr, nullptr};
  const char* argv[] = {"taskc", "check", "a.kir"};
  CHECK(run_taskc(3, argv, env) == kExitInternal);
  CHECK(err.str().find("internal error: simulated bug") != std::string::npos);
  CHECK(err.str().find("report") != std::string::npos);
}

TEST_CASE("fmt rewrites, --check reports, '-' filters", "[cli]") {
  Harness h;
  h.disk.files["a.kir"] = "module  m;\ndim N;\n";
  h.stdin_text = "module  m;\n";
  Run check = h.run({"fmt", "--check", "a.kir"});
  CHECK(check.code == kExitInputErrors);
  CHECK(check.err.find("a.kir: not formatted") != std::string::npos);
  CHECK(h.disk.files["a.kir"] == "module  m;\ndim N;\n");
  CHECK(h.run({"fmt", "a.kir"}).code == kExitOk);
  CHECK(h.disk.files["a.kir"] == "module m;\ndim N;\n");
  CHECK(h.run({"fmt", "--check", "a.kir"}).code == kExitOk);
  Run filtered = h.run({"fmt", "-"});
  CHECK(filtered.out == "module m;\n");
}

TEST_CASE("fmt formats in place through a symbolic link", "[cli]") {
  Harness h;
  h.disk.files["real.kir"] = "module  m;\n";
  h.disk.symlinks["link.kir"] = "real.kir";
  CHECK(h.run({"fmt", "link.kir"}).code == kExitOk);
  CHECK(h.disk.files["real.kir"] == "module m;\n");
  CHECK(h.disk.symlinks.count("link.kir") == 1);
  CHECK(h.disk.files.count("link.kir") == 0);
}

TEST_CASE("fmt --diff prints a unified diff and writes nothing", "[cli]") {
  Harness h;
  h.disk.files["a.kir"] = "module  m;\ndim N;\n";
  Run diff = h.run({"fmt", "--diff", "a.kir"});
  CHECK(diff.code == kExitInputErrors);
  CHECK(diff.out ==
        "--- a.kir.orig\n+++ a.kir\n@@ -1,2 +1,2 @@\n-module  m;\n+module m;\n dim N;\n");
  CHECK(diff.err.empty());
  CHECK(h.disk.files["a.kir"] == "module  m;\ndim N;\n");
  CHECK(h.disk.commits == 0);
  Run both = h.run({"fmt", "--diff", "--check", "a.kir"});
  CHECK(both.code == kExitInputErrors);
  CHECK(both.out == diff.out);
  CHECK(both.err == "taskc: a.kir: not formatted\n");
  h.disk.files["b.kir"] = "module m;\n";
  Run clean = h.run({"fmt", "--diff", "b.kir"});
  CHECK(clean.code == kExitOk);
  CHECK(clean.out.empty());
  h.stdin_text = "module  m;";
  Run piped = h.run({"fmt", "--diff", "-"});
  CHECK(piped.code == kExitInputErrors);
  CHECK(piped.out == "--- <stdin>.orig\n+++ <stdin>\n@@ -1 +1 @@\n-module  m;\n"
                     "\\ No newline at end of file\n+module m;\n");
}

TEST_CASE("command-line mistakes are taskc errors with exit 2", "[cli]") {
  Harness h;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"fmt"}, "taskc: error: inputs is required (see 'taskc fmt --help')\n"},
      {{"run", "m.json", "--orchestration", "o.so"},
       "taskc: error: --kernels is required (see 'taskc run --help')\n"},
      {{"run", "m.json", "--orchestration", "o.so", "--kernels", "k.so", "--threads", "abc"},
       "taskc: error: --threads: Value abc not in range 1 to 1024 (see 'taskc run --help')\n"},
      {{"manifest", "validate"},
       "taskc: error: files is required (see 'taskc manifest validate --help')\n"},
      // Not CLI11's "A subcommand is required": the word given is named.
      {{"chek", "a.kir"},
       "taskc: error: unknown command 'chek'; did you mean 'check'? (see 'taskc --help')\n"},
      {{"build"},
       "taskc: error: unknown command 'build'; the commands are check, fmt, compile, "
       "manifest, graph, run, dump (see 'taskc --help')\n"},
      {{}, "taskc: error: A subcommand is required (see 'taskc --help')\n"},
  };
  for (const auto& [args, message] : cases) {
    Run r = h.run(args);
    CHECK(r.code == kExitUsage);
    CHECK(r.err == message);
    CHECK(r.out.empty());
  }
}

}  // namespace
}  // namespace taskc
