// RealDisk: the file system through POSIX calls.
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

#include "disk.h"
#include "temp_files.h"

namespace taskc {

namespace {

std::string errno_text(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

bool write_all_at(int fd, const std::string& data, off_t offset) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::pwrite(fd, data.data() + done, data.size() - done,
                         offset + static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

// Opens a regular file for reading; refuses FIFOs without blocking on them.
int open_regular(const std::string& path, struct stat* st, std::string* error,
                 Disk::ReadStatus* status) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused
  // below as not a regular file); it changes nothing for regular files.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    *error = errno_text("cannot open", path);
    *status = errno == ENOENT ? Disk::ReadStatus::kNotFound : Disk::ReadStatus::kError;
    return -1;
  }
  if (::fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    bool is_dir = S_ISDIR(st->st_mode);
    ::close(fd);
    *error = "cannot read '" + path + "': " +
             (is_dir ? "it is a directory" : "not a regular file");
    *status = Disk::ReadStatus::kNotAFile;
    return -1;
  }
  return fd;
}

size_t name_max_of(const std::string& directory) {
  const long limit = ::pathconf(directory.c_str(), _PC_NAME_MAX);
  return limit > 0 ? static_cast<size_t>(limit) : 255;
}

// A new temporary file in `path`'s directory (stale ones of the same output
// removed first); -1 with `error` set when it cannot be created.
int create_temp(const std::string& path, StaleTemporaries& stale, std::string* temp,
                std::string* error) {
  const std::string dir = parent_directory(path);
  const std::string base = base_name(path);
  const size_t name_max = name_max_of(dir);
  stale.remove(dir, base, name_max, std::time(nullptr));
  const bool has_dir = path.find('/') != std::string::npos;
  const std::string name = (has_dir ? (dir == "/" ? "/" : dir + "/") : "") +
                           temp_name_template(base, name_max, ::getpid());
  std::vector<char> buffer(name.begin(), name.end());
  buffer.push_back('\0');
  int fd = ::mkostemp(buffer.data(), O_CLOEXEC);
  if (fd < 0) {
    *error = errno_text("cannot create a temporary file in", dir);
    return -1;
  }
  *temp = buffer.data();
  return fd;
}

// Writes `contents` to `fd` and closes it; on failure removes `temp`.
bool finish_temp(int fd, const std::string& temp, const std::string& contents,
                 const std::string& path, bool sync, std::string* error) {
  bool ok = write_all_at(fd, contents, 0) && (!sync || ::fsync(fd) == 0);
  if (!ok) *error = errno_text("cannot write", path);
  if (::close(fd) != 0 && ok) {
    ok = false;
    *error = errno_text("cannot write", path);
  }
  if (!ok) ::unlink(temp.c_str());
  return ok;
}

}  // namespace

Disk::ReadStatus RealDisk::read_file(const std::string& path, size_t max_bytes,
                                     std::string* contents,
                                     std::string* error) {
  struct stat st;
  ReadStatus status = ReadStatus::kOk;
  int fd = open_regular(path, &st, error, &status);
  if (fd < 0) return status;
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

bool RealDisk::read_range(const std::string& path, uint64_t offset,
                          uint64_t size, std::string* contents,
                          std::string* error) {
  struct stat st;
  ReadStatus status = ReadStatus::kOk;
  int fd = open_regular(path, &st, error, &status);
  if (fd < 0) return false;
  const uint64_t file_size = static_cast<uint64_t>(st.st_size);
  if (offset > file_size || size > file_size - offset) {
    ::close(fd);
    *error = "'" + path + "' is " + std::to_string(file_size) +
             " bytes; cannot read " + std::to_string(size) +
             " bytes at offset " + std::to_string(offset);
    return false;
  }
  contents->assign(static_cast<size_t>(size), '\0');
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, contents->data() + done, size - done,
                        static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = n < 0 ? errno_text("cannot read", path)
                     : "'" + path + "' became shorter while it was read";
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return true;
}

Disk::PathInfo RealDisk::stat_path(const std::string& path) {
  PathInfo info;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT && errno != ENOTDIR) {
      info.kind = PathKind::kError;
      info.error = errno_text("cannot examine", path);
    }
    return info;
  }
  info.kind = S_ISREG(st.st_mode)   ? PathKind::kFile
              : S_ISDIR(st.st_mode) ? PathKind::kDirectory
                                    : PathKind::kOther;
  info.size = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  return info;
}

std::string RealDisk::file_identity(const std::string& path) {
  struct stat st;
  auto id = [&st] {
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  };
  if (::stat(path.c_str(), &st) == 0) return "inode " + id();
  if (::stat(parent_directory(path).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return "entry " + id() + "/" + base_name(path);
  }
  // Neither exists (writing will fail anyway): compare the spelling made
  // absolute, without "." and "//".
  std::string absolute = path;
  if (path.empty() || path[0] != '/') {
    char cwd[PATH_MAX];
    if (::getcwd(cwd, sizeof cwd) != nullptr) absolute = std::string(cwd) + "/" + path;
  }
  std::string normalized;
  size_t start = 0;
  while (start <= absolute.size()) {
    size_t slash = absolute.find('/', start);
    if (slash == std::string::npos) slash = absolute.size();
    const std::string part = absolute.substr(start, slash - start);
    if (!part.empty() && part != ".") normalized += "/" + part;
    start = slash + 1;
  }
  return "path " + normalized;
}

size_t RealDisk::max_name_length(const std::string& directory) {
  return name_max_of(directory);
}

bool RealDisk::stage(const std::string& path, const std::string& contents,
                     std::string* staged, std::string* error) {
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
  int fd = create_temp(path, stale_, staged, error);
  if (fd < 0) return false;
  // mkstemp creates 0600; outputs follow the umask like any other file.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  return finish_temp(fd, *staged, contents, path, false, error);
}

bool RealDisk::commit(const std::string& staged, const std::string& path,
                      std::string* error) {
  if (::rename(staged.c_str(), path.c_str()) == 0) return true;
  *error = errno_text("cannot rename the output into place at", path);
  return false;
}

void RealDisk::discard(const std::string& staged) { ::unlink(staged.c_str()); }

void RealDisk::remove_stale_temporaries(const std::string& path) {
  const std::string dir = parent_directory(path);
  stale_.remove(dir, base_name(path), name_max_of(dir), std::time(nullptr));
}

namespace {

// The atomic way: a copy with the same mode, owner and group renamed over
// the file. Only when that loses nothing: one hard link, no extended
// attributes (ACLs, security labels), and an owner we can give the copy.
// Returns false without an error when the in-place way must be used.
bool replace_by_rename(const std::string& real, const struct stat& st,
                       const std::string& contents, const std::string& path,
                       StaleTemporaries& stale, bool* done, std::string* error) {
  *done = false;
  if (st.st_nlink != 1 || ::listxattr(real.c_str(), nullptr, 0) > 0) return true;
  std::string temp, ignored;
  int fd = create_temp(real, stale, &temp, &ignored);
  if (fd < 0) return true;  // e.g. a directory we may not write to
  if (::fchown(fd, st.st_uid, st.st_gid) != 0 ||
      ::fchmod(fd, st.st_mode & 07777) != 0) {
    ::close(fd);
    ::unlink(temp.c_str());
    return true;
  }
  if (!finish_temp(fd, temp, contents, path, true, error)) return false;
  if (::rename(temp.c_str(), real.c_str()) != 0) {
    *error = errno_text("cannot rename the formatted file into place at", path);
    ::unlink(temp.c_str());
    return false;
  }
  *done = true;
  return true;
}

// The in-place way: the new bytes written into the existing inode. Not
// atomic, so a backup copy is kept next to the file until the write is
// complete; a failed write is undone from memory.
bool write_into_inode(const std::string& real, const std::string& contents,
                      const std::string& path, std::string* error) {
  RealDisk disk;
  std::string original, ignored;
  if (disk.read_file(real, SIZE_MAX, &original, error) != Disk::ReadStatus::kOk) {
    return false;
  }
  int fd = ::open(real.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = errno_text("cannot write", path);
    return false;
  }
  // The backup is not a ".taskc-tmp-" name: stale-temporary clean-up must
  // never remove the only intact copy after a crash.
  std::string backup = parent_directory(real) + "/." + base_name(real) +
                       ".taskc-backup-XXXXXX";
  std::vector<char> name(backup.begin(), backup.end());
  name.push_back('\0');
  int backup_fd = ::mkostemp(name.data(), O_CLOEXEC);
  backup = backup_fd >= 0 ? name.data() : "";
  if (backup_fd >= 0 &&
      !finish_temp(backup_fd, backup, original, backup, true, &ignored)) {
    backup.clear();
  }
  bool ok = write_all_at(fd, contents, 0) &&
            ::ftruncate(fd, static_cast<off_t>(contents.size())) == 0 &&
            ::fsync(fd) == 0;
  if (!ok) {
    *error = errno_text("cannot write", path);
    const bool restored = write_all_at(fd, original, 0) &&
                          ::ftruncate(fd, static_cast<off_t>(original.size())) == 0;
    if (restored) {
      if (!backup.empty()) ::unlink(backup.c_str());
    } else if (!backup.empty()) {
      *error += "; its previous contents are in '" + backup + "'";
    }
  } else if (!backup.empty()) {
    ::unlink(backup.c_str());
  }
  ::close(fd);
  return ok;
}

}  // namespace

bool RealDisk::rewrite_in_place(const std::string& path,
                                const std::string& contents,
                                std::string* error) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) {
    *error = errno_text("cannot open", path);
    return false;
  }
  const std::string real = resolved;
  struct stat st;
  if (::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    *error = "cannot write '" + path + "': not a regular file";
    return false;
  }
  // A file we may not write stays as it is, even where the directory would
  // let a rename replace it.
  if (::access(real.c_str(), W_OK) != 0) {
    *error = errno_text("cannot write", path);
    return false;
  }
  bool done = false;
  if (!replace_by_rename(real, st, contents, path, stale_, &done, error)) return false;
  return done || write_into_inode(real, contents, path, error);
}

}  // namespace taskc
