// .npz archives: what write_archive writes, Reader reads back (stored and
// deflate members); deterministic bytes; damaged or unsupported members are
// errors that say why.
#include <zip.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "npy.h"
#include "npz.h"

namespace taskc::npz {
namespace {

std::string f32_npy(std::vector<float> values) {
  return npy::make_file("<f4", {values.size()},
                        std::string(reinterpret_cast<const char*>(values.data()),
                                    values.size() * sizeof(float)));
}

// An archive with deflated members, as np.savez_compressed writes it.
std::string deflated_archive(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  REQUIRE(buffer != nullptr);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  REQUIRE(archive != nullptr);
  for (const auto& [name, contents] : members) {
    zip_source_t* data = zip_source_buffer(archive, contents.data(), contents.size(), 0);
    zip_int64_t index = zip_file_add(archive, name.c_str(), data, 0);
    REQUIRE(index >= 0);
    REQUIRE(zip_set_file_compression(archive, static_cast<zip_uint64_t>(index),
                                     ZIP_CM_DEFLATE, 9) == 0);
  }
  REQUIRE(zip_close(archive) == 0);
  REQUIRE(zip_source_open(buffer) == 0);
  REQUIRE(zip_source_seek(buffer, 0, SEEK_END) == 0);
  std::string bytes(static_cast<size_t>(zip_source_tell(buffer)), '\0');
  REQUIRE(zip_source_seek(buffer, 0, SEEK_SET) == 0);
  REQUIRE(zip_source_read(buffer, bytes.data(), bytes.size()) ==
          static_cast<zip_int64_t>(bytes.size()));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

// Every occurrence of a local or central header's compression method.
void set_method(std::string& archive, uint16_t method) {
  for (const char* signature : {"PK\x03\x04", "PK\x01\x02"}) {
    const size_t field = std::strcmp(signature, "PK\x03\x04") == 0 ? 8 : 10;
    for (size_t at = archive.find(signature); at != std::string::npos;
         at = archive.find(signature, at + 4)) {
      archive[at + field] = static_cast<char>(method & 0xff);
      archive[at + field + 1] = static_cast<char>(method >> 8);
    }
  }
}

TEST_CASE("write_archive: stored members that Reader reads back", "[npz]") {
  const std::string a = f32_npy({1.5f, 2.5f}), b = f32_npy({});
  std::string error;
  auto bytes = write_archive({{"a.npy", a}, {"b.npy", b}}, &error);
  REQUIRE(bytes);
  CHECK(bytes->compare(0, 4, "PK\x03\x04") == 0);
  CHECK(bytes->find(a) != std::string::npos);  // stored: the bytes as they are
  Reader reader;
  REQUIRE(reader.open(*bytes, &error));
  CHECK(reader.member_names() == std::vector<std::string>{"a.npy", "b.npy"});
  std::string contents;
  CHECK(reader.read("a.npy", 1 << 20, &contents, &error) == Reader::Status::kOk);
  CHECK(contents == a);
  CHECK(reader.read("b.npy", 1 << 20, &contents, &error) == Reader::Status::kOk);
  CHECK(contents == b);
  CHECK(reader.read("c.npy", 1 << 20, &contents, &error) == Reader::Status::kMissing);
  CHECK(reader.read("a.npy", 10, &contents, &error) == Reader::Status::kError);
  CHECK(error.find("the input limit is 10") != std::string::npos);
}

TEST_CASE("write_archive is deterministic; an empty archive is valid", "[npz]") {
  std::string error;
  auto one = write_archive({{"x.npy", f32_npy({3.0f})}}, &error);
  auto two = write_archive({{"x.npy", f32_npy({3.0f})}}, &error);
  REQUIRE(one);
  REQUIRE(two);
  CHECK(*one == *two);
  auto empty = write_archive({}, &error);
  REQUIRE(empty);
  Reader reader;
  REQUIRE(reader.open(*empty, &error));
  CHECK(reader.member_names().empty());
}

TEST_CASE("Reader: deflated members, damaged and unsupported ones", "[npz]") {
  const std::string a = f32_npy({1, 2, 3, 4, 5, 6, 7, 8});
  std::string error, contents;
  {
    Reader reader;
    REQUIRE(reader.open(deflated_archive({{"a.npy", a}}), &error));
    CHECK(reader.read("a.npy", 1 << 20, &contents, &error) == Reader::Status::kOk);
    CHECK(contents == a);
  }
  {
    auto stored = write_archive({{"a.npy", a}}, &error);
    REQUIRE(stored);
    std::string damaged = *stored;
    damaged[damaged.find(a) + a.size() - 1] ^= 0x55;  // the checksum no longer fits
    Reader reader;
    REQUIRE(reader.open(damaged, &error));
    CHECK(reader.read("a.npy", 1 << 20, &contents, &error) == Reader::Status::kError);
    CHECK(error.find("cannot read it") != std::string::npos);
  }
  {
    auto bzip = write_archive({{"a.npy", a}}, &error);
    REQUIRE(bzip);
    set_method(*bzip, 12);
    Reader reader;
    REQUIRE(reader.open(*bzip, &error));
    CHECK(reader.read("a.npy", 1 << 20, &contents, &error) == Reader::Status::kError);
    CHECK(error.find("compression method 12") != std::string::npos);
  }
  Reader reader;
  CHECK_FALSE(reader.open("\x93NUMPY not an archive", &error));
  CHECK(error.find("not a .npz (zip) archive") != std::string::npos);
}

}  // namespace
}  // namespace taskc::npz
