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

std::string TaskRecord::label() const {
  std::string text = "task " + std::to_string(task_index);
  if (kind == NodeKind::DUMMY_TASK) return text + " (dummy task)";
  const abi::CoreCallable* callable = primary_callable();
  if (callable != nullptr) text += " (" + callable->name() + ")";
  return text;
}

}  // namespace taskc::host
