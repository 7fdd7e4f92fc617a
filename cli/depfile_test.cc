// Depfile escaping: what is escaped for GNU Make and ninja, what is refused.
// (tests/depfile_check.py reads the results back with a real make and ninja.)
#include <catch2/catch.hpp>

#include "depfile.h"

namespace taskc {
namespace {

std::string rule(const std::string& target, const std::string& prerequisite) {
  std::string error;
  auto text = make_depfile({target}, {prerequisite}, &error);
  return text ? *text : "refused: " + error;
}

TEST_CASE("spaces, '#', ':' and '$' are escaped; '%' in targets", "[depfile]") {
  CHECK(rule("out dir/a.cpp", "my dir/v#1$.kir") == "out\\ dir/a.cpp: my\\ dir/v\\#1$$.kir\n");
  CHECK(rule("a:b.cpp", "c:d.kir") == "a\\:b.cpp: c\\:d.kir\n");
  CHECK(rule("50%.cpp", "50%.kir") == "50\\%.cpp: 50%.kir\n");
  std::string error;
  CHECK(*make_depfile({"a.cpp", "b.json"}, {}, &error) == "a.cpp b.json:\n");
}

TEST_CASE("what make or ninja would misread is refused", "[depfile]") {
  struct Case {
    const char* path;
    const char* why;
  };
  const Case cases[] = {
      {"a=b.kir", "'='"},
      {"~/m.kir", "'~'"},
      {"~root", "'~'"},
      {"./~x.kir", "'~'"},
      {"lib(m.kir)", "archive member"},
      {"(m.kir", "archive member"},
      {"a[12].kir", "wildcard"},
      {"a[1\\.kir", "wildcard"},
      {"a*.kir", "ninja ends a path"},
      {"a?.kir", "ninja ends a path"},
      {"a|b", "ninja ends a path"},
      {"a\nb", "line break"},
      {"a\tb", "control character"},
      {"a\\ b", "backslash"},
      {"a\\", "backslash"},
      {"a\\$b", "backslash"},
      {"a\\%b", "backslash"},
      {"drive:", "ends with ':'"},
  };
  for (const Case& c : cases) {
    INFO(c.path);
    const std::string as_prerequisite = rule("out.cpp", c.path);
    CHECK(as_prerequisite.find("refused: ") == 0);
    CHECK(as_prerequisite.find(c.why) != std::string::npos);
    CHECK(rule(c.path, "in.kir").find("refused: ") == 0);
  }
  CHECK(rule("out.cpp", "-lm").find("library") != std::string::npos);
  CHECK(rule(".PHONY", "in.kir").find("special make target") != std::string::npos);
  // Harmless look-alikes stay allowed.
  CHECK(rule("out.cpp", "model (1).kir") == "out.cpp: model\\ (1).kir\n");
  CHECK(rule("out.cpp", "a~b[.kir") == "out.cpp: a~b[.kir\n");
  CHECK(rule("out.cpp", "x/-lm") == "out.cpp: x/-lm\n");
  CHECK(rule(".phony.cpp", "in.kir") == ".phony.cpp: in.kir\n");
  CHECK(rule("out.cpp", "a\\b.kir") == "out.cpp: a\\b.kir\n");
}

}  // namespace
}  // namespace taskc
