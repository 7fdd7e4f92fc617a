#include "progress_line.h"

#include <catch2/catch.hpp>

#include <sstream>

#include "disk.h"

using namespace taskc;

TEST_CASE("progress line: rewritten in place, erased only once shown") {
  std::ostringstream err;
  ProgressLine line(err, "vector_example");
  line.clear();
  CHECK(err.str().empty());  // a fast run leaves no trace
  line.update({5, 2});
  line.update({9, 9});
  CHECK(err.str() ==
        "\rtaskc: running vector_example: 2 of 5 tasks done\x1b[K"
        "\rtaskc: running vector_example: 9 of 9 tasks done\x1b[K");
  err.str("");
  line.clear();
  CHECK(err.str() == "\r\x1b[K");
  err.str("");
  line.clear();
  CHECK(err.str().empty());
}

TEST_CASE("progress line: only on a terminal that is not dumb") {
  VirtualDisk disk;
  std::istringstream in;
  std::ostringstream out, err;
  CommandEnv env{disk, in, out, err};
  CHECK_FALSE(ProgressLine::is_supported(env));
  env.stderr_is_tty = true;
  CHECK(ProgressLine::is_supported(env));
  env.term = "xterm-256color";
  CHECK(ProgressLine::is_supported(env));
  env.term = "dumb";
  CHECK_FALSE(ProgressLine::is_supported(env));
}
