// A broken compiler invariant (a bug in taskc, not in the input). The CLI
// reports it as an internal error (exit code 4) and asks for a bug report.
#ifndef TASKC_COMPILER_INTERNAL_ERROR_H
#define TASKC_COMPILER_INTERNAL_ERROR_H

#include <stdexcept>
#include <string>

namespace taskc {

class InternalError : public std::logic_error {
 public:
  explicit InternalError(const std::string& what) : std::logic_error(what) {}
};

}  // namespace taskc

#endif  // TASKC_COMPILER_INTERNAL_ERROR_H
