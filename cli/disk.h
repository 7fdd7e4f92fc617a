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
  // Writing is two-phase so a command with several outputs can stage all of
  // them (the step that fails on a full disk) before replacing any:
  // stage() writes a temporary file next to `path` and returns its name in
  // `staged`; commit() renames it over `path`; discard() removes it.
  virtual bool stage(const std::string& path, const std::string& contents,
                     std::string* staged, std::string* error) = 0;
  virtual bool commit(const std::string& staged, const std::string& path,
                      std::string* error) = 0;
  virtual void discard(const std::string& staged) = 0;

  // stage + commit: replaces `path` atomically; on failure it is unchanged.
  bool write_file_atomic(const std::string& path, const std::string& contents,
                         std::string* error);
};

class RealDisk : public Disk {
 public:
  ReadStatus read_file(const std::string& path, size_t max_bytes,
                       std::string* contents, std::string* error) override;
  bool stage(const std::string& path, const std::string& contents,
             std::string* staged, std::string* error) override;
  bool commit(const std::string& staged, const std::string& path,
              std::string* error) override;
  void discard(const std::string& staged) override;
};

// In-memory files for tests.
class VirtualDisk : public Disk {
 public:
  std::map<std::string, std::string> files;
  std::set<std::string> unwritable;  // paths whose writes fail ("disk full")
  int commits = 0;                   // successful commits, to check untouched

  ReadStatus read_file(const std::string& path, size_t max_bytes,
                       std::string* contents, std::string* error) override;
  bool stage(const std::string& path, const std::string& contents,
             std::string* staged, std::string* error) override;
  bool commit(const std::string& staged, const std::string& path,
              std::string* error) override;
  void discard(const std::string& staged) override;

 private:
  std::map<std::string, std::string> staged_;
};

}  // namespace taskc

#endif  // TASKC_CLI_DISK_H
