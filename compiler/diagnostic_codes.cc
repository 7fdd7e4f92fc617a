#include "diagnostic_codes.h"

namespace taskc {

namespace {

constexpr ErrorCodeInfo kErrors[] = {
#define TASKC_ERROR_INFO(code, title) {#code, title},
    TASKC_ERROR_CODES(TASKC_ERROR_INFO)
#undef TASKC_ERROR_INFO
};

constexpr WarningInfo kWarnings[] = {
#define TASKC_WARNING_INFO(id, name, on, title) {name, on, title},
    TASKC_WARNINGS(TASKC_WARNING_INFO)
#undef TASKC_WARNING_INFO
};

constexpr Warning kWarningList[] = {
#define TASKC_WARNING_ID(id, name, on, title) Warning::id,
    TASKC_WARNINGS(TASKC_WARNING_ID)
#undef TASKC_WARNING_ID
};

}  // namespace

const ErrorCodeInfo& error_code_info(ErrorCode c) {
  return kErrors[static_cast<size_t>(c)];
}

const WarningInfo& warning_info(Warning w) { return kWarnings[static_cast<size_t>(w)]; }

std::optional<Warning> find_warning(std::string_view name) {
  for (Warning w : kWarningList) {
    if (name == warning_info(w).name) return w;
  }
  return std::nullopt;
}

const Warning* warnings_begin() { return std::begin(kWarningList); }
const Warning* warnings_end() { return std::end(kWarningList); }

}  // namespace taskc
