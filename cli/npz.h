// NumPy .npz archives for `taskc run --inputs/--outputs`: a zip archive with
// one NAME.npy member per array, as np.savez (stored) and np.savez_compressed
// (deflate) write them. Read and written in memory with libzip, so that the
// file itself goes through Disk like every other input and output.
#ifndef TASKC_CLI_NPZ_H
#define TASKC_CLI_NPZ_H

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct zip;  // libzip's archive (zip_t)

namespace taskc::npz {

class Reader {
 public:
  enum class Status { kOk, kMissing, kError };

  Reader() = default;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  ~Reader();

  // False with `error` set when `bytes` is not a zip archive.
  bool open(std::string bytes, std::string* error);
  // The members' names, in archive order.
  std::vector<std::string> member_names() const;
  // Member `name` whole, if it is stored or deflated, not encrypted, at most
  // `max_bytes` long and its checksum matches; kMissing when there is none.
  Status read(const std::string& name, size_t max_bytes, std::string* contents,
              std::string* error);

 private:
  std::string bytes_;  // libzip reads from this buffer
  zip* archive_ = nullptr;
};

// An archive of (name, contents) members in this order, stored as np.savez
// writes them, with a fixed timestamp so that equal members give equal
// bytes; nullopt with `error` set if libzip fails.
std::optional<std::string> write_archive(
    const std::vector<std::pair<std::string, std::string>>& members, std::string* error);

}  // namespace taskc::npz

#endif  // TASKC_CLI_NPZ_H
