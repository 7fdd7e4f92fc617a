#include "direction.h"

#include <cstddef>

namespace taskc {

namespace {

struct DirectionSpelling {
  const char* keyword;
  const char* name;
  PayloadMethod method;
};

// Indexed by Direction. A tensor written without a direction is `in`.
constexpr DirectionSpelling kDirections[] = {
    {"", "IN", PayloadMethod::kInput},
    {"in", "IN", PayloadMethod::kInput},
    {"out", "OUT", PayloadMethod::kOutput},
    {"inout", "INOUT", PayloadMethod::kInOut},
};

constexpr const char* kMethodNames[] = {"add_input", "add_output", "add_inout",
                                        "add_no_dep"};

}  // namespace

const char* direction_keyword(Direction d) {
  return kDirections[static_cast<size_t>(d)].keyword;
}

const char* direction_name(Direction d) { return kDirections[static_cast<size_t>(d)].name; }

PayloadMethod payload_method(Direction d) {
  return kDirections[static_cast<size_t>(d)].method;
}

const char* payload_method_name(PayloadMethod m) {
  return kMethodNames[static_cast<size_t>(m)];
}

bool method_matches(PayloadMethod m, Direction d) {
  return m == PayloadMethod::kNoDep || m == payload_method(d);
}

}  // namespace taskc
