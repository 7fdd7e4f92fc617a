// Name conversions of the ABI enums. The names are part of the manifest format
// (outputs.md §2), so they are spelled out here once and never derived.
#include "abi.h"

#include <iterator>

namespace taskc::abi {

namespace {

// Indexed by the enum's value.
constexpr std::string_view kDirectionNames[] = {"SCALAR", "IN", "OUT",
                                                "INOUT"};

}  // namespace

const char* direction_name(ArgDirection d) {
  const auto index = static_cast<size_t>(d);
  // Out of range only through a cast of another integer; callers print the
  // result, so it must still be a valid string.
  if (index >= std::size(kDirectionNames)) return "INVALID";
  return kDirectionNames[index].data();
}

std::optional<ArgDirection> parse_direction(std::string_view name) {
  // The loader parses one per signature entry and tensor param.
  for (size_t i = 0; i < std::size(kDirectionNames); ++i) {
    if (name == kDirectionNames[i]) return static_cast<ArgDirection>(i);
  }
  return std::nullopt;
}

const char* core_type_name(CoreType t) {
  switch (t) {
    case CoreType::AIC:
      return "aic";
    case CoreType::AIV:
      return "aiv";
    case CoreType::CHIP:
      return "chip";
  }
  return "invalid";
}

std::optional<CoreType> parse_core_type(std::string_view name) {
  for (CoreType t : {CoreType::AIC, CoreType::AIV, CoreType::CHIP}) {
    if (name == core_type_name(t)) return t;
  }
  return std::nullopt;
}

}  // namespace taskc::abi
