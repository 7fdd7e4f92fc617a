#include "progress_line.h"

#include <cstring>
#include <ostream>
#include <utility>

namespace taskc {

namespace {
constexpr const char* kEraseToEnd = "\x1b[K";
}  // namespace

ProgressLine::ProgressLine(std::ostream& err, std::string subject)
    : err_(err), subject_(std::move(subject)) {}

bool ProgressLine::is_supported(const CommandEnv& env) {
  return env.stderr_is_tty &&
         !(env.term != nullptr && std::strcmp(env.term, "dumb") == 0);
}

void ProgressLine::update(const host::RunProgress& progress) {
  err_ << "\rtaskc: running " << subject_ << ": " << progress.tasks_finished
       << " of " << progress.tasks_submitted << " tasks done" << kEraseToEnd
       << std::flush;
  shown_ = true;
}

void ProgressLine::clear() {
  if (!shown_) return;
  err_ << "\r" << kEraseToEnd << std::flush;
  shown_ = false;
}

}  // namespace taskc
