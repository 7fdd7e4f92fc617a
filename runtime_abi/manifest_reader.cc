// The rules of manifest schema version 1 (outputs.md §2, runtime.md §2). Every
// check reports at the pointer of the value it is about and then carries on,
// so one run lists every problem. Cross-references (signatures against params,
// func_ids, group members) are checked only between values that were
// themselves valid, so one mistake does not echo as several.
#include "manifest_reader.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "manifest_signature.h"

namespace taskc::abi {
namespace {

std::string signature_text(const std::vector<ArgDirection>& signature) {
  std::string text = "[";
  for (size_t i = 0; i < signature.size(); ++i) {
    if (i > 0) text += ", ";
    text += direction_name(signature[i]);
  }
  return text + "]";
}

struct KernelFacts {
  uint32_t node = kNoNode;
  bool func_id_valid = false;
  bool name_valid = false;
  std::string_view name;  // in the document, which outlives the reader
  JsonAt func_id_at;
  JsonAt name_at;
  bool core_type_valid = false;
  bool scalar_count_valid = false;
  bool dual_aiv_valid = false;
  SignatureFacts signature;
};

// The sections of a manifest, each read into its Manifest part.
class DocumentReader : private SignatureReader {
 public:
  DocumentReader(const JsonDocument& document, ProblemSink& problems)
      : SignatureReader(document, problems) {}

  void read(Manifest& manifest) {
    const uint32_t root = doc_.root();
    if (doc_.kind(root) != JsonKind::kObject) {
      error(JsonAt{root},
            "a manifest is a JSON object, got " + doc_.describe(root));
      return;
    }
    // A newer format may add keys or change meanings: checked against version
    // 1 it would only produce noise, so its version is the one problem.
    for (uint32_t member : doc_.children(root)) {
      int64_t version = 0;
      if (doc_.key(member) == "schema_version" &&
          doc_.kind(member) == JsonKind::kInteger &&
          !(doc_.as_int64(member, &version) &&
            version == kManifestSchemaVersion)) {
        error(JsonAt{member}, "unsupported schema_version " +
                                  doc_.describe(member) +
                                  "; this loader reads version " +
                                  std::to_string(kManifestSchemaVersion));
        return;
      }
    }
    ObjectFields top(
        problems_, doc_, root,
        {"schema_version", "generator", "fingerprint", "module", "target",
         "runtime", "limits", "orchestration", "kernels", "groups", "sites"});
    if (JsonField f = top.required("schema_version")) {
      auto version = integer(f, kManifestSchemaVersion, kManifestSchemaVersion);
      if (version) manifest.schema_version = *version;
    }
    if (JsonField f = top.required("generator"))
      read_generator(f, manifest.generator);
    if (JsonField f = top.present("fingerprint")) {
      if (auto fingerprint = text(f)) manifest.fingerprint = *fingerprint;
    }
    if (JsonField f = top.required("module")) {
      if (auto name = identifier(f)) manifest.module = *name;
    }
    if (JsonField f = top.required("target")) {
      if (auto target = one_of(f, {"a2a3", "a5"}, "target")) {
        manifest.target = *target;
      }
    }
    if (JsonField f = top.required("runtime")) {
      if (auto runtime = one_of(f, {"tensormap_and_ringbuffer"}, "runtime")) {
        manifest.runtime = *runtime;
      }
    }
    if (JsonField f = top.required("limits")) read_limits(f, manifest.limits);
    if (JsonField f = top.required("orchestration")) {
      read_orchestration(f, manifest.orchestration);
    }
    if (JsonField f = top.required("kernels"))
      read_kernels(f, manifest.kernels);
    if (JsonField f = top.required("groups")) read_groups(f, manifest);
    if (JsonField f = top.present("sites")) read_sites(f, manifest.sites);
  }

 private:
  // ---- sections ------------------------------------------------------------

  void read_generator(const JsonField& f, ManifestGenerator& out) {
    ObjectFields fields(problems_, doc_, f.node, {"name", "version"});
    if (JsonField g = fields.required("name")) out.name = text(g).value_or("");
    if (JsonField g = fields.required("version"))
      out.version = text(g).value_or("");
  }

  void read_limits(const JsonField& f, ManifestLimits& out) {
    ObjectFields fields(problems_, doc_, f.node,
                        {"core_max_tensor_args", "core_max_scalar_args",
                         "chip_max_tensor_args", "chip_max_scalar_args"});
    // A manifest built for larger limits than this runtime supports cannot
    // run here; smaller ones are fine.
    auto read_limit = [&](const char* key, uint32_t runtime_limit,
                          uint32_t& slot) {
      if (JsonField g = fields.required(key)) {
        if (auto value = count(g, runtime_limit)) slot = *value;
      }
    };
    read_limit("core_max_tensor_args", Limits::kCoreMaxTensorArgs,
               out.core_max_tensor_args);
    read_limit("core_max_scalar_args", Limits::kCoreMaxScalarArgs,
               out.core_max_scalar_args);
    read_limit("chip_max_tensor_args", Limits::kChipMaxTensorArgs,
               out.chip_max_tensor_args);
    read_limit("chip_max_scalar_args", Limits::kChipMaxScalarArgs,
               out.chip_max_scalar_args);
  }

  void read_orchestration(const JsonField& f, ManifestOrchestration& out) {
    ObjectFields fields(
        problems_, doc_, f.node,
        {"name", "source", "function_name", "config_name", "signature",
         "scalar_count", "expected_arg_count", "params"});
    if (!fields.is_object()) return;
    if (JsonField g = fields.required("name"))
      out.name = identifier(g).value_or("");
    if (JsonField g = fields.required("source"))
      out.source = text(g).value_or("");
    if (JsonField g = fields.required("function_name")) {
      out.function_name = identifier(g).value_or("");
    }
    if (JsonField g = fields.required("config_name")) {
      out.config_name = identifier(g).value_or("");
    }
    SignatureFacts signature;
    if (JsonField g = fields.required("signature")) {
      signature = read_signature(g, Limits::kChipMaxTensorArgs,
                                 "an orchestration", out.signature);
    }
    JsonField scalar_count_field = fields.required("scalar_count");
    std::optional<uint32_t> scalar_count;
    if (scalar_count_field) {
      scalar_count = count(scalar_count_field, Limits::kChipMaxScalarArgs);
      out.scalar_count = scalar_count.value_or(0);
    }
    JsonField expected_field = fields.required("expected_arg_count");
    std::optional<uint32_t> expected;
    if (expected_field) {
      expected = count(expected_field,
                       Limits::kChipMaxTensorArgs + Limits::kChipMaxScalarArgs);
      out.expected_arg_count = expected.value_or(0);
    }
    ParamFacts params;
    JsonField params_field = fields.required("params");
    if (params_field) params = read_params(params_field, out.params);

    check_signature_matches_params(SignatureOwner{"orchestration", {}},
                                   signature, out.signature, params,
                                   params_field, out.params);
    if (!params.counted) return;
    if (scalar_count && *scalar_count != params.scalar_count) {
      error(scalar_count_field.at,
            "scalar_count is " + std::to_string(*scalar_count) +
                " but the orchestration has " +
                std::to_string(params.scalar_count) + " scalar params");
    }
    if (expected && *expected != params.tensor_count + params.scalar_count) {
      error(expected_field.at,
            "expected_arg_count is " + std::to_string(*expected) +
                " but the orchestration has " +
                std::to_string(params.tensor_count) + " tensor and " +
                std::to_string(params.scalar_count) + " scalar params");
    }
  }

  KernelFacts read_kernel(const JsonField& f, ManifestKernel& out) {
    KernelFacts facts;
    facts.node = f.node;
    ObjectFields fields(problems_, doc_, f.node,
                        {"func_id", "name", "core_type", "dual_aiv", "source",
                         "signature", "scalar_count", "params", "call_sites"});
    if (!fields.is_object()) return facts;
    if (JsonField g = fields.required("func_id")) {
      facts.func_id_at = g.at;
      if (auto id = integer(g, 0, Limits::kMaxChildCallables - 1)) {
        out.func_id = static_cast<int32_t>(*id);
        facts.func_id_valid = true;
      }
    }
    if (JsonField g = fields.required("name")) {
      facts.name_at = g.at;
      if (auto name = identifier(g)) {
        out.name = *name;
        facts.name = *name;
        facts.name_valid = true;
      }
    }
    JsonField core_type_field = fields.required("core_type");
    if (core_type_field) {
      if (auto name = one_of(core_type_field, {"aic", "aiv"}, "core_type")) {
        out.core_type = parse_core_type(*name).value_or(CoreType::AIV);
        facts.core_type_valid = true;
      }
    }
    if (JsonField g = fields.required("dual_aiv")) {
      if (auto dual = boolean(g)) {
        out.dual_aiv = *dual;
        facts.dual_aiv_valid = true;
        if (*dual && facts.core_type_valid && out.core_type == CoreType::AIC) {
          error(g.at, "dual_aiv is only valid on an aiv kernel");
        }
      }
    }
    if (JsonField g = fields.required("source"))
      out.source = text(g).value_or("");
    if (JsonField g = fields.required("signature")) {
      facts.signature = read_signature(g, Limits::kCoreMaxTensorArgs,
                                       "a kernel", out.signature);
    }
    JsonField scalar_count_field = fields.required("scalar_count");
    if (scalar_count_field) {
      if (auto n = count(scalar_count_field, Limits::kCoreMaxScalarArgs)) {
        out.scalar_count = *n;
        facts.scalar_count_valid = true;
      }
    }
    ParamFacts params;
    JsonField params_field = fields.required("params");
    if (params_field) params = read_params(params_field, out.params);
    if (JsonField g = fields.required("call_sites")) {
      out.call_sites =
          integer(g, 0, std::numeric_limits<int64_t>::max()).value_or(0);
    }

    const SignatureOwner owner{"kernel", facts.name};
    check_signature_matches_params(owner, facts.signature, out.signature,
                                   params, params_field, out.params);
    if (params.counted && facts.scalar_count_valid &&
        out.scalar_count != params.scalar_count) {
      error(scalar_count_field.at,
            "scalar_count is " + std::to_string(out.scalar_count) + " but " +
                owner.text() + " has " + std::to_string(params.scalar_count) +
                " scalar params");
    }
    return facts;
  }

  void read_kernels(const JsonField& f, std::vector<ManifestKernel>& out) {
    if (!array(f)) return;
    const uint32_t count = doc_.count(f.node);
    if (count > Limits::kMaxChildCallables) {
      error(f.at, std::to_string(count) +
                      " kernels; a runtime registers at most " +
                      std::to_string(Limits::kMaxChildCallables));
    }
    // The kernel node that first used each func_id (valid ids are < 1024).
    std::vector<uint32_t> first_with_func_id(Limits::kMaxChildCallables,
                                             kNoNode);
    bool func_ids_complete = true;
    out.reserve(std::min<uint32_t>(count, Limits::kMaxChildCallables));
    kernel_facts_.reserve(out.capacity());
    for (uint32_t node : doc_.children(f.node)) {
      ManifestKernel kernel;
      KernelFacts facts = read_kernel(JsonField::of(node), kernel);
      if (facts.func_id_valid) {
        uint32_t& first = first_with_func_id[static_cast<size_t>(kernel.func_id)];
        if (first != kNoNode) {
          error(facts.func_id_at, "func_id " + std::to_string(kernel.func_id) +
                                      " is already used by " +
                                      doc_.pointer(first));
          func_ids_complete = false;
        } else {
          first = node;
        }
      } else {
        func_ids_complete = false;
      }
      if (facts.name_valid) {
        auto [first, inserted] =
            kernel_index_by_name_.emplace(facts.name, out.size());
        if (!inserted) {
          error(facts.name_at,
                "duplicate kernel name '" + kernel.name + "' (first at " +
                    doc_.pointer(kernel_facts_[first->second].node) + ")");
        }
      }
      kernel_facts_.push_back(std::move(facts));
      out.push_back(std::move(kernel));
    }
    // Unique ids below K are exactly 0..K-1; report each id that leaves a gap.
    if (!func_ids_complete) return;
    for (size_t i = 0; i < out.size(); ++i) {
      if (static_cast<size_t>(out[i].func_id) >= out.size()) {
        error(kernel_facts_[i].func_id_at,
              "func_id " + std::to_string(out[i].func_id) +
                  " leaves a gap: func_ids are dense, so " +
                  std::to_string(out.size()) + " kernels use 0.." +
                  std::to_string(out.size() - 1));
      }
    }
  }

  // The kernels index of the kernel a group member names, if that kernel has
  // the expected core type.
  std::optional<size_t> group_member(const JsonField& f,
                                     const std::vector<ManifestKernel>& kernels,
                                     CoreType expected_type) {
    auto name = identifier(f);
    if (!name) return std::nullopt;
    auto found = kernel_index_by_name_.find(*name);
    if (found == kernel_index_by_name_.end()) {
      error(f.at, "no kernel named '" + std::string(*name) + "'");
      return std::nullopt;
    }
    const ManifestKernel& kernel = kernels[found->second];
    if (!kernel_facts_[found->second].core_type_valid) return std::nullopt;
    if (kernel.core_type != expected_type) {
      error(f.at, "kernel '" + kernel.name + "' is " +
                      core_type_name(kernel.core_type) + ", but a group's " +
                      core_type_name(expected_type) + " member must be an " +
                      core_type_name(expected_type) + " kernel");
      return std::nullopt;
    }
    return found->second;
  }

  // Informational (messages only): shapes are checked, names are not
  // resolved against the kernels.
  void read_sites(const JsonField& f, std::vector<ManifestSite>& out) {
    if (!array(f)) return;
    out.reserve(doc_.count(f.node));
    for (uint32_t node : doc_.children(f.node)) {
      ObjectFields fields(problems_, doc_, node,
                          {"file", "line", "callee", "tensors"});
      ManifestSite& site = out.emplace_back();
      if (!fields.is_object()) continue;
      if (JsonField g = fields.required("file")) site.file = text(g).value_or("");
      if (JsonField g = fields.required("line")) {
        site.line = static_cast<uint32_t>(integer(g, 1, UINT32_MAX).value_or(0));
      }
      if (JsonField g = fields.required("callee")) {
        site.callee = identifier(g).value_or("");
      }
      JsonField tensors = fields.required("tensors");
      if (!tensors || !array(tensors)) continue;
      if (doc_.count(tensors.node) > Limits::kCoreMaxTensorArgs) {
        error(tensors.at, std::to_string(doc_.count(tensors.node)) +
                              " tensors; a task has at most " +
                              std::to_string(Limits::kCoreMaxTensorArgs));
        continue;
      }
      for (uint32_t item : doc_.children(tensors.node)) {
        site.tensors.emplace_back(text(JsonField::of(item)).value_or(""));
      }
    }
  }

  void read_groups(const JsonField& f, Manifest& manifest) {
    if (!array(f)) return;
    FirstSeen names;
    for (uint32_t node : doc_.children(f.node)) {
      ObjectFields fields(problems_, doc_, node,
                          {"name", "aic", "aiv", "aiv1", "dual_aiv"});
      if (!fields.is_object()) continue;
      ManifestGroup& group = manifest.groups.emplace_back();
      std::string owner = "the group";
      if (JsonField g = fields.required("name")) {
        if (auto name = identifier(g)) {
          group.name = *name;
          owner = "group '" + group.name + "'";
          uint32_t first = names.record(*name, node);
          if (first != kNoNode) {
            error(g.at, "duplicate group name '" + group.name +
                            "' (first at " + doc_.pointer(first) + ")");
          }
        }
      }
      std::optional<size_t> aic_index;
      std::optional<size_t> aiv_index;
      std::optional<size_t> aiv1_index;
      JsonField aic_field = fields.present("aic");
      if (aic_field) {
        aic_index = group_member(aic_field, manifest.kernels, CoreType::AIC);
        if (aic_index) group.aic = manifest.kernels[*aic_index].name;
      }
      JsonField aiv_field = fields.required("aiv");
      if (aiv_field) {
        aiv_index = group_member(aiv_field, manifest.kernels, CoreType::AIV);
        if (aiv_index) group.aiv = manifest.kernels[*aiv_index].name;
      }
      JsonField aiv1_field = fields.present("aiv1");
      if (aiv1_field) {
        aiv1_index = group_member(aiv1_field, manifest.kernels, CoreType::AIV);
        if (aiv1_index) group.aiv1 = manifest.kernels[*aiv1_index].name;
      }
      if (fields.is_object() && !aic_field && !aiv1_field) {
        error(JsonAt{node}, owner + " has only an aiv member; a group has an aic "
                                          "member, an aiv1 member or both");
      }
      const ManifestKernel* aiv =
          aiv_index ? &manifest.kernels[*aiv_index] : nullptr;
      if (JsonField g = fields.required("dual_aiv")) {
        auto dual = boolean(g);
        group.dual_aiv = dual.value_or(false);
        if (dual && aiv != nullptr &&
            kernel_facts_[*aiv_index].dual_aiv_valid &&
            *dual != aiv->dual_aiv) {
          error(g.at, std::string("dual_aiv is ") + (*dual ? "true" : "false") +
                          " but aiv member '" + aiv->name + "' has dual_aiv " +
                          (aiv->dual_aiv ? "true" : "false"));
        }
      }
      if (aiv1_index) check_second_vector_lane(aiv1_field, owner, *aiv1_index, aiv_index,
                                               manifest.kernels);
      // One payload feeds every lane of a mixed task: each member takes the
      // first member's tensors and scalars.
      std::vector<GroupLane> lanes;
      if (aic_index) lanes.push_back({"aic", &aic_field, *aic_index});
      if (aiv_index) lanes.push_back({"aiv", &aiv_field, *aiv_index});
      if (aiv1_index) lanes.push_back({"aiv1", &aiv1_field, *aiv1_index});
      for (size_t i = 1; i < lanes.size(); ++i) {
        check_same_payload(owner, lanes[0], lanes[i], manifest.kernels);
      }
    }
  }

  void check_second_vector_lane(const JsonField& f, const std::string& owner, size_t aiv1,
                                std::optional<size_t> aiv,
                                const std::vector<ManifestKernel>& kernels) {
    const ManifestKernel& k = kernels[aiv1];
    if (aiv && *aiv == aiv1) {
      error(f.at, owner + ": aiv1 member '" + k.name + "' is also its aiv member; a kernel "
                          "that runs on both vector lanes is dual_aiv and listed once");
    } else if (kernel_facts_[aiv1].dual_aiv_valid && k.dual_aiv) {
      error(f.at, owner + ": aiv1 member '" + k.name + "' is dual_aiv and needs both "
                          "vector lanes");
    } else if (aiv && kernel_facts_[*aiv].dual_aiv_valid && kernels[*aiv].dual_aiv) {
      error(f.at, owner + ": aiv member '" + kernels[*aiv].name + "' is dual_aiv and "
                          "needs both vector lanes, so there is no lane for '" + k.name + "'");
    }
  }

  struct GroupLane {
    const char* lane;
    const JsonField* field;
    size_t kernel;
  };

  void check_same_payload(const std::string& owner, const GroupLane& first,
                          const GroupLane& member, const std::vector<ManifestKernel>& kernels) {
    const ManifestKernel& a = kernels[first.kernel];
    const ManifestKernel& b = kernels[member.kernel];
    const KernelFacts& a_facts = kernel_facts_[first.kernel];
    const KernelFacts& b_facts = kernel_facts_[member.kernel];
    std::string a_text = std::string(first.lane) + " member '" + a.name + "'";
    std::string b_text = owner + ": " + member.lane + " member '" + b.name + "'";
    if (a_facts.signature.entries_valid && b_facts.signature.entries_valid &&
        a.signature != b.signature) {
      error(member.field->at, b_text + " has signature " + signature_text(b.signature) +
                                  " but " + a_text + " has " + signature_text(a.signature));
    }
    if (a_facts.scalar_count_valid && b_facts.scalar_count_valid &&
        a.scalar_count != b.scalar_count) {
      error(member.field->at, b_text + " takes " + std::to_string(b.scalar_count) +
                                  " scalars but " + a_text + " takes " +
                                  std::to_string(a.scalar_count));
    }
  }

  // First kernel of each name.
  std::map<std::string_view, size_t> kernel_index_by_name_;
  std::vector<KernelFacts> kernel_facts_;               // by kernels index
};

}  // namespace

void read_manifest_document(const JsonDocument& document,
                            ProblemSink& problems, Manifest& manifest) {
  DocumentReader(document, problems).read(manifest);
}

}  // namespace taskc::abi
