#include "call_keywords.h"

#include <limits>

namespace taskc {

namespace {

constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

constexpr CallKeywordInfo kKeywords[kCallKeywordCount] = {
    {CallKeyword::kBlocks, "blocks", KeywordValue::kIndex, 1, kNoLimit},
    {CallKeyword::kSyncStart, "sync_start", KeywordValue::kBool, 0, 0},
    {CallKeyword::kDeps, "deps", KeywordValue::kTaskIds, 0, 0},
};

}  // namespace

const CallKeywordInfo& call_keyword_info(CallKeyword k) {
  return kKeywords[static_cast<size_t>(k)];
}

std::optional<CallKeyword> find_call_keyword(std::string_view name) {
  for (const CallKeywordInfo& k : kKeywords) {
    if (name == k.name) return k.keyword;
  }
  return std::nullopt;
}

const std::vector<CallKeyword>& call_keywords() {
  static const std::vector<CallKeyword> all = [] {
    std::vector<CallKeyword> out;
    for (const CallKeywordInfo& k : kKeywords) out.push_back(k.keyword);
    return out;
  }();
  return all;
}

std::vector<std::string_view> call_keyword_names() {
  std::vector<std::string_view> out;
  for (const CallKeywordInfo& k : kKeywords) out.emplace_back(k.name);
  return out;
}

}  // namespace taskc
