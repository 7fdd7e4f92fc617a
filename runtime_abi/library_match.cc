#include "library_match.h"

#include <filesystem>

namespace taskc::host {

namespace {

// "<module>:<hash>" -> "<module>"; the whole text when it has no ':'.
std::string module_of(const std::string& fingerprint) {
  return fingerprint.substr(0, fingerprint.rfind(':'));
}

}  // namespace

OlderFile older_file(const std::string& library_path,
                     const std::string& manifest_path) {
  std::error_code library_error, manifest_error;
  const auto library = std::filesystem::last_write_time(library_path, library_error);
  const auto manifest = std::filesystem::last_write_time(manifest_path, manifest_error);
  if (library_error || manifest_error || library == manifest) return OlderFile::kUnknown;
  return library < manifest ? OlderFile::kLibrary : OlderFile::kManifest;
}

std::string fingerprint_mismatch(const std::string& library_path,
                                 const std::string& library_fingerprint,
                                 const std::string& manifest_path,
                                 const std::string& manifest_fingerprint,
                                 OlderFile older) {
  if (library_fingerprint == manifest_fingerprint) return "";
  const std::string library = "orchestration library '" + library_path + "'";
  const std::string manifest = "manifest '" + manifest_path + "'";
  const std::string library_module = module_of(library_fingerprint);
  const std::string manifest_module = module_of(manifest_fingerprint);
  if (library_module != manifest_module) {
    return library + " was generated from module '" + library_module + "' but " +
           manifest + " describes module '" + manifest_module +
           "': they belong to different programs";
  }
  const std::string what = " (fingerprints " + library_fingerprint + " and " +
                           manifest_fingerprint + ")";
  switch (older) {
    case OlderFile::kLibrary:
      return library + " is stale: it was built from another compile of module '" +
             library_module + "' than " + manifest + what +
             "; rebuild it from the generated C++";
    case OlderFile::kManifest:
      return manifest + " is stale: it was written by another compile of module '" +
             library_module + "' than " + library + what +
             "; use the manifest of the same taskc compile";
    case OlderFile::kUnknown:
      break;
  }
  return library + " and " + manifest + " come from different compiles of module '" +
         library_module + "'" + what + "; rebuild both from the same compile";
}

}  // namespace taskc::host
