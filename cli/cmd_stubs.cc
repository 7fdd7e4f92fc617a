// Commands whose implementation lands with later issues.
#include "command.h"

namespace taskc {
void register_manifest(CLI::App&, CommandRunner*) {}
}  // namespace taskc
