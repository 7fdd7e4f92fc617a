#include "call_keywords.h"

#include <cstdint>
#include <limits>

namespace taskc {

namespace {

// The runtime's launch width is an int16_t; timing slots are 0..15.
constexpr int64_t kMaxLaunchWidth = std::numeric_limits<int16_t>::max();
constexpr int64_t kMaxTimingSlot = 15;

constexpr CallKeywordInfo kKeywords[kCallKeywordCount] = {
    {CallKeyword::kBlocks, "blocks", KeywordValue::kIndex, 1, kMaxLaunchWidth, false},
    {CallKeyword::kSyncStart, "sync_start", KeywordValue::kBool, 0, 0, false},
    {CallKeyword::kDeps, "deps", KeywordValue::kTaskIds, 0, 0, true},
    {CallKeyword::kEarlyResolve, "early_resolve", KeywordValue::kBool, 0, 0, true},
    {CallKeyword::kTimingSlot, "timing_slot", KeywordValue::kIndex, 0, kMaxTimingSlot, true},
    {CallKeyword::kDispatchIf, "dispatch_if", KeywordValue::kPredicate, 0, 0, false},
    {CallKeyword::kDump, "dump", KeywordValue::kBool, 0, 0, false},
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
