// The taskc binary: wires the real disk and standard streams into run_taskc.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "command.h"

int main(int argc, char** argv) {
  // In a pipe whose reader has gone (`taskc dump list DIR | head`), end
  // quietly as other Unix tools do, even when the parent ignored SIGPIPE.
  ::signal(SIGPIPE, SIG_DFL);
  std::ios::sync_with_stdio(false);
  taskc::RealDisk disk;
  taskc::CommandEnv env{disk, std::cin, std::cout, std::cerr,
                        ::isatty(STDERR_FILENO) == 1, std::getenv("NO_COLOR"),
                        std::getenv("TERM")};
  int code = taskc::run_taskc(argc, argv, env);
  std::cout.flush();
  if (!std::cout && code == taskc::kExitOk) {
    std::cerr << "taskc: error: cannot write to standard output\n";
    return taskc::kExitIo;
  }
  return code;
}
