#include "emit_manifest.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

#include "internal_error.h"
#include "taskc_version.h"

namespace taskc {

namespace {

// Writes JSON text exactly as nlohmann_json's dump does (compact, or
// indented by `indent` spaces with ": " after keys), straight into a
// string: the manifest is mostly call sites, and a tree of JSON values
// for them cost more than everything else the compile does per site.
class JsonWriter {
 public:
  explicit JsonWriter(int indent) : indent_(indent) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k) {
    element();
    string(k);
    out_ += indent_ < 0 ? ":" : ": ";
    after_key_ = true;
  }
  void value(std::string_view s) {
    element();
    string(s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(int64_t v) {
    element();
    out_ += std::to_string(v);
  }
  void value(uint32_t v) { value(static_cast<int64_t>(v)); }
  void value(int v) { value(static_cast<int64_t>(v)); }
  void value(bool b) {
    element();
    out_ += b ? "true" : "false";
  }
  template <typename T>
  void member(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  std::string take() { return std::move(out_); }

 private:
  void open(char bracket) {
    element();
    out_ += bracket;
    empty_.push_back(true);
  }
  void close(char bracket) {
    bool empty = empty_.back();
    empty_.pop_back();
    if (!empty) newline();
    out_ += bracket;
  }
  // Before a key, or a value that is not a key's: the separator and the
  // line break of its container.
  void element() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (empty_.empty()) return;
    if (!empty_.back()) out_ += ',';
    empty_.back() = false;
    newline();
  }
  void newline() {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(empty_.size() * static_cast<size_t>(indent_), ' ');
  }
  // Printable ASCII without a quote or backslash is written as is;
  // anything else as the library escapes it (invalid UTF-8 replaced).
  void string(std::string_view s) {
    bool plain = std::all_of(s.begin(), s.end(), [](char ch) {
      auto c = static_cast<unsigned char>(ch);
      return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (!plain) {
      out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace);
      return;
    }
    out_ += '"';
    out_ += s;
    out_ += '"';
  }

  int indent_;
  std::string out_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

// The fingerprint's content leaves out what may differ between builds of
// one program: the generator, file names and lines.
enum class Content { kManifest, kFingerprint };

void signature_json(JsonWriter& w, const std::vector<Direction>& signature) {
  w.begin_array();
  for (Direction d : signature) w.value(direction_name(d));
  w.end_array();
}

void params_json(JsonWriter& w, const std::vector<const PlanParam*>& params) {
  w.begin_array();
  for (const PlanParam* p : params) {
    w.begin_object();
    w.member("name", p->name);
    w.member("kind", p->is_tensor ? "tensor" : "scalar");
    if (p->is_tensor) w.member("direction", direction_name(p->direction));
    w.member("dtype", dtype_info(p->dtype).runtime_name);
    if (p->is_tensor) {
      // Integers for static extents; dim names (or canonical text for
      // other symbolic extents, "?" for any size) otherwise.
      w.key("shape");
      w.begin_array();
      for (const PlanExtent& e : p->shape) {
        if (!e.any && e.constant) {
          w.value(*e.constant);
        } else {
          w.value(e.text);
        }
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
}

void orchestration_json(JsonWriter& w, const Plan& plan, const std::string* orch_source_name) {
  w.begin_object();
  w.member("name", plan.orchestration);
  if (orch_source_name != nullptr) w.member("source", *orch_source_name);
  w.member("function_name", "aicpu_orchestration_entry");
  w.member("config_name", "aicpu_orchestration_config");
  w.key("signature");
  signature_json(w, plan.entry_signature);
  w.member("scalar_count", plan.entry_scalar_count);
  w.member("expected_arg_count", plan.expected_arg_count);
  std::vector<const PlanParam*> entry;
  for (const PlanEntryParam& e : plan.entry_params) entry.push_back(&e.param);
  w.key("params");
  params_json(w, entry);
  w.end_object();
}

void kernels_json(JsonWriter& w, const Plan& plan, Content content) {
  w.begin_array();
  for (const PlanKernel& k : plan.kernels) {
    w.begin_object();
    w.member("func_id", k.func_id);
    w.member("name", k.name);
    w.member("core_type", k.is_aic ? "aic" : "aiv");
    w.member("dual_aiv", k.dual_aiv);
    if (content == Content::kManifest) w.member("source", k.source);
    w.key("signature");
    signature_json(w, k.signature);
    w.member("scalar_count", k.scalar_count);
    std::vector<const PlanParam*> params;
    for (const PlanParam& p : k.params) params.push_back(&p);
    w.key("params");
    params_json(w, params);
    w.member("call_sites", k.call_sites);
    w.end_object();
  }
  w.end_array();
}

void groups_json(JsonWriter& w, const Plan& plan) {
  w.begin_array();
  for (const PlanGroup& g : plan.groups) {
    // Lanes a group does not have are left out: "aic" for an AIV-only mix,
    // "aiv1" unless the second vector lane runs a kernel of its own.
    w.begin_object();
    w.member("name", g.name);
    if (!g.aic.empty()) w.member("aic", g.aic);
    w.member("aiv", g.aiv);
    if (!g.aiv1.empty()) w.member("aiv1", g.aiv1);
    w.member("dual_aiv", g.dual_aiv);
    w.end_object();
  }
  w.end_array();
}

// One entry per call site, by the number the generated code stores in
// taskc_site; `kir_name` null for the fingerprint, which leaves out the
// locations: a line moved by a comment changes no interface, and the
// messages then name the lines of the newer manifest.
void sites_json(JsonWriter& w, const Plan& plan, const std::string* kir_name) {
  if (plan.sites.size() != static_cast<size_t>(plan.task_count)) {
    throw InternalError("the plan has " + std::to_string(plan.sites.size()) +
                        " call sites for " + std::to_string(plan.task_count) + " tasks");
  }
  w.begin_array();
  for (const PlanSite& site : plan.sites) {
    w.begin_object();
    if (kir_name != nullptr) {
      w.member("file", *kir_name);
      w.member("line", site.line);
    }
    w.member("callee", site.callee);
    w.key("tensors");
    w.begin_array();
    for (const std::string& t : site.tensors) w.value(t);
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

// The keys from "module" on, in manifest order.
void interface_json(JsonWriter& w, const Plan& plan, const std::string* orch_source_name,
                    const std::string* kir_name) {
  Content content = kir_name == nullptr ? Content::kFingerprint : Content::kManifest;
  w.member("module", plan.module);
  w.member("target", plan.target);
  w.member("runtime", plan.runtime);
  w.key("limits");
  w.begin_object();
  w.member("core_max_tensor_args", plan.limits.core_max_tensor_args);
  w.member("core_max_scalar_args", plan.limits.core_max_scalar_args);
  w.member("chip_max_tensor_args", plan.limits.chip_max_tensor_args);
  w.member("chip_max_scalar_args", plan.limits.chip_max_scalar_args);
  w.end_object();
  w.key("orchestration");
  orchestration_json(w, plan, orch_source_name);
  w.key("kernels");
  kernels_json(w, plan, content);
  w.key("groups");
  groups_json(w, plan);
  w.key("sites");
  sites_json(w, plan, kir_name);
}

}  // namespace

std::string manifest_fingerprint(const Plan& plan) {
  JsonWriter w(-1);
  w.begin_object();
  interface_json(w, plan, nullptr, nullptr);
  w.end_object();
  uint64_t hash = 14695981039346656037ull;  // FNV-1a offset basis
  for (unsigned char c : w.take()) {
    hash ^= c;
    hash *= 1099511628211ull;  // FNV prime
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return plan.module + ":" + hex;
}

std::string emit_manifest_json(const Plan& plan, const std::string& orch_source_name,
                               const std::string& kir_name) {
  JsonWriter w(2);
  w.begin_object();
  w.member("schema_version", 1);
  w.key("generator");
  w.begin_object();
  w.member("name", "taskc");
  w.member("version", TASKC_VERSION);
  w.end_object();
  w.member("fingerprint", manifest_fingerprint(plan));
  interface_json(w, plan, &orch_source_name, &kir_name);
  w.end_object();
  return w.take() + "\n";
}

}  // namespace taskc
