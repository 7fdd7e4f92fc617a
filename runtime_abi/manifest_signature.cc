// Signatures, params and their agreement; see manifest_signature.h.
#include "manifest_signature.h"

#include <limits>
#include <map>
#include <utility>

namespace taskc::abi {
namespace {

using Json = nlohmann::ordered_json;

// The runtime's DataType names (outputs.md §1).
const std::vector<std::string_view>& dtype_names() {
  static const std::vector<std::string_view> names = {
      "FLOAT32", "FLOAT16",  "INT32",     "INT16",   "INT8",
      "UINT8",   "BFLOAT16", "INT64",     "UINT64",  "UINT16",
      "UINT32",  "BOOL",     "FP8E4M3FN", "FP8E8M0", "FP4E2M1"};
  return names;
}

}  // namespace

std::optional<ArgDirection> SignatureReader::tensor_direction(
    const JsonField& f) {
  if (!f.value->is_string()) {
    error(f.at,
          "expected a direction string, got " + describe_json_value(*f.value));
    return std::nullopt;
  }
  const auto& value = f.value->get_ref<const std::string&>();
  auto direction = parse_direction(value);
  if (!direction) {
    error(f.at, "unknown direction " + in_quotes(value) +
                    " (expected IN, OUT or INOUT)");
    return std::nullopt;
  }
  if (*direction == ArgDirection::SCALAR) {
    error(f.at,
          "SCALAR is not a tensor direction: scalars are counted by "
          "scalar_count, never listed in a signature");
    return std::nullopt;
  }
  return direction;
}

SignatureFacts SignatureReader::read_signature(const JsonField& f,
                                               uint32_t max_entries,
                                               const char* owner_kind) {
  SignatureFacts facts;
  facts.at = f.at;
  const Json::array_t* entries = array(f);
  if (entries == nullptr) return facts;
  facts.present = true;
  facts.entries_valid = true;
  if (entries->size() > max_entries) {
    error(f.at, "signature has " + std::to_string(entries->size()) +
                    " entries; " + owner_kind + " takes at most " +
                    std::to_string(max_entries) + " tensor arguments");
    facts.entries_valid = false;
  }
  for (size_t i = 0; i < entries->size(); ++i) {
    auto direction =
        tensor_direction(JsonField{&(*entries)[i], f.at.element(i)});
    facts.by_position.push_back(direction);
    if (direction) {
      facts.entries.push_back(*direction);
    } else {
      facts.entries_valid = false;
    }
  }
  return facts;
}

void SignatureReader::read_shape(const JsonField& f,
                                 std::vector<ShapeExtent>& shape) {
  const Json::array_t* axes_array = array(f);
  if (axes_array == nullptr) return;
  const Json::array_t& axes = *axes_array;
  if (axes.empty() || axes.size() > Limits::kMaxTensorRank) {
    error(f.at, "shape has " + std::to_string(axes.size()) +
                    " axes; a tensor has 1.." +
                    std::to_string(Limits::kMaxTensorRank));
  }
  for (size_t i = 0; i < axes.size(); ++i) {
    JsonField axis{&axes[i], f.at.element(i)};
    if (axis.value->is_string()) {
      if (auto name = text(axis)) shape.emplace_back(*name);
    } else if (axis.value->is_number_integer()) {
      // ChipTensor shapes are uint32.
      if (auto extent =
              integer(axis, 0, std::numeric_limits<uint32_t>::max())) {
        shape.emplace_back(*extent);
      }
    } else {
      error(axis.at, "expected an extent (an integer or a dim name), got " +
                         describe_json_value(*axis.value));
    }
  }
}

ParamFacts SignatureReader::read_params(const JsonField& f,
                                        std::vector<ManifestParam>& out) {
  ParamFacts facts;
  const Json::array_t* params = array(f);
  if (params == nullptr) return facts;
  facts.counted = true;
  std::map<std::string, size_t> first_index_of_name;
  for (size_t i = 0; i < params->size(); ++i) {
    JsonLocation param_at = f.at.element(i);
    ManifestParam param;
    bool direction_known = false;
    ObjectFields fields(problems_, (*params)[i], param_at,
                        {"name", "kind", "direction", "dtype", "shape"});
    if (!fields.is_object()) {
      facts.counted = false;
      out.push_back(std::move(param));
      facts.direction_known.push_back(false);
      continue;
    }
    if (JsonField g = fields.required("name")) {
      if (auto name = identifier(g)) {
        auto [first, inserted] = first_index_of_name.emplace(*name, i);
        if (!inserted) {
          error(g.at, "duplicate parameter name " + in_quotes(*name) +
                          " (first at " + f.at.element(first->second).pointer +
                          ")");
        }
        param.name = *name;
      }
    }
    std::optional<std::string> kind;
    if (JsonField g = fields.required("kind"))
      kind = one_of(g, {"tensor", "scalar"}, "kind");
    if (JsonField g = fields.required("dtype")) {
      param.dtype = one_of(g, dtype_names(), "dtype").value_or("");
    }
    if (!kind) {
      facts.counted = false;
    } else if (*kind == "tensor") {
      param.kind = ParamKind::TENSOR;
      if (JsonField g = fields.required("direction")) {
        if (auto direction = tensor_direction(g)) {
          param.direction = *direction;
          direction_known = true;
        }
      }
      if (JsonField g = fields.required("shape")) read_shape(g, param.shape);
      facts.tensor_param_index.push_back(i);
      ++facts.tensor_count;
    } else {
      param.kind = ParamKind::SCALAR;
      param.direction = ArgDirection::SCALAR;
      if (JsonField g = fields.present("direction")) {
        error(g.at, "a scalar param has no direction");
      }
      if (JsonField g = fields.present("shape")) {
        error(g.at, "a scalar param has no shape");
      }
      ++facts.scalar_count;
    }
    facts.direction_known.push_back(direction_known);
    out.push_back(std::move(param));
  }
  return facts;
}

void SignatureReader::check_signature_matches_params(
    const std::string& owner, const SignatureFacts& signature,
    const ParamFacts& params, const JsonField& params_field,
    const std::vector<ManifestParam>& list) {
  if (!signature.present || !params.counted) return;
  size_t entries = signature.by_position.size();
  if (entries != params.tensor_count) {
    std::string tensors = owner + " has " +
                          std::to_string(params.tensor_count) +
                          " tensor params but ";
    error(signature.at, entries == 0
                            ? tensors + "an empty signature"
                            : tensors + "a signature of " +
                                  std::to_string(entries) + " entries");
    return;
  }
  for (size_t t = 0; t < entries; ++t) {
    size_t p = params.tensor_param_index[t];
    if (!signature.by_position[t] || !params.direction_known[p]) continue;
    ArgDirection declared = list[p].direction;
    if (*signature.by_position[t] != declared) {
      error(signature.at.element(t),
            std::string("signature says ") +
                direction_name(*signature.by_position[t]) +
                " but tensor param " + in_quotes(list[p].name) + " (" +
                params_field.at.element(p).pointer + ") is " +
                direction_name(declared));
    }
  }
}

}  // namespace taskc::abi
