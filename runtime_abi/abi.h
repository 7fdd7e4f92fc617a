// ABI types shared by the manifest loader, the host runtime and their users:
// argument directions, the limits of the target profile, and callables whose
// signature length is fixed when they are built.
#ifndef TASKC_RUNTIME_ABI_ABI_H
#define TASKC_RUNTIME_ABI_ABI_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace taskc::abi {

enum class ArgDirection : int32_t { SCALAR = 0, IN = 1, OUT = 2, INOUT = 3 };

// "IN", "OUT", "INOUT", "SCALAR".
const char* direction_name(ArgDirection d);
// Inverse of direction_name; nullopt for anything else (case-sensitive).
std::optional<ArgDirection> parse_direction(std::string_view name);

// Limits of the a2a3 / a5 profiles (identical today).
struct Limits {
  static constexpr uint32_t kCoreMaxTensorArgs = 32;
  static constexpr uint32_t kCoreMaxScalarArgs = 16;
  static constexpr uint32_t kChipMaxTensorArgs = 256;
  static constexpr uint32_t kChipMaxScalarArgs = 128;
  static constexpr uint32_t kMaxTensorRank = 5;
  static constexpr uint32_t kMaxChildCallables = 1024;
};

enum class CoreType : int32_t { AIC = 0, AIV = 1, CHIP = 2 };
const char* core_type_name(CoreType t);  // "aic", "aiv", "chip"
// Inverse of core_type_name; nullopt for anything else (case-sensitive).
std::optional<CoreType> parse_core_type(std::string_view name);

// A host entry point: kernels take the task's argument words
// (ChipTensor addresses, then raw scalars).
using HostEntry = void (*)(int64_t* args);

template <uint32_t MaxSig>
class Callable;

// The only way to build a Callable. Throws std::invalid_argument when the
// signature is longer than MaxSig (naming both counts) or holds SCALAR.
template <uint32_t MaxSig>
Callable<MaxSig> make_callable(const std::vector<ArgDirection>& signature,
                               int32_t func_id, std::string name,
                               CoreType core_type, uint32_t scalar_count = 0,
                               bool dual_aiv = false,
                               HostEntry entry = nullptr);

template <uint32_t MaxSig>
class Callable {
 public:
  static constexpr uint32_t kMaxSig = MaxSig;

  int32_t func_id() const { return func_id_; }
  const std::string& name() const { return name_; }
  CoreType core_type() const { return core_type_; }
  uint32_t sig_count() const { return sig_count_; }
  ArgDirection signature(uint32_t i) const { return signature_[i]; }
  const ArgDirection* signature_data() const { return signature_; }
  uint32_t scalar_count() const { return scalar_count_; }
  bool dual_aiv() const { return dual_aiv_; }
  HostEntry entry() const { return entry_; }
  void set_entry(HostEntry e) { entry_ = e; }

 private:
  template <uint32_t M>
  friend Callable<M> make_callable(const std::vector<ArgDirection>&, int32_t,
                                   std::string, CoreType, uint32_t, bool,
                                   HostEntry);
  Callable() = default;

  int32_t func_id_ = -1;
  std::string name_;
  CoreType core_type_ = CoreType::AIV;
  ArgDirection signature_[MaxSig] = {};
  uint32_t sig_count_ = 0;
  uint32_t scalar_count_ = 0;
  bool dual_aiv_ = false;
  HostEntry entry_ = nullptr;
};

using CoreCallable = Callable<Limits::kCoreMaxTensorArgs>;

template <uint32_t MaxSig>
Callable<MaxSig> make_callable(const std::vector<ArgDirection>& signature,
                               int32_t func_id, std::string name,
                               CoreType core_type, uint32_t scalar_count,
                               bool dual_aiv, HostEntry entry) {
  if (signature.size() > MaxSig) {
    throw std::invalid_argument(
        "callable '" + name + "': signature has " +
        std::to_string(signature.size()) + " entries but at most " +
        std::to_string(MaxSig) + " are allowed");
  }
  Callable<MaxSig> c;
  for (size_t i = 0; i < signature.size(); ++i) {
    if (signature[i] == ArgDirection::SCALAR) {
      throw std::invalid_argument("callable '" + name + "': signature entry " +
                                  std::to_string(i) +
                                  " is SCALAR; scalars are not part of a "
                                  "signature");
    }
    c.signature_[i] = signature[i];
  }
  c.sig_count_ = static_cast<uint32_t>(signature.size());
  c.func_id_ = func_id;
  c.name_ = std::move(name);
  c.core_type_ = core_type;
  c.scalar_count_ = scalar_count;
  c.dual_aiv_ = dual_aiv;
  c.entry_ = entry;
  return c;
}

// The orchestration callable and its children, indexed by func_id.
struct ChipCallable {
  Callable<Limits::kChipMaxTensorArgs> orchestration =
      make_callable<Limits::kChipMaxTensorArgs>({}, -1, "", CoreType::CHIP);
  uint32_t expected_arg_count = 0;
  std::vector<CoreCallable> children;

  // nullptr when func_id is not registered.
  const CoreCallable* child(int32_t func_id) const {
    if (func_id < 0 || static_cast<size_t>(func_id) >= children.size()) {
      return nullptr;
    }
    return &children[static_cast<size_t>(func_id)];
  }
};

}  // namespace taskc::abi

#endif  // TASKC_RUNTIME_ABI_ABI_H
