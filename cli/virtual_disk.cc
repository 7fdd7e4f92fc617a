#include <vector>

#include "disk.h"

namespace taskc {

namespace {

// "./a//b/../c" -> "c"; ".." above the start is kept ("../x").
std::string normalize(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else {
        parts.push_back(part);
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out = !path.empty() && path[0] == '/' ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

}  // namespace

std::string VirtualDisk::resolve(const std::string& path) const {
  std::string resolved = normalize(path);
  for (int hops = 0; hops < 40; ++hops) {  // as the kernel's ELOOP limit
    auto it = symlinks.find(resolved);
    if (it == symlinks.end()) break;
    const std::string& target = it->second;
    resolved = normalize(target[0] == '/' ? target
                                          : parent_directory(resolved) + "/" + target);
  }
  return resolved;
}

Disk::ReadStatus VirtualDisk::read_file(const std::string& path,
                                        size_t max_bytes,
                                        std::string* contents,
                                        std::string* error) {
  auto it = files.find(resolve(path));
  if (it == files.end()) {
    *error = "cannot open '" + path + "': No such file or directory";
    return ReadStatus::kNotFound;
  }
  if (it->second.size() > max_bytes) {
    *error = "'" + path + "' exceeds the input limit";
    return ReadStatus::kTooLarge;
  }
  *contents = it->second;
  return ReadStatus::kOk;
}

bool VirtualDisk::read_range(const std::string& path, uint64_t offset,
                             uint64_t size, std::string* contents,
                             std::string* error) {
  auto it = files.find(resolve(path));
  if (it == files.end() || offset > it->second.size() ||
      size > it->second.size() - offset) {
    *error = "cannot read " + std::to_string(size) + " bytes at offset " +
             std::to_string(offset) + " of '" + path + "'";
    return false;
  }
  *contents = it->second.substr(offset, size);
  return true;
}

Disk::PathInfo VirtualDisk::stat_path(const std::string& path) {
  const std::string resolved = resolve(path);
  PathInfo info;
  auto it = files.find(resolved);
  if (it != files.end()) {
    info.kind = PathKind::kFile;
    info.size = it->second.size();
    return info;
  }
  if (resolved == "." || resolved == "/" || dirs.count(resolved) != 0) {
    info.kind = PathKind::kDirectory;
    return info;
  }
  const std::string prefix = resolved + "/";
  for (const auto& [name, contents] : files) {
    if (name.compare(0, prefix.size(), prefix) == 0) {
      info.kind = PathKind::kDirectory;
      return info;
    }
  }
  return info;
}

std::string VirtualDisk::file_identity(const std::string& path) {
  return resolve(path);
}

size_t VirtualDisk::max_name_length(const std::string&) { return name_max; }

bool VirtualDisk::stage(const std::string& path, const std::string& contents,
                        std::string* staged, std::string* error) {
  if (unwritable.count(path)) {
    *error = "cannot write '" + path + "': No space left on device";
    return false;
  }
  *staged = path + ".staged";
  staged_[*staged] = contents;
  return true;
}

bool VirtualDisk::commit(const std::string& staged, const std::string& path,
                         std::string* error) {
  auto it = staged_.find(staged);
  if (it == staged_.end()) {
    *error = "nothing staged for '" + path + "'";
    return false;
  }
  symlinks.erase(normalize(path));  // rename() replaces a link, not its target
  files[normalize(path)] = std::move(it->second);
  staged_.erase(it);
  ++commits;
  return true;
}

void VirtualDisk::discard(const std::string& staged) { staged_.erase(staged); }

bool VirtualDisk::rewrite_in_place(const std::string& path,
                                   const std::string& contents,
                                   std::string* error) {
  const std::string target = resolve(path);
  if (unwritable.count(path) || unwritable.count(target)) {
    *error = "cannot write '" + path + "': No space left on device";
    return false;
  }
  auto it = files.find(target);
  if (it == files.end()) {
    *error = "cannot open '" + path + "': No such file or directory";
    return false;
  }
  it->second = contents;
  ++commits;
  return true;
}

}  // namespace taskc
