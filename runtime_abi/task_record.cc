#include "task_record.h"

namespace taskc::host {

const char* lane_name(Lane lane) {
  switch (lane) {
    case Lane::AIC:
      return "aic";
    case Lane::AIV0:
      return "aiv0";
    case Lane::AIV1:
      return "aiv1";
  }
  return "lane?";
}

std::string lane_kernel_text(Lane lane, const abi::CoreCallable& callable) {
  return std::string("lane ") + lane_name(lane) + " kernel '" + callable.name() +
         "' (func_id " + std::to_string(callable.func_id()) + ")";
}

std::string task_label(uint32_t task_index, NodeKind kind,
                       const abi::CoreCallable* primary_callable,
                       const CallSite* site, uint32_t site_number) {
  if (site != nullptr) {
    std::string text = site_label(site_number, *site);
    text.insert(text.size() - 1, ", submission " + std::to_string(task_index));
    return text;
  }
  std::string text = "task " + std::to_string(task_index);
  if (kind == NodeKind::DUMMY_TASK) return text + " (dummy task)";
  if (primary_callable != nullptr) text += " (" + primary_callable->name() + ")";
  return text;
}

std::string TaskRecord::label() const {
  return task_label(task_index, kind, primary_callable(), site, site_number);
}

std::string TaskRecord::name() const {
  if (site != nullptr) return label();
  return "task " + std::to_string(task_index);
}

}  // namespace taskc::host
