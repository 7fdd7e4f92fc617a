// Name conversions of the ABI enums. The names are part of the manifest format
// (outputs.md §2), so they are spelled out here once and never derived.
#include "abi.h"

namespace taskc::abi {

const char* direction_name(ArgDirection d) {
  switch (d) {
    case ArgDirection::SCALAR:
      return "SCALAR";
    case ArgDirection::IN:
      return "IN";
    case ArgDirection::OUT:
      return "OUT";
    case ArgDirection::INOUT:
      return "INOUT";
  }
  // Reachable only through a cast of an out-of-range integer; callers print
  // the result, so it must still be a valid string.
  return "INVALID";
}

std::optional<ArgDirection> parse_direction(std::string_view name) {
  for (ArgDirection d : {ArgDirection::SCALAR, ArgDirection::IN,
                         ArgDirection::OUT, ArgDirection::INOUT}) {
    if (name == direction_name(d)) return d;
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
