// The one-line progress display of a long `taskc run` on a terminal: "tasks
// done of those submitted so far", rewritten in place with a carriage return
// and erased before anything else is printed.
#ifndef TASKC_CLI_PROGRESS_LINE_H
#define TASKC_CLI_PROGRESS_LINE_H

#include <iosfwd>
#include <string>

#include "command.h"
#include "host_runtime.h"

namespace taskc {

class ProgressLine {
 public:
  // `subject` is printed as given (the caller makes it printable).
  ProgressLine(std::ostream& err, std::string subject);

  // Whether `env`'s stderr can show it: a terminal that is not "dumb".
  static bool is_supported(const CommandEnv& env);

  // Rewrites the line. Called from the runtime's progress thread while the
  // main thread waits for the run, so the two never write at once.
  void update(const host::RunProgress& progress);
  // Erases the line if one was shown.
  void clear();

 private:
  std::ostream& err_;
  const std::string subject_;
  bool shown_ = false;
};

}  // namespace taskc

#endif  // TASKC_CLI_PROGRESS_LINE_H
