// All file-system access of the taskc binary goes through Disk, so tests can
// run commands on a VirtualDisk and simulate failures (disk full, read-only).
#ifndef TASKC_CLI_DISK_H
#define TASKC_CLI_DISK_H

#include <cstddef>
#include <map>
#include <set>
#include <string>

namespace taskc {

class Disk {
 public:
  enum class ReadStatus { kOk, kNotFound, kNotAFile, kTooLarge, kError };

  virtual ~Disk() = default;
  // Reads at most `max_bytes`; a larger file is kTooLarge without being read
  // whole. `error` says why on failure.
  virtual ReadStatus read_file(const std::string& path, size_t max_bytes,
                               std::string* contents, std::string* error) = 0;
  // Replaces `path` atomically: a temporary file in the same directory,
  // renamed over the target. On failure the target is unchanged.
  virtual bool write_file_atomic(const std::string& path,
                                 const std::string& contents,
                                 std::string* error) = 0;
};

class RealDisk : public Disk {
 public:
  ReadStatus read_file(const std::string& path, size_t max_bytes,
                       std::string* contents, std::string* error) override;
  bool write_file_atomic(const std::string& path, const std::string& contents,
                         std::string* error) override;
};

// In-memory files for tests.
class VirtualDisk : public Disk {
 public:
  std::map<std::string, std::string> files;
  std::set<std::string> unwritable;  // paths whose writes fail ("disk full")
  int writes = 0;                    // successful writes, to check untouched

  ReadStatus read_file(const std::string& path, size_t max_bytes,
                       std::string* contents, std::string* error) override;
  bool write_file_atomic(const std::string& path, const std::string& contents,
                         std::string* error) override;
};

}  // namespace taskc

#endif  // TASKC_CLI_DISK_H
