#include "call_site.h"

namespace taskc::host {

std::string site_label(uint32_t number, const CallSite& site) {
  return "task " + std::to_string(number) + " (" + site.callee + ", " + site.file +
         ":" + std::to_string(site.line) + ")";
}

}  // namespace taskc::host
