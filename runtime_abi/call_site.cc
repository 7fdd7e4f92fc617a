#include "call_site.h"

#include "json_document.h"

namespace taskc::host {

std::string site_label(uint32_t number, const CallSite& site) {
  return "task " + std::to_string(number) + " (" + abi::printable_excerpt(site.callee) + ", " +
         abi::printable_excerpt(site.file, 256) + ":" + std::to_string(site.line) + ")";
}

std::string argument_spelling(const CallSite* site, uint32_t slot) {
  if (site == nullptr || slot >= site->tensors.size()) return "";
  return " ('" + abi::printable_excerpt(site->tensors[slot], 80) + "')";
}

}  // namespace taskc::host
