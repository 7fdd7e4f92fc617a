#include "disk.h"

namespace taskc {

bool Disk::write_file_atomic(const std::string& path,
                             const std::string& contents, std::string* error) {
  std::string staged;
  if (!stage(path, contents, &staged, error)) return false;
  if (commit(staged, path, error)) return true;
  discard(staged);
  return false;
}

std::string parent_directory(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_name(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace taskc
