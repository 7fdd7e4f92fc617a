#include "npz.h"

#include <zip.h>

#include <cstdio>
#include <ctime>

namespace taskc::npz {

namespace {

// libzip's message for an error code, freed properly.
std::string error_text(zip_error_t* error) {
  std::string text = zip_error_strerror(error);
  zip_error_fini(error);
  return text;
}

// 1980-01-01 00:00 in local time: the earliest zip (MS-DOS) timestamp.
// libzip converts with localtime, so the stored fields are the same in any
// time zone.
std::time_t fixed_timestamp() {
  std::tm epoch{};
  epoch.tm_year = 80;
  epoch.tm_mday = 1;
  epoch.tm_isdst = -1;
  return std::mktime(&epoch);
}

}  // namespace

Reader::~Reader() {
  if (archive_ != nullptr) zip_discard(archive_);
}

bool Reader::open(std::string bytes, std::string* error) {
  bytes_ = std::move(bytes);
  zip_error_t zerror;
  zip_error_init(&zerror);
  zip_source_t* source = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &zerror);
  if (source == nullptr) {
    *error = "not a .npz (zip) archive: " + error_text(&zerror);
    return false;
  }
  archive_ = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &zerror);
  if (archive_ == nullptr) {
    zip_source_free(source);
    *error = "not a .npz (zip) archive: " + error_text(&zerror);
    return false;
  }
  zip_error_fini(&zerror);
  return true;
}

std::vector<std::string> Reader::member_names() const {
  std::vector<std::string> names;
  const zip_int64_t count = zip_get_num_entries(archive_, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (name != nullptr) names.push_back(name);
  }
  return names;
}

Reader::Status Reader::read(const std::string& name, size_t max_bytes,
                            std::string* contents, std::string* error) {
  const zip_int64_t index = zip_name_locate(archive_, name.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0) return Status::kMissing;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
    *error = zip_strerror(archive_);
    return Status::kError;
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE) {
    *error = "it is encrypted";
    return Status::kError;
  }
  if ((st.valid & ZIP_STAT_COMP_METHOD) == 0 ||
      (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)) {
    *error = "compression method " + std::to_string(st.comp_method) +
             " (only stored and deflate members are read, as NumPy writes them)";
    return Status::kError;
  }
  if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > max_bytes) {
    *error = "it is " + std::to_string(st.size) + " bytes; the input limit is " +
             std::to_string(max_bytes) + " (see --max-input-size)";
    return Status::kError;
  }
  zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) {
    *error = zip_strerror(archive_);
    return Status::kError;
  }
  contents->assign(static_cast<size_t>(st.size), '\0');
  zip_uint64_t done = 0;
  bool ok = true;
  while (ok && done < st.size) {
    const zip_int64_t n = zip_fread(file, contents->data() + done, st.size - done);
    if (n <= 0) ok = false;
    if (n > 0) done += static_cast<zip_uint64_t>(n);
  }
  // Reading past the end makes libzip compare the checksum.
  char extra;
  if (ok && zip_fread(file, &extra, 1) != 0) ok = false;
  if (!ok) *error = std::string("cannot read it: ") + zip_file_strerror(file);
  zip_fclose(file);
  return ok ? Status::kOk : Status::kError;
}

std::optional<std::string> write_archive(
    const std::vector<std::pair<std::string, std::string>>& members, std::string* error) {
  // libzip writes no archive without members; an empty one is its end record.
  if (members.empty()) return std::string("PK\x05\x06", 4) + std::string(18, '\0');
  zip_error_t zerror;
  zip_error_init(&zerror);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &zerror);
  if (buffer == nullptr) {
    *error = error_text(&zerror);
    return std::nullopt;
  }
  zip_source_keep(buffer);  // it holds the archive after zip_close
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &zerror);
  if (archive == nullptr) {
    zip_source_free(buffer);
    *error = error_text(&zerror);
    return std::nullopt;
  }
  zip_error_fini(&zerror);
  const std::time_t timestamp = fixed_timestamp();
  for (const auto& [name, contents] : members) {
    zip_source_t* data = zip_source_buffer(archive, contents.data(), contents.size(), 0);
    const zip_int64_t index =
        data == nullptr ? -1 : zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0 ||
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0 ||
        zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), timestamp, 0) != 0) {
      if (data != nullptr && index < 0) zip_source_free(data);
      *error = zip_strerror(archive);
      zip_discard(archive);
      zip_source_free(buffer);
      return std::nullopt;
    }
  }
  if (zip_close(archive) != 0) {
    *error = zip_strerror(archive);
    zip_discard(archive);
    zip_source_free(buffer);
    return std::nullopt;
  }
  std::string bytes;
  if (zip_source_open(buffer) != 0 || zip_source_seek(buffer, 0, SEEK_END) != 0) {
    *error = "cannot read back the archive";
    zip_source_free(buffer);
    return std::nullopt;
  }
  const zip_int64_t size = zip_source_tell(buffer);
  bool ok = size >= 0 && zip_source_seek(buffer, 0, SEEK_SET) == 0;
  if (ok) {
    bytes.assign(static_cast<size_t>(size), '\0');
    ok = size == 0 || zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size)) == size;
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (!ok) {
    *error = "cannot read back the archive";
    return std::nullopt;
  }
  return bytes;
}

}  // namespace taskc::npz
