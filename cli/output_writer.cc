#include "output_writer.h"

#include <cstring>
#include <ostream>

#include "command.h"

namespace taskc {

namespace {

// Why `path` cannot be written in a depfile that GNU make and ninja (which
// Meson uses) both read back as that path, or nullptr. Both read `\ `, `\#`,
// `\:` and `$$` as the character and other backslashes literally, but ninja
// ends a path at any of "'&*;<>?^`| and control bytes, and the two disagree
// on backslashes before a space, '#', ':' or the end.
const char* depfile_problem(const std::string& path) {
  for (size_t i = 0; i < path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    char next = i + 1 < path.size() ? path[i + 1] : '\0';
    if (c == '\n' || c == '\r' || c == '\0') return "a line break";
    if (c < 0x20 || c == 0x7f) return "a control character";
    if (std::strchr("\"'&*;<>?^`|", c) != nullptr) {
      return "one of \"'&*;<>?^`| (ninja ends a path there)";
    }
    if (c == '\\' && (next == '\0' || next == ' ' || next == '#' || next == ':')) {
      return "a backslash before a space, '#', ':' or its end";
    }
  }
  return nullptr;
}

std::optional<std::string> escape_make_path(const std::string& path,
                                            std::string* error) {
  if (const char* why = depfile_problem(path)) {
    *error = "cannot write a depfile: path '" + printable(path) + "' contains " +
             why + ", which Make syntax cannot express";
    return std::nullopt;
  }
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#' || c == ':') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

// Whether `path` already holds exactly `contents`.
bool is_current(Disk& disk, const std::string& path, const std::string& contents) {
  std::string existing, error;
  return disk.read_file(path, contents.size(), &existing, &error) ==
             Disk::ReadStatus::kOk &&
         existing == contents;
}

}  // namespace

std::optional<std::string> make_depfile(const std::vector<std::string>& targets,
                                        const std::vector<std::string>& prerequisites,
                                        std::string* error) {
  std::string rule;
  for (const std::string& t : targets) {
    auto escaped = escape_make_path(t, error);
    if (!escaped) return std::nullopt;
    rule += (rule.empty() ? "" : " ") + *escaped;
  }
  rule += ":";
  for (const std::string& p : prerequisites) {
    auto escaped = escape_make_path(p, error);
    if (!escaped) return std::nullopt;
    rule += " " + *escaped;
  }
  return rule + "\n";
}

int write_outputs(Disk& disk, const std::vector<PlannedOutput>& outputs,
                  const OutputOptions& options, std::ostream& err) {
  std::vector<PlannedOutput> all = outputs;
  if (options.depfile) {
    std::vector<std::string> targets;
    for (const PlannedOutput& o : outputs) targets.push_back(o.path);
    std::string error;
    auto rule = make_depfile(targets, options.prerequisites, &error);
    if (!rule) {
      err << "taskc: error: " << error << "\n";
      return kExitUsage;
    }
    all.push_back({*options.depfile, *rule});  // last: written after the rest
  }
  std::vector<const PlannedOutput*> changed;
  for (const PlannedOutput& o : all) {
    if (options.always_write || !is_current(disk, o.path, o.contents)) {
      changed.push_back(&o);
    }
  }
  if (options.verify) {
    for (const PlannedOutput* o : changed) {
      err << "taskc: " << printable(o->path) << ": out of date\n";
    }
    return changed.empty() ? kExitOk : kExitInputErrors;
  }
  std::vector<std::string> staged;
  std::string error;
  for (const PlannedOutput* o : changed) {
    std::string name;
    if (!disk.stage(o->path, o->contents, &name, &error)) {
      for (const std::string& s : staged) disk.discard(s);
      err << "taskc: error: " << printable(error) << "\n";
      return kExitIo;
    }
    staged.push_back(name);
  }
  for (size_t i = 0; i < changed.size(); ++i) {
    if (!disk.commit(staged[i], changed[i]->path, &error)) {
      for (size_t j = i; j < staged.size(); ++j) disk.discard(staged[j]);
      err << "taskc: error: " << printable(error) << "\n";
      return kExitIo;
    }
  }
  return kExitOk;
}

}  // namespace taskc
