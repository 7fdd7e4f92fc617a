#include "entry_collections.h"

#include "command.h"

namespace taskc {

bool is_npz_path(const std::string& path) {
  return path.size() > 4 && path.compare(path.size() - 4, 4, ".npz") == 0;
}

std::string member_name(const std::string& parameter) { return parameter + ".npy"; }

int InputCollection::open(std::string* problem) {
  if (!is_npz_path(path_)) {
    const Disk::PathInfo info = disk_.stat_path(path_);
    if (info.kind == Disk::PathKind::kDirectory) return kExitOk;
    *problem = "--inputs " + path_ + ": " +
               (info.kind == Disk::PathKind::kMissing
                    ? "no such directory (an archive must end in .npz)"
                    : "not a directory (an archive must end in .npz)");
    return kExitIo;
  }
  std::string bytes, error;
  const Disk::ReadStatus status = disk_.read_file(path_, max_input_size_, &bytes, &error);
  if (status != Disk::ReadStatus::kOk) {
    *problem = "--inputs " + path_ + ": " + error;
    return status == Disk::ReadStatus::kTooLarge ? kExitInputErrors : kExitIo;
  }
  archive_ = std::make_unique<npz::Reader>();
  if (!archive_->open(std::move(bytes), &error)) {
    archive_.reset();
    *problem = "--inputs " + path_ + ": " + error;
    return kExitInputErrors;
  }
  return kExitOk;
}

int InputCollection::read(const std::string& name, const std::string& description,
                          std::string* bytes, std::string* what, std::string* problem) {
  const std::string member = member_name(name);
  if (archive_ == nullptr) {
    const std::string file = path_ + "/" + member;
    *what = "--inputs " + path_ + ": " + file;
    std::string error;
    const Disk::ReadStatus status = disk_.read_file(file, max_input_size_, bytes, &error);
    if (status == Disk::ReadStatus::kOk) return kExitOk;
    *problem = status == Disk::ReadStatus::kNotFound
                   ? "--inputs " + path_ + " has no " + member + " for '" + name + "' (" +
                         description + ")"
                   : error;
    return status == Disk::ReadStatus::kTooLarge || status == Disk::ReadStatus::kNotFound
               ? kExitInputErrors
               : kExitIo;
  }
  *what = "--inputs " + path_ + ": member '" + member + "'";
  std::string error;
  switch (archive_->read(member, max_input_size_, bytes, &error)) {
    case npz::Reader::Status::kOk:
      return kExitOk;
    case npz::Reader::Status::kMissing: {
      std::string members;
      for (const std::string& m : archive_->member_names()) {
        members += (members.empty() ? "" : ", ") + m;
      }
      *problem = "--inputs " + path_ + " has no member '" + member + "' for '" + name +
                 "' (" + description + "); its members: " + (members.empty() ? "none" : members);
      return kExitInputErrors;
    }
    default:
      *problem = *what + ": " + error;
      return kExitInputErrors;
  }
}

}  // namespace taskc
