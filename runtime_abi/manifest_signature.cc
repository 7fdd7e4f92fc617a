// Signatures, params and their agreement; see manifest_signature.h.
#include "manifest_signature.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace taskc::abi {
namespace {

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
  if (doc_.kind(f.node) != JsonKind::kString) {
    error(f.at, "expected a direction string, got " + doc_.describe(f.node));
    return std::nullopt;
  }
  std::string_view value = doc_.string(f.node);
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

std::string SignatureOwner::text() const {
  if (name.empty()) return std::string("the ") + noun;
  return std::string(noun) + " '" + std::string(name) + "'";
}

SignatureFacts SignatureReader::read_signature(const JsonField& f,
                                               uint32_t max_entries,
                                               const char* owner_kind,
                                               std::vector<ArgDirection>& out) {
  SignatureFacts facts;
  facts.field = f;
  if (!array(f)) return facts;
  facts.present = true;
  facts.entries_valid = true;
  const uint32_t size = doc_.count(f.node);
  if (size > max_entries) {
    error(f.at, "signature has " + std::to_string(size) + " entries; " +
                    owner_kind + " takes at most " +
                    std::to_string(max_entries) + " tensor arguments");
    facts.entries_valid = false;
    facts.over_cap = true;
  }
  out.reserve(size);
  for (uint32_t entry : doc_.children(f.node)) {
    auto direction = tensor_direction(JsonField::of(entry));
    out.push_back(direction.value_or(ArgDirection::SCALAR));
    if (!direction) facts.entries_valid = false;
  }
  return facts;
}

void SignatureReader::read_shape(const JsonField& f,
                                 std::vector<ShapeExtent>& shape) {
  if (!array(f)) return;
  const uint32_t axes = doc_.count(f.node);
  if (axes == 0 || axes > Limits::kMaxTensorRank) {
    error(f.at, "shape has " + std::to_string(axes) +
                    " axes; a tensor has 1.." +
                    std::to_string(Limits::kMaxTensorRank));
  }
  shape.reserve(std::min<uint32_t>(axes, Limits::kMaxTensorRank));
  for (uint32_t node : doc_.children(f.node)) {
    JsonField axis = JsonField::of(node);
    const JsonKind kind = doc_.kind(node);
    if (kind == JsonKind::kString) {
      if (auto name = text(axis)) shape.emplace_back(std::string(*name));
    } else if (kind == JsonKind::kInteger) {
      // ChipTensor shapes are uint32.
      if (auto extent =
              integer(axis, 0, std::numeric_limits<uint32_t>::max())) {
        shape.emplace_back(*extent);
      }
    } else {
      error(axis.at, "expected an extent (an integer or a dim name), got " +
                         doc_.describe(node));
    }
  }
}

ParamFacts SignatureReader::read_params(const JsonField& f,
                                        std::vector<ManifestParam>& out) {
  ParamFacts facts;
  if (!array(f)) return facts;
  facts.counted = true;
  FirstSeen names;
  out.reserve(doc_.count(f.node));
  for (uint32_t node : doc_.children(f.node)) {
    ManifestParam param;
    ObjectFields fields(problems_, doc_, node,
                        {"name", "kind", "direction", "dtype", "shape"});
    if (!fields.is_object()) {
      facts.counted = false;
      out.push_back(std::move(param));
      continue;
    }
    if (JsonField g = fields.required("name")) {
      if (auto name = identifier(g)) {
        uint32_t first = names.record(*name, node);
        if (first != kNoNode) {
          error(g.at, "duplicate parameter name " + in_quotes(*name) +
                          " (first at " + doc_.pointer(first) + ")");
        }
        param.name = *name;
      }
    }
    std::optional<std::string_view> kind;
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
        if (auto direction = tensor_direction(g)) param.direction = *direction;
      }
      if (JsonField g = fields.required("shape")) read_shape(g, param.shape);
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
    out.push_back(std::move(param));
  }
  return facts;
}

void SignatureReader::check_signature_matches_params(
    const SignatureOwner& owner, const SignatureFacts& signature,
    const std::vector<ArgDirection>& entries, const ParamFacts& params,
    const JsonField& params_field, const std::vector<ManifestParam>& list) {
  if (!signature.present || !params.counted) return;
  if (entries.size() != params.tensor_count) {
    // A signature over the cap was reported; its length against the params
    // would be a second error for the same mistake.
    if (signature.over_cap) return;
    std::string tensors = owner.text() + " has " +
                          std::to_string(params.tensor_count) +
                          " tensor params but ";
    error(signature.field.at,
          entries.empty() ? tensors + "an empty signature"
                          : tensors + "a signature of " +
                                std::to_string(entries.size()) + " entries");
    return;
  }
  // Signature entry t against the t-th tensor param (p), walking both arrays
  // side by side: `list` and `entries` have one item per array element.
  uint32_t t = 0;
  uint32_t entry = signature.field.node + 1;
  uint32_t param = params_field.node + 1;
  for (size_t p = 0; p < list.size(); ++p, param = doc_.next(param)) {
    if (list[p].kind != ParamKind::TENSOR) continue;
    const ArgDirection listed = entries[t];
    const ArgDirection declared = list[p].direction;
    // SCALAR on either side: not a valid direction, reported already.
    if (listed != ArgDirection::SCALAR && declared != ArgDirection::SCALAR &&
        listed != declared) {
      error(JsonAt{entry}, std::string("signature says ") +
                               direction_name(listed) + " but tensor param " +
                               in_quotes(list[p].name) + " (" +
                               doc_.pointer(param) + ") is " +
                               direction_name(declared));
    }
    ++t;
    entry = doc_.next(entry);
  }
}

}  // namespace taskc::abi
