#include "output_writer.h"

#include <map>
#include <ostream>

#include "command.h"

namespace taskc {

namespace {

// Whether `path` already holds exactly `contents`.
bool is_current(Disk& disk, const std::string& path, const std::string& contents) {
  std::string existing, error;
  return disk.read_file(path, contents.size(), &existing, &error) ==
             Disk::ReadStatus::kOk &&
         existing == contents;
}

}  // namespace

// Compared by file identity, so that "./a", "d/../a" and a link to "a" are
// "a".
int check_distinct_outputs(Disk& disk, const std::vector<std::string>& outputs,
                           const std::vector<std::string>& inputs, std::ostream& err) {
  std::map<std::string, std::string> inputs_by_id;
  for (const std::string& input : inputs) {
    inputs_by_id.emplace(disk.file_identity(input), input);
  }
  std::map<std::string, std::string> outputs_by_id;
  for (const std::string& output : outputs) {
    const std::string id = disk.file_identity(output);
    auto input = inputs_by_id.find(id);
    if (input != inputs_by_id.end()) {
      err << "taskc: error: the output '" << printable(output)
          << "' is the input file '" << printable(input->second)
          << "'; refusing to overwrite it\n";
      return kExitUsage;
    }
    auto [other, fresh] = outputs_by_id.emplace(id, output);
    if (!fresh) {
      err << "taskc: error: the outputs '" << printable(other->second)
          << "' and '" << printable(output) << "' are the same file\n";
      return kExitUsage;
    }
  }
  return kExitOk;
}

int check_output_directory(Disk& disk, const std::string& directory,
                           std::ostream& err) {
  const Disk::PathInfo info = disk.stat_path(directory);
  switch (info.kind) {
    case Disk::PathKind::kDirectory:
      return kExitOk;
    case Disk::PathKind::kMissing:
      err << "taskc: error: directory '" << printable(directory)
          << "' does not exist\n";
      return kExitIo;
    case Disk::PathKind::kError:
      err << "taskc: error: " << printable(info.error) << "\n";
      return kExitIo;
    default:
      err << "taskc: error: '" << printable(directory)
          << "' is not a directory\n";
      return kExitIo;
  }
}

int check_output_locations(Disk& disk, const std::vector<std::string>& paths,
                           std::ostream& err) {
  for (const std::string& path : paths) {
    if (path == "-") continue;
    const std::string directory = parent_directory(path);
    if (int code = check_output_directory(disk, directory, err)) return code;
    if (disk.stat_path(path).kind == Disk::PathKind::kDirectory) {
      err << "taskc: error: cannot write '" << printable(path)
          << "': it is a directory\n";
      return kExitIo;
    }
    const size_t name_max = disk.max_name_length(directory);
    const std::string name = base_name(path);
    if (name.size() > name_max) {
      err << "taskc: error: cannot write '" << printable(path)
          << "': its file name is " << name.size()
          << " bytes long; the file system allows " << name_max << "\n";
      return kExitIo;
    }
  }
  return kExitOk;
}

int write_outputs(Disk& disk, const std::vector<PlannedOutput>& outputs,
                  const OutputOptions& options, std::ostream& err) {
  std::vector<PlannedOutput> all = outputs;
  std::vector<std::string> paths;
  for (const PlannedOutput& o : outputs) paths.push_back(o.path);
  if (options.depfile) paths.push_back(*options.depfile);
  std::vector<std::string> inputs = options.prerequisites;
  inputs.insert(inputs.end(), options.other_inputs.begin(), options.other_inputs.end());
  if (int code = check_distinct_outputs(disk, paths, inputs, err)) return code;
  if (options.depfile) {
    std::string error;
    auto rule = make_depfile({paths.begin(), paths.end() - 1},
                             options.prerequisites, &error);
    if (!rule) {
      err << "taskc: error: " << error << "\n";
      return kExitUsage;
    }
    all.push_back({*options.depfile, *rule});  // last: written after the rest
  }
  if (int code = check_output_locations(disk, paths, err)) return code;
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
