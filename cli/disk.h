// All file-system access of the taskc binary goes through Disk, so tests can
// run commands on a VirtualDisk and simulate failures (disk full, read-only).
#ifndef TASKC_CLI_DISK_H
#define TASKC_CLI_DISK_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "temp_files.h"

namespace taskc {

class Disk {
 public:
  enum class ReadStatus { kOk, kNotFound, kNotAFile, kTooLarge, kError };
  enum class PathKind { kMissing, kFile, kDirectory, kOther, kError };
  struct PathInfo {
    PathKind kind = PathKind::kMissing;
    uint64_t size = 0;  // of a file
    std::string error;  // kError: why it could not be examined
  };

  virtual ~Disk() = default;
  // Reads at most `max_bytes`; a larger file is kTooLarge without being read
  // whole. `error` says why on failure.
  virtual ReadStatus read_file(const std::string& path, size_t max_bytes,
                               std::string* contents, std::string* error) = 0;
  // Exactly `size` bytes at `offset` of a regular file; false (with `error`)
  // when the file is shorter or cannot be read.
  virtual bool read_range(const std::string& path, uint64_t offset,
                          uint64_t size, std::string* contents,
                          std::string* error) = 0;
  // What `path` names, following symbolic links.
  virtual PathInfo stat_path(const std::string& path) = 0;
  // Equal for two paths exactly when they name the same file: its device
  // and inode when it exists; for a file not created yet its directory's
  // device and inode plus its name; failing that, the normalized path.
  virtual std::string file_identity(const std::string& path) = 0;
  // The longest file name (one path component) `directory` accepts.
  virtual size_t max_name_length(const std::string& directory) = 0;

  // Writing is two-phase so a command with several outputs can stage all of
  // them (the step that fails on a full disk) before replacing any:
  // stage() writes a temporary file next to `path` and returns its name in
  // `staged`; commit() renames it over `path`; discard() removes it.
  virtual bool stage(const std::string& path, const std::string& contents,
                     std::string* staged, std::string* error) = 0;
  virtual bool commit(const std::string& staged, const std::string& path,
                      std::string* error) = 0;
  virtual void discard(const std::string& staged) = 0;

  // Gives the existing file `path` new contents while keeping the file
  // itself: through symbolic links, with its mode, owner and hard links
  // (how: RealDisk::rewrite_in_place).
  virtual bool rewrite_in_place(const std::string& path,
                                const std::string& contents,
                                std::string* error) = 0;

  // Removes the temporary files of output `path` that a killed run left
  // behind (which ones: temp_files.h), for an output written by other means
  // than stage() (the tensor dump of `taskc run`).
  virtual void remove_stale_temporaries(const std::string& path) = 0;

  // stage + commit: replaces `path` atomically; on failure it is unchanged.
  bool write_file_atomic(const std::string& path, const std::string& contents,
                         std::string* error);
};

// The parent directory of `path` as it is spelled ("." when it has none)
// and its last component.
std::string parent_directory(const std::string& path);
std::string base_name(const std::string& path);

class RealDisk : public Disk {
 public:
  ReadStatus read_file(const std::string& path, size_t max_bytes,
                       std::string* contents, std::string* error) override;
  bool read_range(const std::string& path, uint64_t offset, uint64_t size,
                  std::string* contents, std::string* error) override;
  PathInfo stat_path(const std::string& path) override;
  std::string file_identity(const std::string& path) override;
  size_t max_name_length(const std::string& directory) override;
  bool stage(const std::string& path, const std::string& contents,
             std::string* staged, std::string* error) override;
  bool commit(const std::string& staged, const std::string& path,
              std::string* error) override;
  void discard(const std::string& staged) override;
  void remove_stale_temporaries(const std::string& path) override;
  // Replaces the file by renaming a copy over it when that keeps everything
  // (one hard link, owner and group reproducible); otherwise writes the new
  // contents into the existing inode, keeping a backup until it is done.
  bool rewrite_in_place(const std::string& path, const std::string& contents,
                        std::string* error) override;

 private:
  StaleTemporaries stale_;
};

// In-memory files for tests. Directories exist when listed in `dirs` or when
// a file lies under them; `symlinks` maps a link's path to its target.
class VirtualDisk : public Disk {
 public:
  std::map<std::string, std::string> files;
  std::set<std::string> dirs;
  std::map<std::string, std::string> symlinks;
  std::set<std::string> unwritable;  // paths whose writes fail ("disk full")
  int commits = 0;                   // successful commits, to check untouched
  size_t name_max = 255;

  ReadStatus read_file(const std::string& path, size_t max_bytes,
                       std::string* contents, std::string* error) override;
  bool read_range(const std::string& path, uint64_t offset, uint64_t size,
                  std::string* contents, std::string* error) override;
  PathInfo stat_path(const std::string& path) override;
  std::string file_identity(const std::string& path) override;
  size_t max_name_length(const std::string& directory) override;
  bool stage(const std::string& path, const std::string& contents,
             std::string* staged, std::string* error) override;
  bool commit(const std::string& staged, const std::string& path,
              std::string* error) override;
  void discard(const std::string& staged) override;
  // Nothing to do: a VirtualDisk leaves no temporary files.
  void remove_stale_temporaries(const std::string&) override {}
  bool rewrite_in_place(const std::string& path, const std::string& contents,
                        std::string* error) override;

  // `path` normalized ("./a//b/../c" -> "c") with symbolic links followed.
  std::string resolve(const std::string& path) const;

 private:
  std::map<std::string, std::string> staged_;
};

}  // namespace taskc

#endif  // TASKC_CLI_DISK_H
