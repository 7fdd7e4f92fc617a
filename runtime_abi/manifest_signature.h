// Signatures and parameter lists, and the check of one against the other:
// the part of the manifest that a callable's sig_count comes from. Internal to
// the loader (used by manifest_reader.cc).
#ifndef TASKC_RUNTIME_ABI_MANIFEST_SIGNATURE_H
#define TASKC_RUNTIME_ABI_MANIFEST_SIGNATURE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "json_fields.h"
#include "manifest_loader.h"

namespace taskc::abi {

// What reading a params array established, for the cross-checks.
struct ParamFacts {
  bool counted = false;  // every kind is known, so the counts are exact
  size_t tensor_count = 0;
  size_t scalar_count = 0;
  std::vector<uint32_t> tensor_param_index;  // params index of each tensor
  std::vector<bool> direction_known;         // per params index
};

struct SignatureFacts {
  bool present = false;
  bool entries_valid = false;
  JsonField field;
  std::vector<ArgDirection> entries;  // valid ones; exact when entries_valid
  std::vector<std::optional<ArgDirection>> by_position;
};

class SignatureReader : public JsonValueReader {
 public:
  using JsonValueReader::JsonValueReader;

  // IN, OUT or INOUT: the directions a tensor argument can have.
  std::optional<ArgDirection> tensor_direction(const JsonField& f);
  // `owner_kind` ("a kernel") words the message about `max_entries`.
  SignatureFacts read_signature(const JsonField& f, uint32_t max_entries,
                                const char* owner_kind);
  ParamFacts read_params(const JsonField& f, std::vector<ManifestParam>& out);

  // The signature is the tensor params' directions in order: the invariant
  // that makes every task of a kernel carry sig_count tensors. `owner`
  // ("kernel 'k'") starts the messages.
  void check_signature_matches_params(const std::string& owner,
                                      const SignatureFacts& signature,
                                      const ParamFacts& params,
                                      const JsonField& params_field,
                                      const std::vector<ManifestParam>& list);

 private:
  void read_shape(const JsonField& f, std::vector<ShapeExtent>& shape);
};

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_MANIFEST_SIGNATURE_H
