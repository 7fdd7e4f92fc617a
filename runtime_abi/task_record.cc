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

std::string TaskRecord::label() const {
  std::string text = "task " + std::to_string(task_index);
  const abi::CoreCallable* callable = primary_callable();
  if (callable != nullptr) text += " (" + callable->name() + ")";
  return text;
}

}  // namespace taskc::host
