#include "emit_manifest.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

#include "internal_error.h"
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

// The interface keys, in manifest order; `sources` adds the file names
// (left out of the fingerprint: moving a file changes no interface).
Json orchestration_json(const Plan& plan, const std::string* orch_source_name) {
  Json orch;
  orch["name"] = plan.orchestration;
  if (orch_source_name != nullptr) orch["source"] = *orch_source_name;
  orch["function_name"] = "aicpu_orchestration_entry";
  orch["config_name"] = "aicpu_orchestration_config";
  orch["signature"] = signature_json(plan.entry_signature);
  orch["scalar_count"] = plan.entry_scalar_count;
  orch["expected_arg_count"] = plan.expected_arg_count;
  std::vector<PlanParam> entry;
  for (const PlanEntryParam& e : plan.entry_params) entry.push_back(e.param);
  orch["params"] = params_json(entry);
  return orch;
}

Json kernels_json(const Plan& plan, bool sources) {
  Json kernels = Json::array();
  for (const PlanKernel& k : plan.kernels) {
    Json kernel;
    kernel["func_id"] = k.func_id;
    kernel["name"] = k.name;
    kernel["core_type"] = k.is_aic ? "aic" : "aiv";
    kernel["dual_aiv"] = k.dual_aiv;
    if (sources) kernel["source"] = k.source;
    kernel["signature"] = signature_json(k.signature);
    kernel["scalar_count"] = k.scalar_count;
    kernel["params"] = params_json(k.params);
    kernel["call_sites"] = k.call_sites;
    kernels.push_back(std::move(kernel));
  }
  return kernels;
}

Json groups_json(const Plan& plan) {
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
  return groups;
}

void check_site_count(const Plan& plan) {
  if (plan.sites.size() != static_cast<size_t>(plan.task_count)) {
    throw InternalError("the plan has " + std::to_string(plan.sites.size()) +
                        " call sites for " + std::to_string(plan.task_count) + " tasks");
  }
}

// One entry per call site, by the number the generated code stores in
// taskc_site (the fingerprint streams its own, without the locations).
Json sites_json(const Plan& plan, const std::string& kir_name) {
  check_site_count(plan);
  Json sites = Json::array();
  for (const PlanSite& site : plan.sites) {
    Json entry;
    entry["file"] = kir_name;
    entry["line"] = site.line;
    entry["callee"] = site.callee;
    entry["tensors"] = site.tensors;
    sites.push_back(std::move(entry));
  }
  return sites;
}

std::string dump(const Json& j, int indent) {
  // Strings are UTF-8 from the checker; replace anything else rather than throw.
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// FNV-1a, 64 bits, over bytes given in pieces.
struct Fnv1a {
  uint64_t value = 14695981039346656037ull;  // the offset basis
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      value ^= c;
      value *= 1099511628211ull;  // the FNV prime
    }
  }
};

// `s` as the compact dump writes it: quoted as is when no byte needs an
// escape (printable ASCII without quote or backslash), else by the library.
void add_json_string(Fnv1a& hash, const std::string& s) {
  bool plain = std::all_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    hash.add(dump(Json(s), -1));
    return;
  }
  hash.add("\"");
  hash.add(s);
  hash.add("\"");
}

Json limits_json(const Plan& plan) {
  return Json{{"core_max_tensor_args", plan.limits.core_max_tensor_args},
              {"core_max_scalar_args", plan.limits.core_max_scalar_args},
              {"chip_max_tensor_args", plan.limits.chip_max_tensor_args},
              {"chip_max_scalar_args", plan.limits.chip_max_scalar_args}};
}

}  // namespace

std::string manifest_fingerprint(const Plan& plan) {
  check_site_count(plan);
  Json m;
  m["module"] = plan.module;
  m["target"] = plan.target;
  m["runtime"] = plan.runtime;
  m["limits"] = limits_json(plan);
  m["orchestration"] = orchestration_json(plan, nullptr);
  m["kernels"] = kernels_json(plan, false);
  m["groups"] = groups_json(plan);
  // The hash is of the compact dump of `m` with a last key "sites": one
  // {"callee", "tensors"} object per call site (the locations left out: a
  // line moved by a comment changes no interface, and the messages then
  // name the lines of the newer manifest). The sites are streamed into the
  // hash rather than built as JSON: they are most of the manifest.
  std::string head = dump(m, -1);
  head.pop_back();  // the closing brace
  Fnv1a hash;
  hash.add(head);
  hash.add(",\"sites\":[");
  for (size_t i = 0; i < plan.sites.size(); ++i) {
    const PlanSite& site = plan.sites[i];
    hash.add(i == 0 ? "{\"callee\":" : ",{\"callee\":");
    add_json_string(hash, site.callee);
    hash.add(",\"tensors\":[");
    for (size_t t = 0; t < site.tensors.size(); ++t) {
      if (t > 0) hash.add(",");
      add_json_string(hash, site.tensors[t]);
    }
    hash.add("]}");
  }
  hash.add("]}");
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash.value));
  return plan.module + ":" + hex;
}

std::string emit_manifest_json(const Plan& plan, const std::string& orch_source_name,
                               const std::string& kir_name) {
  Json m;
  m["schema_version"] = 1;
  m["generator"] = Json{{"name", "taskc"}, {"version", TASKC_VERSION}};
  m["fingerprint"] = manifest_fingerprint(plan);
  m["module"] = plan.module;
  m["target"] = plan.target;
  m["runtime"] = plan.runtime;
  m["limits"] = limits_json(plan);
  m["orchestration"] = orchestration_json(plan, &orch_source_name);
  m["kernels"] = kernels_json(plan, true);
  m["groups"] = groups_json(plan);
  m["sites"] = sites_json(plan, kir_name);
  return dump(m, 2) + "\n";
}

}  // namespace taskc
