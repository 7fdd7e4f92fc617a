#include "replacing_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace taskc::host {

namespace {

// The process's umask without changing it (umask(2) cannot read it
// atomically in a threaded process): Linux reports it in /proc; 022 when it
// cannot be read.
mode_t current_umask() {
  FILE* status = std::fopen("/proc/self/status", "r");
  mode_t mask = 022;
  if (status == nullptr) return mask;
  char line[256];
  while (std::fgets(line, sizeof line, status) != nullptr) {
    unsigned value = 0;
    if (std::sscanf(line, "Umask: %o", &value) == 1) {
      mask = static_cast<mode_t>(value);
      break;
    }
  }
  std::fclose(status);
  return mask;
}

}  // namespace

ReplacingFile::ReplacingFile(const std::string& directory,
                             const std::string& name)
    : path_((std::filesystem::path(directory) / name).string()) {
  // mkostemp creates the name with O_EXCL: it never opens an existing file
  // or follows a link.
  std::string pattern = (std::filesystem::path(directory) /
                         ("." + name + ".taskc-tmp-" + std::to_string(::getpid()) +
                          "-XXXXXX"))
                            .string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  fd_ = ::mkostemp(buffer.data(), O_CLOEXEC);
  if (fd_ < 0) {
    fail("cannot create a file in '" + directory + "'");
    return;
  }
  temp_path_ = buffer.data();
  // mkostemp makes it 0600; a dump file gets the mode a newly created file
  // would.
  if (::fchmod(fd_, 0666 & ~current_umask()) != 0) {
    fail("cannot set the mode of '" + temp_path_ + "'");
  }
}

ReplacingFile::~ReplacingFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

void ReplacingFile::fail(const std::string& what) {
  if (error_.empty()) error_ = what + ": " + std::strerror(errno);
}

bool ReplacingFile::write(const void* data, size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (ok() && size > 0) {
    const ssize_t written = ::write(fd_, bytes, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("cannot write '" + path_ + "'");
      break;
    }
    bytes += written;
    size -= static_cast<size_t>(written);
  }
  return ok();
}

bool ReplacingFile::remove_old() {
  if (!ok()) return false;
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    fail("cannot replace '" + path_ + "'");
    return false;
  }
  return true;
}

bool ReplacingFile::commit() {
  if (!ok()) return false;
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    fail("cannot write '" + path_ + "'");
    return false;
  }
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    fail("cannot replace '" + path_ + "'");
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace taskc::host
