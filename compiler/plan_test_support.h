// Shared by the planner and emitter unit tests: in-memory .kir programs
// run through the front end and the planner, and a scratch directory for
// tests that compile or import what the emitters write.
#ifndef TASKC_COMPILER_PLAN_TEST_SUPPORT_H
#define TASKC_COMPILER_PLAN_TEST_SUPPORT_H

#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "frontend.h"
#include "plan.h"

namespace taskc::test {

// language.md §1.
inline const char* const kVectorExample = R"kir(module vector_example(target = "a2a3");

dim N;                                    # bound at run time from an entry tensor

@source("kernels/aiv/kernel_add.cpp")
kernel aiv kernel_add(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32],
                      out c: Tensor[[N], FP32]);
@source("kernels/aiv/kernel_add_scalar.cpp")
kernel aiv kernel_add_scalar(in a: Tensor[[N], FP32], out c: Tensor[[N], FP32],
                             s: Scalar[FP32], n: Scalar[UINT32]);
@source("kernels/aiv/kernel_mul.cpp")
kernel aiv kernel_mul(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32],
                      out c: Tensor[[N], FP32], n: Scalar[UINT32]);

# f = (a + b + 1) * (a + b + 2) + (a + b)
orchestration vector_example(in a: Tensor[[N], FP32], in b: Tensor[[N], FP32],
                             out f: Tensor[[N], FP32]) {
  let c = tensor.create([N], FP32);
  call kernel_add(a, b, c);
  scope {
    let d = tensor.create([N], FP32);
    let e = tensor.create([N], FP32);
    let g = tensor.create([N], FP32);
    call kernel_add_scalar(c, d, 1.0, 3);
    call kernel_add_scalar(c, e, 2.0, 3);
    call kernel_mul(d, e, g, 3);
    call kernel_add(g, c, f);
  }
}
)kir";

// The front end's result kept alive next to the plan (the Program owns the
// AST the plan was built from).
struct Planned {
  FrontendResult frontend;
  Plan plan;
};

inline std::unique_ptr<Planned> plan_source(const std::string& text,
                                            const std::string& name = "test.kir") {
  auto out = std::make_unique<Planned>();
  out->frontend = run_frontend(std::make_unique<SourceFile>(name, text), WarningPolicy{});
  INFO(render_text(out->frontend.sink.sorted(), *out->frontend.file, RenderOptions{}));
  REQUIRE(out->frontend.program);
  REQUIRE_FALSE(out->frontend.sink.has_errors());
  out->plan = build_plan(*out->frontend.program);
  return out;
}

// Every task in file order.
inline std::vector<const PlanTask*> tasks_of(const Plan& plan) {
  std::vector<const PlanTask*> out;
  for_each_node(plan.body.nodes, [&](const PlanNode& n) {
    if (const PlanTask* t = n.get<PlanTask>()) out.push_back(t);
  });
  return out;
}

inline std::vector<PlanTask*> mutable_tasks_of(Plan& plan) {
  std::vector<PlanTask*> out;
  for_each_node(plan.body.nodes, [&](PlanNode& n) {
    if (PlanTask* t = n.get<PlanTask>()) out.push_back(t);
  });
  return out;
}

// The C++ name of a task's tensor argument.
inline const std::string& arg_name(const Plan& plan, const PlanTask& t, size_t i) {
  return plan.tensor(t.tensors.at(i).tensor).cxx_name;
}

// The tensors of an alloc node, by C++ name.
inline std::vector<std::string> alloc_names(const Plan& plan, const PlanNode& n) {
  std::vector<std::string> out;
  REQUIRE(n.get<PlanAlloc>());
  for (TensorId t : n.get<PlanAlloc>()->tensors) out.push_back(plan.tensor(t).cxx_name);
  return out;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              (name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

// Runs a shell command; its output goes to `log`, returned with the status.
inline int run_command(const std::string& command, const std::filesystem::path& log,
                       std::string* output) {
  int status = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  *output = read_file(log);
  return status;
}

}  // namespace taskc::test

#endif  // TASKC_COMPILER_PLAN_TEST_SUPPORT_H
