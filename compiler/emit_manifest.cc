#include "emit_manifest.h"

#include <nlohmann/json.hpp>

#include "taskc_version.h"

namespace taskc {

namespace {

using Json = nlohmann::ordered_json;

Json signature_json(const std::vector<Direction>& signature) {
  Json out = Json::array();
  for (Direction d : signature) out.push_back(direction_name(d));
  return out;
}

// Integers for static extents; dim names (or canonical text for other
// symbolic extents, "?" for any size) otherwise.
Json extent_json(const PlanExtent& e) {
  if (!e.any && e.constant) return *e.constant;
  return e.text;
}

Json params_json(const std::vector<PlanParam>& params) {
  Json out = Json::array();
  for (const PlanParam& p : params) {
    Json param;
    param["name"] = p.name;
    param["kind"] = p.is_tensor ? "tensor" : "scalar";
    if (p.is_tensor) param["direction"] = direction_name(p.direction);
    param["dtype"] = dtype_info(p.dtype).runtime_name;
    if (p.is_tensor) {
      Json shape = Json::array();
      for (const PlanExtent& e : p.shape) shape.push_back(extent_json(e));
      param["shape"] = std::move(shape);
    }
    out.push_back(std::move(param));
  }
  return out;
}

}  // namespace

std::string emit_manifest_json(const Plan& plan, const std::string& orch_source_name) {
  Json m;
  m["schema_version"] = 1;
  m["generator"] = Json{{"name", "taskc"}, {"version", TASKC_VERSION}};
  m["module"] = plan.module;
  m["target"] = plan.target;
  m["runtime"] = plan.runtime;
  m["limits"] = Json{{"core_max_tensor_args", plan.limits.core_max_tensor_args},
                     {"core_max_scalar_args", plan.limits.core_max_scalar_args},
                     {"chip_max_tensor_args", plan.limits.chip_max_tensor_args},
                     {"chip_max_scalar_args", plan.limits.chip_max_scalar_args}};
  Json orch;
  orch["name"] = plan.orchestration;
  orch["source"] = orch_source_name;
  orch["function_name"] = "aicpu_orchestration_entry";
  orch["config_name"] = "aicpu_orchestration_config";
  orch["signature"] = signature_json(plan.entry_signature);
  orch["scalar_count"] = plan.entry_scalar_count;
  orch["expected_arg_count"] = plan.expected_arg_count;
  std::vector<PlanParam> entry;
  for (const PlanEntryParam& e : plan.entry_params) entry.push_back(e.param);
  orch["params"] = params_json(entry);
  m["orchestration"] = std::move(orch);
  Json kernels = Json::array();
  for (const PlanKernel& k : plan.kernels) {
    Json kernel;
    kernel["func_id"] = k.func_id;
    kernel["name"] = k.name;
    kernel["core_type"] = k.is_aic ? "aic" : "aiv";
    kernel["dual_aiv"] = k.dual_aiv;
    kernel["source"] = k.source;
    kernel["signature"] = signature_json(k.signature);
    kernel["scalar_count"] = k.scalar_count;
    kernel["params"] = params_json(k.params);
    kernel["call_sites"] = k.call_sites;
    kernels.push_back(std::move(kernel));
  }
  m["kernels"] = std::move(kernels);
  Json groups = Json::array();
  for (const PlanGroup& g : plan.groups) {
    // Lanes a group does not have are left out: "aic" for an AIV-only mix,
    // "aiv1" unless the second vector lane runs a kernel of its own.
    Json group{{"name", g.name}};
    if (!g.aic.empty()) group["aic"] = g.aic;
    group["aiv"] = g.aiv;
    if (!g.aiv1.empty()) group["aiv1"] = g.aiv1;
    group["dual_aiv"] = g.dual_aiv;
    groups.push_back(std::move(group));
  }
  m["groups"] = std::move(groups);
  // Strings are UTF-8 from the checker; replace anything else rather than throw.
  return m.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace taskc
