// NumPy .npy files for `taskc run`: reading headers of format versions 1.0,
// 2.0 and 3.0, writing version 1.0, and which NumPy dtype ("descr") stands
// for which runtime dtype.
//
// Only C-order arrays of little-endian (or single-byte) numeric dtypes are
// read; the runtime dtypes without a NumPy counterpart travel as raw bits:
// BFLOAT16 as '<u2', the FP8 formats and FP4E2M1 (unpacked, one element per
// byte, as the host runtime stores it) as '|u1'. The void dtypes that
// ml_dtypes arrays are saved with ('|V2', '|V1') are accepted for them too.
#ifndef TASKC_CLI_NPY_H
#define TASKC_CLI_NPY_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace taskc::npy {

struct Header {
  int major_version = 1;
  std::string descr;           // as written in the file, e.g. "<f4"
  bool fortran_order = false;
  std::vector<uint64_t> shape;  // empty for a 0-d array
  size_t data_offset = 0;       // bytes before the first element
  size_t item_size = 0;         // bytes per element, from descr
  uint64_t element_count = 0;   // product of shape (1 for a 0-d array)
};

// Parses the header of a whole .npy file held in `file` and checks that
// exactly element_count * item_size bytes of data follow it. On failure
// returns false with `error` saying what is wrong (no path in it).
bool parse(std::string_view file, Header* header, std::string* error);

// A version 1.0 file (2.0 if the header would not fit) holding `data`, which
// must be element_count * item_size bytes of `descr`.
std::string make_file(std::string_view descr, const std::vector<uint64_t>& shape,
                      std::string_view data);

// "(16,)", "(2, 3)", "()": a shape as NumPy prints it.
std::string shape_text(const std::vector<uint64_t>& shape);

// The descr taskc writes for a runtime dtype name ("FLOAT32" -> "<f4");
// empty for an unknown name.
std::string descr_for_dtype(std::string_view dtype);
// Whether a file with `descr` can hold the runtime dtype `dtype` (byte-order
// aliases '<', '=' and, for single bytes, '|' are equivalent).
bool descr_matches_dtype(std::string_view descr, std::string_view dtype);
// The descrs accepted for `dtype`, for error messages: "'<u2' (raw bits)".
std::string accepted_descrs(std::string_view dtype);

}  // namespace taskc::npy

#endif  // TASKC_CLI_NPY_H
