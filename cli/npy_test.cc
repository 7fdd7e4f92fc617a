// .npy headers: what NumPy writes (versions 1.0 to 3.0, Python 2 longs),
// what taskc writes, and every malformed header a clear error.
#include "npy.h"

#include <catch2/catch.hpp>
#include <cstring>

namespace taskc::npy {
namespace {

// A file as NumPy lays it out: magic, version, little-endian header length,
// the dict padded with spaces to a multiple of 64 bytes, a newline, the data.
std::string numpy_file(const std::string& dict, const std::string& data,
                       int major = 1) {
  const size_t preamble = major == 1 ? 10 : 12;
  size_t length = dict.size() + 1;
  length += (64 - (preamble + length) % 64) % 64;
  std::string file = "\x93NUMPY";
  file += static_cast<char>(major);
  file += '\0';
  for (size_t i = 0; i < (major == 1 ? 2u : 4u); ++i) {
    file += static_cast<char>((length >> (8 * i)) & 0xFF);
  }
  file += dict + std::string(length - dict.size() - 1, ' ') + "\n" + data;
  return file;
}

std::string floats(std::initializer_list<float> values) {
  std::string bytes(values.size() * 4, '\0');
  std::memcpy(bytes.data(), values.begin(), bytes.size());
  return bytes;
}

std::string parse_error(const std::string& file) {
  Header header;
  std::string error;
  CHECK_FALSE(parse(file, &header, &error));
  return error;
}

TEST_CASE("npy: a version 1.0 file as NumPy writes it") {
  std::string file = numpy_file(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
      floats({1.0f, 2.0f, 3.0f}));
  Header header;
  std::string error;
  REQUIRE(parse(file, &header, &error));
  CHECK(header.major_version == 1);
  CHECK(header.descr == "<f4");
  CHECK(header.shape == std::vector<uint64_t>{3});
  CHECK(header.data_offset == 128);  // 10 + 58 + 1 bytes, padded to 64
  CHECK(header.item_size == 4);
  CHECK(header.element_count == 3);
}

TEST_CASE("npy: versions 2.0 and 3.0, Python 2 longs, odd spacing") {
  Header header;
  std::string error;
  for (int major : {2, 3}) {
    std::string file = numpy_file(
        "{\"descr\":\"<i8\",\"shape\":(2L, 1L),\"fortran_order\":False}",
        std::string(16, '\0'), major);
    REQUIRE(parse(file, &header, &error));
    CHECK(header.major_version == major);
    CHECK(header.shape == std::vector<uint64_t>{2, 1});
    CHECK(header.data_offset == file.size() - 16);
  }
}

TEST_CASE("npy: a 0-d array and an empty array") {
  Header header;
  std::string error;
  REQUIRE(parse(numpy_file("{'descr': '|b1', 'fortran_order': False, 'shape': (), }",
                           std::string(1, '\1')),
                &header, &error));
  CHECK(header.shape.empty());
  CHECK(header.element_count == 1);
  REQUIRE(parse(numpy_file("{'descr': '<f2', 'fortran_order': False, 'shape': (0, 5), }",
                           ""),
                &header, &error));
  CHECK(header.element_count == 0);
}

TEST_CASE("npy: make_file writes version 1.0 that parse reads back") {
  std::string data = floats({1.5f, -2.0f, 0.25f, 8.0f, 9.0f, 10.0f});
  std::string file = make_file("<f4", {2, 3}, data);
  CHECK(file.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)) == 0);
  CHECK(file.find("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }") == 10);
  Header header;
  std::string error;
  REQUIRE(parse(file, &header, &error));
  CHECK(header.data_offset % 64 == 0);
  CHECK(file[header.data_offset - 1] == '\n');
  CHECK(header.shape == std::vector<uint64_t>{2, 3});
  CHECK(file.substr(header.data_offset) == data);
  CHECK(make_file("<u2", {7}, std::string(14, 'x')).find("(7,)") != std::string::npos);
}

TEST_CASE("npy: malformed files are errors that say why") {
  const std::string f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  CHECK(parse_error("PK\x03\x04 not npy").find("not a NumPy .npy file") !=
        std::string::npos);
  std::string v4 = numpy_file(f4, floats({1, 2}));
  v4[6] = 4;
  CHECK(parse_error(v4).find("version 4.0") != std::string::npos);
  std::string truncated = numpy_file(f4, floats({1, 2})).substr(0, 40);
  CHECK(parse_error(truncated).find("truncated") != std::string::npos);
  CHECK(parse_error(numpy_file(f4, floats({1, 2, 3}))).find("12 data bytes") !=
        std::string::npos);
  CHECK(parse_error(numpy_file(f4, floats({1})))
            .find("(2,) of '<f4' but 4 data bytes") != std::string::npos);
  CHECK(parse_error(numpy_file(
                        "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",
                        floats({1, 2})))
            .find("Fortran order") != std::string::npos);
  CHECK(parse_error(numpy_file("{'descr': [('x', '<f4')], 'fortran_order': False, "
                               "'shape': (2,), }",
                               floats({1, 2})))
            .find("structured") != std::string::npos);
  CHECK(parse_error(numpy_file(
                        "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
                        floats({1, 2})))
            .find("big-endian") != std::string::npos);
  CHECK(parse_error(numpy_file(
                        "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }",
                        std::string(16, '\0')))
            .find("unsupported dtype '|O'") != std::string::npos);
  CHECK(parse_error(numpy_file("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (2,), 'extra': 1, }",
                               floats({1, 2})))
            .find("unknown key 'extra'") != std::string::npos);
  CHECK(parse_error(numpy_file("{'descr': '<f4', 'shape': (2,), }", floats({1, 2})))
            .find("needs 'descr', 'fortran_order' and 'shape'") != std::string::npos);
  CHECK(parse_error(numpy_file("{'descr': '<f4', 'descr': '<f4', "
                               "'fortran_order': False, 'shape': (2,), }",
                               floats({1, 2})))
            .find("'descr' appears twice") != std::string::npos);
  CHECK(parse_error(numpy_file("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (-2,), }",
                               floats({1, 2})))
            .find("'shape' is not a tuple") != std::string::npos);
  CHECK(parse_error(numpy_file("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (99999999999, 99999999999, 99999999999), }",
                               ""))
            .find("too large") != std::string::npos);
}

TEST_CASE("npy: which descr holds which runtime dtype") {
  CHECK(descr_for_dtype("FLOAT32") == "<f4");
  CHECK(descr_for_dtype("BOOL") == "|b1");
  CHECK(descr_for_dtype("BFLOAT16") == "<u2");
  CHECK(descr_for_dtype("FP8E4M3FN") == "|u1");
  CHECK(descr_for_dtype("COMPLEX") == "");

  CHECK(descr_matches_dtype("<f4", "FLOAT32"));
  CHECK(descr_matches_dtype("=f4", "FLOAT32"));
  CHECK_FALSE(descr_matches_dtype("<f8", "FLOAT32"));
  CHECK_FALSE(descr_matches_dtype("<i4", "FLOAT32"));
  CHECK(descr_matches_dtype("|u1", "UINT8"));
  CHECK(descr_matches_dtype("<u1", "UINT8"));
  CHECK(descr_matches_dtype("|i1", "INT8"));
  CHECK(descr_matches_dtype("<i8", "INT64"));
  CHECK_FALSE(descr_matches_dtype("<u8", "INT64"));
  CHECK(descr_matches_dtype("<u2", "BFLOAT16"));
  CHECK(descr_matches_dtype("|V2", "BFLOAT16"));
  CHECK(descr_matches_dtype("<V2", "BFLOAT16"));
  CHECK_FALSE(descr_matches_dtype("<f2", "BFLOAT16"));
  CHECK(descr_matches_dtype("<f2", "FLOAT16"));
  CHECK(descr_matches_dtype("|b1", "BOOL"));
  CHECK_FALSE(descr_matches_dtype("|u1", "BOOL"));
  for (const char* fp8 : {"FP8E4M3FN", "FP8E8M0", "FP4E2M1"}) {
    CHECK(descr_matches_dtype("|u1", fp8));
    CHECK(descr_matches_dtype("|V1", fp8));
    CHECK_FALSE(descr_matches_dtype("|i1", fp8));
  }
  CHECK(accepted_descrs("FLOAT32") == "'<f4'");
  CHECK(accepted_descrs("BFLOAT16") == "'<u2' or '|V2' (raw bits)");
}

TEST_CASE("npy: shape_text prints like NumPy") {
  CHECK(shape_text({}) == "()");
  CHECK(shape_text({16}) == "(16,)");
  CHECK(shape_text({2, 3, 4}) == "(2, 3, 4)");
}

}  // namespace
}  // namespace taskc::npy
