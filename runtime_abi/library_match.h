// Whether an orchestration library was generated with the manifest it is
// run with. taskc writes the same fingerprint into both (the manifest's
// `fingerprint`, the library's `taskc_manifest_fingerprint`); a difference
// means one of the two files is stale, or they belong to different
// programs, and running them together would dispatch the wrong kernels.
#ifndef TASKC_RUNTIME_ABI_LIBRARY_MATCH_H
#define TASKC_RUNTIME_ABI_LIBRARY_MATCH_H

#include <string>

namespace taskc::host {

// Which of the two files was modified earlier.
enum class OlderFile { kUnknown, kLibrary, kManifest };

OlderFile older_file(const std::string& library_path,
                     const std::string& manifest_path);

// "" when the fingerprints are equal; otherwise one line that says which
// file is stale: different modules (different programs), else the older
// file of the two (`older`), else both.
std::string fingerprint_mismatch(const std::string& library_path,
                                 const std::string& library_fingerprint,
                                 const std::string& manifest_path,
                                 const std::string& manifest_fingerprint,
                                 OlderFile older);

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_LIBRARY_MATCH_H
