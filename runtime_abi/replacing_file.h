// A file written under a fresh temporary name in its directory and renamed
// over its final name on commit: a symbolic link (or anything else) already
// at the final name is replaced, never followed or written through, and a
// file that is not committed is removed, so a failed write leaves nothing.
// The temporary name is ".NAME.taskc-tmp-PID-XXXXXX", the form of taskc's
// other outputs (cli/temp_files.h), so that `taskc run` can remove those a
// killed run left behind.
#ifndef TASKC_RUNTIME_ABI_REPLACING_FILE_H
#define TASKC_RUNTIME_ABI_REPLACING_FILE_H

#include <cstddef>
#include <string>

namespace taskc::host {

class ReplacingFile {
 public:
  ReplacingFile(const std::string& directory, const std::string& name);
  ~ReplacingFile();
  ReplacingFile(const ReplacingFile&) = delete;
  ReplacingFile& operator=(const ReplacingFile&) = delete;

  // False once anything failed; error() says what.
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

  bool write(const void* data, size_t size);
  // Removes what is at the final name now (nothing there is no error; a
  // link is removed, not followed); false when it cannot be removed.
  bool remove_old();
  // Closes the file and renames it into place.
  bool commit();

 private:
  void fail(const std::string& what);

  std::string path_;
  std::string temp_path_;
  std::string error_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_REPLACING_FILE_H
