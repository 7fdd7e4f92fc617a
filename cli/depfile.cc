#include "depfile.h"

#include <cstring>

#include "diagnostics.h"

namespace taskc {

namespace {

enum class Role { kTarget, kPrerequisite };

// GNU make strips leading "./" before it looks at a name's start.
size_t start_after_dot_slash(const std::string& path) {
  size_t start = 0;
  while (path.compare(start, 2, "./") == 0 && path.size() > start + 2) {
    start += 2;
    while (start < path.size() && path[start] == '/') ++start;
  }
  return start;
}

// ".PHONY", ".SUFFIXES", ...: make gives a target named like this a meaning.
bool looks_like_special_target(const std::string& path) {
  if (path.size() < 2 || path[0] != '.') return false;
  for (size_t i = 1; i < path.size(); ++i) {
    if (!(path[i] >= 'A' && path[i] <= 'Z') && path[i] != '_') return false;
  }
  return true;
}

// Why `path` cannot be written so that GNU make and ninja both read it back
// as `path`, or nullptr. Both read "\ ", "\#", "\:" and "$$" as the character
// and keep other backslashes; make also reads "\%" in a target as '%'.
const char* depfile_problem(const std::string& path, Role role) {
  const size_t start = start_after_dot_slash(path);
  if (path[start] == '~') return "it starts with '~', which make expands to a home directory";
  if (role == Role::kPrerequisite && path.compare(start, 2, "-l") == 0) {
    return "it starts with '-l', for which make searches a library";
  }
  if (role == Role::kTarget && looks_like_special_target(path)) {
    return "it is named like a special make target";
  }
  const size_t paren = path.find('(');
  if (paren != std::string::npos &&
      (path.back() == ')' || path.find(')', paren) == std::string::npos)) {
    return "it has a '(' with a final ')' or with no ')' after it, which make "
           "reads as an archive member";
  }
  const size_t bracket = path.find('[');
  if (bracket != std::string::npos &&
      (path.find(']', bracket) != std::string::npos ||
       path.find('\\') != std::string::npos)) {
    return "it has a '[' with a ']' after it or with a backslash, which make "
           "expands as a wildcard";
  }
  if (path.back() == ':') return "it ends with ':', where ninja would keep the backslash";
  for (size_t i = 0; i < path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    char next = i + 1 < path.size() ? path[i + 1] : '\0';
    if (c == '\n' || c == '\r' || c == '\0') return "it has a line break";
    if (c < 0x20 || c == 0x7f) return "it has a control character";
    if (std::strchr("\"'&*;<>?^`|", c) != nullptr) {
      return "it has one of \"'&*;<>?^`|, where ninja ends a path";
    }
    if (c == '=') return "it has a '=', which make reads as a variable assignment";
    if (c == '\\' && (next == '\0' || std::strchr(" #:$%", next) != nullptr)) {
      return "it has a backslash before a space, '#', ':', '$', '%' or its end";
    }
  }
  return nullptr;
}

std::optional<std::string> escape_path(const std::string& path, Role role,
                                       std::string* error) {
  if (path.empty()) {
    *error = "cannot write a depfile: a path is empty";
    return std::nullopt;
  }
  if (const char* why = depfile_problem(path, role)) {
    *error = "cannot write a depfile: make or ninja would misread the path '" +
             printable(path) + "': " + why;
    return std::nullopt;
  }
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#' || c == ':') out += '\\';
    if (c == '%' && role == Role::kTarget) out += '\\';  // else a pattern rule
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

}  // namespace

std::optional<std::string> make_depfile(const std::vector<std::string>& targets,
                                        const std::vector<std::string>& prerequisites,
                                        std::string* error) {
  std::string rule;
  for (const std::string& t : targets) {
    auto escaped = escape_path(t, Role::kTarget, error);
    if (!escaped) return std::nullopt;
    rule += (rule.empty() ? "" : " ") + *escaped;
  }
  rule += ":";
  for (const std::string& p : prerequisites) {
    auto escaped = escape_path(p, Role::kPrerequisite, error);
    if (!escaped) return std::nullopt;
    rule += " " + *escaped;
  }
  return rule + "\n";
}

}  // namespace taskc
