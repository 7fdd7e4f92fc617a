// Manual-scope hazards (hazards.cc) through the checker: the boundary error
// E0503, the manual-hazard warning, and what orders two tasks without ids.
#include "hazards.h"

#include <string>

#include "checker_test_support.h"

namespace {

using namespace taskc::test;

// produce writes `mid`, consume reads it; `body` places them.
std::string program(const std::string& body) {
  return "module m;\n"
         "dim N;\n"
         "kernel aiv produce(in x: Tensor[[N], FP32], out mid: Tensor[[N], FP32]);\n"
         "kernel aiv consume(in mid: Tensor[[N], FP32], inout y: Tensor[[N], FP32]);\n"
         "orchestration o(in x: Tensor[[N], FP32], inout e: Tensor[[N], FP32],\n"
         "                inout y: Tensor[[N], FP32]) {\n" +
         body + "}\n";
}

}  // namespace

TEST_CASE("a writer outside a manual scope and a reader inside need an id") {
  CHECK(check_text(program("  call produce(x, e);\n"
                           "  scope manual { call consume(e, y); }\n"))
            .codes() == std::vector<std::string>{"E0503"});
  check_clean(program("  let p = call produce(x, e);\n"
                      "  scope manual { call consume(e, y, deps = [p]); }\n"));
}

TEST_CASE("a task that allocates a tensor orders every later user of it") {
  // Entering: the manual-scope task depends on the tensor's creator.
  check_clean(program("  let mid = tensor.create([N], FP32);\n"
                      "  call produce(x, mid);\n"
                      "  scope manual { call consume(mid, y); }\n"));
  // Inside one manual scope: the same dependency, no manual-hazard.
  check_clean(program("  scope manual {\n"
                      "    let mid = tensor.create([N], FP32);\n"
                      "    call produce(x, mid);\n"
                      "    call consume(mid, y);\n"
                      "  }\n"));
  // Allocated by alloc_tensors (first use is a view): the writer is not the
  // creator, so nothing orders the manual-scope reader.
  CHECK(check_text(program("  let mid = tensor.create([N], FP32);\n"
                           "  call produce(x, tensor.slice(mid, [N], [0]));\n"
                           "  scope manual { call consume(mid, y); }\n"))
            .codes() == std::vector<std::string>{"E0503"});
}

TEST_CASE("a writer and a reader in one manual scope without deps warn") {
  CHECK(check_text(program("  scope manual {\n"
                           "    call produce(x, e);\n"
                           "    call consume(e, y);\n"
                           "  }\n"))
            .codes() == std::vector<std::string>{"manual-hazard"});
}
