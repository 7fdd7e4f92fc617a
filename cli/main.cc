// The taskc binary: wires the real disk and standard streams into run_taskc.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "command.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  taskc::RealDisk disk;
  taskc::CommandEnv env{disk, std::cin, std::cout, std::cerr,
                        ::isatty(STDERR_FILENO) == 1, std::getenv("NO_COLOR"),
                        std::getenv("TERM")};
  int code = taskc::run_taskc(argc, argv, env);
  std::cout.flush();
  return code;
}
