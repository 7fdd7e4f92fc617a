// Which later statements of a block name what its statements declare
// (emit_cpp_names.cc). Internal to the emitter.
#ifndef TASKC_COMPILER_EMIT_CPP_NAMES_H
#define TASKC_COMPILER_EMIT_CPP_NAMES_H

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "plan.h"

namespace taskc {

// The statements (by index in the block) that name a declaration: the
// first and the last after it; 0 when none does.
struct NameUses {
  size_t first = 0;
  size_t last = 0;
};

struct BlockNames {
  // Per statement: the last statement that names one of its declarations
  // other than a task's results (itself when none does).
  std::vector<size_t> fixed_last;
  // Per statement: a rough size of its C++, in bytes.
  std::vector<size_t> bytes;
  // A task's results, by name (`task_<N>_outs`, the tensors it allocates,
  // the id it declares): a part can end with the task and its caller
  // declare them again after the part.
  std::unordered_map<std::string, NameUses> result_uses;

  const NameUses& uses(const std::string& result) const { return result_uses.at(result); }
};

BlockNames block_names(const Plan& plan, const std::vector<PlanNode>& nodes);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_CPP_NAMES_H
