#include "disk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace taskc {

namespace {

std::string errno_text(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Disk::ReadStatus RealDisk::read_file(const std::string& path, size_t max_bytes,
                                     std::string* contents,
                                     std::string* error) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused
  // below as not a regular file); it changes nothing for regular files.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    *error = errno_text("cannot open", path);
    return errno == ENOENT ? ReadStatus::kNotFound : ReadStatus::kError;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    bool is_dir = S_ISDIR(st.st_mode);
    ::close(fd);
    *error = "cannot read '" + path + "': " +
             (is_dir ? "it is a directory" : "not a regular file");
    return ReadStatus::kNotAFile;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    *error = "'" + path + "' is " + std::to_string(st.st_size) +
             " bytes; the input limit is " + std::to_string(max_bytes) +
             " (see --max-input-size)";
    return ReadStatus::kTooLarge;
  }
  contents->clear();
  contents->reserve(static_cast<size_t>(st.st_size));
  std::vector<char> buffer(1 << 16);
  while (true) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = errno_text("cannot read", path);
      ::close(fd);
      return ReadStatus::kError;
    }
    if (n == 0) break;
    contents->append(buffer.data(), static_cast<size_t>(n));
    if (contents->size() > max_bytes) {  // the file grew while we read it
      ::close(fd);
      *error = "'" + path + "' exceeds the input limit of " +
               std::to_string(max_bytes) + " bytes";
      return ReadStatus::kTooLarge;
    }
  }
  ::close(fd);
  return ReadStatus::kOk;
}

bool Disk::write_file_atomic(const std::string& path,
                             const std::string& contents, std::string* error) {
  std::string staged;
  if (!stage(path, contents, &staged, error)) return false;
  if (commit(staged, path, error)) return true;
  discard(staged);
  return false;
}

bool RealDisk::stage(const std::string& path, const std::string& contents,
                     std::string* staged, std::string* error) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  // Refuse here what rename() would refuse later, after other outputs may
  // already have been replaced (a directory), and what it must not do:
  // only a regular file (or nothing) is replaced, never a device such as
  // /dev/null (root may rename over it) or a FIFO.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    *error = "cannot write '" + path + "': " +
             (S_ISDIR(st.st_mode) ? "it is a directory"
                                  : "not a regular file (outputs are replaced "
                                    "atomically, never written in place)");
    return false;
  }
  std::string temp = (slash == std::string::npos ? "" : dir) + "." + base +
                     ".taskc-tmp-XXXXXX";
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) {
    *error = errno_text("cannot create a temporary file in", dir);
    return false;
  }
  // mkstemp creates 0600; outputs follow the umask like any other file.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  *staged = name.data();
  bool ok = write_all(fd, contents);
  if (!ok) *error = errno_text("cannot write", path);
  if (::close(fd) != 0 && ok) {
    ok = false;
    *error = errno_text("cannot write", path);
  }
  if (!ok) ::unlink(staged->c_str());
  return ok;
}

bool RealDisk::commit(const std::string& staged, const std::string& path,
                      std::string* error) {
  if (::rename(staged.c_str(), path.c_str()) == 0) return true;
  *error = errno_text("cannot rename the output into place at", path);
  return false;
}

void RealDisk::discard(const std::string& staged) { ::unlink(staged.c_str()); }

Disk::ReadStatus VirtualDisk::read_file(const std::string& path,
                                        size_t max_bytes,
                                        std::string* contents,
                                        std::string* error) {
  auto it = files.find(path);
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
  files[path] = std::move(it->second);
  staged_.erase(it);
  ++commits;
  return true;
}

void VirtualDisk::discard(const std::string& staged) { staged_.erase(staged); }

}  // namespace taskc
