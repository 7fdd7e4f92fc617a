// Signatures and parameter lists, and the check of one against the other:
// the part of the manifest that a callable's sig_count comes from. Internal to
// the loader (used by manifest_reader.cc).
#ifndef TASKC_RUNTIME_ABI_MANIFEST_SIGNATURE_H
#define TASKC_RUNTIME_ABI_MANIFEST_SIGNATURE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json_fields.h"
#include "manifest_loader.h"

namespace taskc::abi {

// What reading a params array established, for the cross-checks. A tensor
// param's direction is known when its ManifestParam has one (not SCALAR).
struct ParamFacts {
  bool counted = false;  // every kind is known, so the counts are exact
  size_t tensor_count = 0;
  size_t scalar_count = 0;
};

struct SignatureFacts {
  bool present = false;
  bool entries_valid = false;  // every entry a tensor direction, within the cap
  bool over_cap = false;       // more entries than the cap (already reported)
  JsonField field;
};

// Who a message is about: "kernel 'k'", or "the kernel" when its name is not
// valid, or "the orchestration". Worded only when there is a message.
struct SignatureOwner {
  const char* noun;
  std::string_view name;
  std::string text() const;
};

class SignatureReader : public JsonValueReader {
 public:
  using JsonValueReader::JsonValueReader;

  // IN, OUT or INOUT: the directions a tensor argument can have.
  std::optional<ArgDirection> tensor_direction(const JsonField& f);
  // Fills `out` with one entry per position, SCALAR where an entry is not a
  // tensor direction (then entries_valid is false). `owner_kind` ("a
  // kernel") words the message about `max_entries`.
  SignatureFacts read_signature(const JsonField& f, uint32_t max_entries,
                                const char* owner_kind,
                                std::vector<ArgDirection>& out);
  ParamFacts read_params(const JsonField& f, std::vector<ManifestParam>& out);

  // The signature is the tensor params' directions in order: the invariant
  // that makes every task of a kernel carry sig_count tensors.
  void check_signature_matches_params(const SignatureOwner& owner,
                                      const SignatureFacts& signature,
                                      const std::vector<ArgDirection>& entries,
                                      const ParamFacts& params,
                                      const JsonField& params_field,
                                      const std::vector<ManifestParam>& list);

 private:
  void read_shape(const JsonField& f, std::vector<ShapeExtent>& shape);
};

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_MANIFEST_SIGNATURE_H
