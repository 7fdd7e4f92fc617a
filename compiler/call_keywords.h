// The keyword arguments of a task call (`blocks = 4`, `deps = [t]`): one
// table with each keyword's value type, its constant range and where it is
// allowed. The checker checks and the planner lowers every keyword from
// this table alone; only emitters that show a keyword know what it means.
#ifndef TASKC_COMPILER_CALL_KEYWORDS_H
#define TASKC_COMPILER_CALL_KEYWORDS_H

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace taskc {

enum class CallKeyword : uint8_t {
  kBlocks, kSyncStart, kDeps, kEarlyResolve, kTimingSlot, kDispatchIf, kDump,
};
constexpr size_t kCallKeywordCount = 7;

enum class KeywordValue : uint8_t {
  kIndex,      // an INDEX expression within [min, max]
  kBool,       // a BOOL expression
  kTaskIds,    // a list of task ids: [t1, t2]
  kPredicate,  // tensor.element(t, [i, ...]) OP value
};

struct CallKeywordInfo {
  CallKeyword keyword;
  const char* name;
  KeywordValue value;
  // kIndex: the allowed range; a constant outside it is an error, a
  // run-time value outside it a generated fatal check.
  int64_t min;
  int64_t max;
  bool on_barrier;  // allowed on `call barrier(...)` as well as on kernel calls
};

const CallKeywordInfo& call_keyword_info(CallKeyword k);
std::optional<CallKeyword> find_call_keyword(std::string_view name);
// Every keyword, in table order (the order the generated code sets them).
const std::vector<CallKeyword>& call_keywords();
std::vector<std::string_view> call_keyword_names();

}  // namespace taskc

#endif  // TASKC_COMPILER_CALL_KEYWORDS_H
