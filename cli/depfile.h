// Depfiles: the one-line Make rule "targets: prerequisites" that compile
// writes for GNU Make and ninja (Meson, CMake). Each path is written so that
// both read it back as the same path, or refused when one of them cannot.
#ifndef TASKC_CLI_DEPFILE_H
#define TASKC_CLI_DEPFILE_H

#include <optional>
#include <string>
#include <vector>

namespace taskc {

// The rule, or nullopt (with `error` naming the path and why) when a path
// cannot be written.
std::optional<std::string> make_depfile(const std::vector<std::string>& targets,
                                        const std::vector<std::string>& prerequisites,
                                        std::string* error);

}  // namespace taskc

#endif  // TASKC_CLI_DEPFILE_H
