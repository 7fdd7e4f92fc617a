// `taskc run --inputs X` and `--outputs X`: many entry tensors at once, from
// a directory with one NAME.npy per parameter or a NumPy archive X.npz with
// a member NAME.npy per parameter. A path ending in ".npz" is an archive,
// any other a directory.
#ifndef TASKC_CLI_ENTRY_COLLECTIONS_H
#define TASKC_CLI_ENTRY_COLLECTIONS_H

#include <memory>
#include <string>

#include "disk.h"
#include "npz.h"

namespace taskc {

bool is_npz_path(const std::string& path);

// The file or member that holds parameter `name` ("NAME.npy").
std::string member_name(const std::string& parameter);

class InputCollection {
 public:
  InputCollection(std::string path, Disk& disk, size_t max_input_size)
      : path_(std::move(path)), disk_(disk), max_input_size_(max_input_size) {}

  bool given() const { return !path_.empty(); }
  const std::string& path() const { return path_; }
  // Checks the directory, or reads the archive; returns 0, or the exit code
  // (1 malformed, 3 unreadable) with `problem` set.
  int open(std::string* problem);
  // Reads parameter `name`'s array: returns 0, 1 (no such file or member,
  // or a bad member) or 3 (unreadable), with `problem` set. `what` names it
  // for messages ("--inputs in.npz: member 'a.npy'"); `description` says
  // what the parameter is, for the message when it is missing.
  int read(const std::string& name, const std::string& description, std::string* bytes,
           std::string* what, std::string* problem);

 private:
  std::string path_;
  Disk& disk_;
  size_t max_input_size_;
  std::unique_ptr<npz::Reader> archive_;
};

}  // namespace taskc

#endif  // TASKC_CLI_ENTRY_COLLECTIONS_H
