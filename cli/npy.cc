#include "npy.h"

#include <array>
#include <limits>
#include <optional>

namespace taskc::npy {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr size_t kPreamble1 = 10;  // magic, version, 2-byte header length
constexpr size_t kPreamble2 = 12;  // magic, version, 4-byte header length
// NumPy aligns the data to 64 bytes so that it can be memory-mapped.
constexpr size_t kAlignment = 64;

// The header is a Python dict literal; NumPy writes a tiny subset of Python
// (strings, True/False, tuples of integers), which is all this accepts.
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : text_(text) {}

  bool parse(Header* header, std::string* error) {
    bool seen_descr = false, seen_order = false, seen_shape = false;
    skip_space();
    if (!eat('{')) return fail("the header is not a dict", error);
    while (true) {
      skip_space();
      if (eat('}')) break;
      std::string key;
      if (!string_literal(&key)) return fail("expected a quoted key", error);
      skip_space();
      if (!eat(':')) return fail("expected ':' after '" + key + "'", error);
      skip_space();
      if (key == "descr") {
        if (seen_descr) return fail("'descr' appears twice", error);
        seen_descr = true;
        if (peek() == '[') {
          return fail("structured dtypes (a list as 'descr') are not supported",
                      error);
        }
        if (!string_literal(&header->descr)) {
          return fail("'descr' is not a string", error);
        }
      } else if (key == "fortran_order") {
        if (seen_order) return fail("'fortran_order' appears twice", error);
        seen_order = true;
        if (word("True")) {
          header->fortran_order = true;
        } else if (word("False")) {
          header->fortran_order = false;
        } else {
          return fail("'fortran_order' is not True or False", error);
        }
      } else if (key == "shape") {
        if (seen_shape) return fail("'shape' appears twice", error);
        seen_shape = true;
        if (!tuple(&header->shape)) {
          return fail("'shape' is not a tuple of non-negative integers", error);
        }
      } else {
        return fail("unknown key '" + key + "'", error);
      }
      skip_space();
      if (eat(',')) continue;
      if (eat('}')) break;
      return fail("expected ',' or '}'", error);
    }
    // NumPy pads the header with spaces and ends it with a newline.
    skip_space();
    if (pos_ != text_.size()) return fail("text after the dict", error);
    if (!seen_descr || !seen_order || !seen_shape) {
      return fail("the header needs 'descr', 'fortran_order' and 'shape'",
                  error);
    }
    return true;
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool word(std::string_view w) {
    if (text_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }
  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
            text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool fail(const std::string& what, std::string* error) const {
    *error = "bad .npy header: " + what + " (at header byte " +
             std::to_string(pos_) + ")";
    return false;
  }

  // 'text' or "text" without escapes: dtype strings and keys never have any.
  bool string_literal(std::string* out) {
    char quote = peek();
    if (quote != '\'' && quote != '"') return false;
    size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) return false;
    std::string_view body = text_.substr(pos_ + 1, end - pos_ - 1);
    if (body.find('\\') != std::string_view::npos) return false;
    *out = std::string(body);
    pos_ = end + 1;
    return true;
  }

  // A non-negative integer; Python 2 NumPy wrote a trailing 'L'.
  bool integer(uint64_t* out) {
    if (peek() < '0' || peek() > '9') return false;
    uint64_t value = 0;
    while (peek() >= '0' && peek() <= '9') {
      const uint64_t digit = static_cast<uint64_t>(peek() - '0');
      if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
        return false;
      }
      value = value * 10 + digit;
      ++pos_;
    }
    eat('L');
    *out = value;
    return true;
  }

  bool tuple(std::vector<uint64_t>* out) {
    out->clear();
    if (!eat('(')) return false;
    skip_space();
    if (eat(')')) return true;
    while (true) {
      uint64_t extent = 0;
      skip_space();
      if (!integer(&extent)) return false;
      out->push_back(extent);
      skip_space();
      if (eat(')')) return true;
      if (!eat(',')) return false;
      skip_space();
      if (eat(')')) return true;
      // An .npy array never has more axes than NumPy allows (64).
      if (out->size() > 64) return false;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// Bytes per element of a simple descr ("<f4", "|b1", "<V2"); nullopt for
// anything else (strings, objects, datetimes, complex types taskc never uses).
std::optional<size_t> item_size(std::string_view descr, std::string* error) {
  if (descr.size() < 3 || std::string_view("<>|=").find(descr[0]) ==
                              std::string_view::npos) {
    *error = "unsupported dtype '" + std::string(descr) + "'";
    return std::nullopt;
  }
  if (std::string_view("biufV").find(descr[1]) == std::string_view::npos) {
    *error = "unsupported dtype '" + std::string(descr) +
             "'; taskc reads bool, integer, float and raw (void) arrays";
    return std::nullopt;
  }
  size_t size = 0;
  for (char c : descr.substr(2)) {
    if (c < '0' || c > '9' || size > 1'000'000) {
      *error = "unsupported dtype '" + std::string(descr) + "'";
      return std::nullopt;
    }
    size = size * 10 + static_cast<size_t>(c - '0');
  }
  if (size == 0) {
    *error = "unsupported dtype '" + std::string(descr) + "'";
    return std::nullopt;
  }
  if (descr[0] == '>' && size > 1) {
    *error = "big-endian dtype '" + std::string(descr) +
             "'; convert it with arr.astype(arr.dtype.newbyteorder('<'))";
    return std::nullopt;
  }
  return size;
}

uint32_t read_le(std::string_view bytes, size_t offset, size_t width) {
  uint32_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[offset + i]))
             << (8 * i);
  }
  return value;
}

struct DtypeDescrs {
  std::string_view dtype;
  std::string_view written;        // what taskc writes
  std::array<std::string_view, 3> also;  // further accepted descrs
  bool raw_bits;                   // no NumPy dtype: the bits travel as-is
};

constexpr DtypeDescrs kDtypeDescrs[] = {
    {"FLOAT32", "<f4", {}, false},
    {"FLOAT16", "<f2", {}, false},
    {"BFLOAT16", "<u2", {"|V2"}, true},
    {"INT8", "|i1", {}, false},
    {"INT16", "<i2", {}, false},
    {"INT32", "<i4", {}, false},
    {"INT64", "<i8", {}, false},
    {"UINT8", "|u1", {}, false},
    {"UINT16", "<u2", {}, false},
    {"UINT32", "<u4", {}, false},
    {"UINT64", "<u8", {}, false},
    {"BOOL", "|b1", {}, false},
    {"FP8E4M3FN", "|u1", {"|V1"}, true},
    {"FP8E8M0", "|u1", {"|V1"}, true},
    {"FP4E2M1", "|u1", {"|V1"}, true},
};

const DtypeDescrs* find_dtype(std::string_view dtype) {
  for (const DtypeDescrs& d : kDtypeDescrs) {
    if (d.dtype == dtype) return &d;
  }
  return nullptr;
}

// The same descr with the byte-order aliases folded: on a little-endian host
// '=' means '<', and single bytes and raw (void) data have no byte order.
std::string canonical_descr(std::string_view descr) {
  std::string c(descr);
  if (c.size() < 3) return c;
  if (c[0] == '=') c[0] = '<';
  if (c[1] == 'V' || c.substr(2) == "1") c[0] = '|';
  return c;
}

}  // namespace

bool parse(std::string_view file, Header* header, std::string* error) {
  *header = Header{};
  if (file.size() < kPreamble1 || file.substr(0, kMagic.size()) != kMagic) {
    *error = "not a NumPy .npy file (no \\x93NUMPY magic)";
    return false;
  }
  const int major = static_cast<unsigned char>(file[6]);
  const int minor = static_cast<unsigned char>(file[7]);
  if (major < 1 || major > 3 || minor != 0) {
    *error = "unsupported .npy format version " + std::to_string(major) + "." +
             std::to_string(minor) + " (taskc reads 1.0, 2.0 and 3.0)";
    return false;
  }
  const size_t preamble = major == 1 ? kPreamble1 : kPreamble2;
  if (file.size() < preamble) {
    *error = "truncated .npy header";
    return false;
  }
  const size_t header_length = read_le(file, 8, major == 1 ? 2 : 4);
  if (header_length > file.size() - preamble) {
    *error = "truncated .npy header: it says " + std::to_string(header_length) +
             " bytes but the file has " + std::to_string(file.size() - preamble) +
             " after the preamble";
    return false;
  }
  header->major_version = major;
  header->data_offset = preamble + header_length;
  HeaderParser parser(file.substr(preamble, header_length));
  if (!parser.parse(header, error)) return false;
  if (header->fortran_order) {
    *error = "the array is in Fortran order; taskc reads C order "
             "(save np.ascontiguousarray(arr))";
    return false;
  }
  std::optional<size_t> size = item_size(header->descr, error);
  if (!size) return false;
  header->item_size = *size;
  uint64_t count = 1;
  for (uint64_t extent : header->shape) {
    if (extent != 0 && count > std::numeric_limits<uint64_t>::max() / extent) {
      *error = "the shape " + shape_text(header->shape) + " is too large";
      return false;
    }
    count *= extent;
  }
  header->element_count = count;
  const uint64_t data_bytes = file.size() - header->data_offset;
  if (count > std::numeric_limits<uint64_t>::max() / *size ||
      count * *size != data_bytes) {
    *error = "the header says " + shape_text(header->shape) + " of '" +
             header->descr + "' but " + std::to_string(data_bytes) +
             " data bytes follow it";
    return false;
  }
  return true;
}

std::string shape_text(const std::vector<uint64_t>& shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i != 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  if (shape.size() == 1) text += ",";
  return text + ")";
}

std::string make_file(std::string_view descr, const std::vector<uint64_t>& shape,
                      std::string_view data) {
  std::string dict = "{'descr': '" + std::string(descr) +
                     "', 'fortran_order': False, 'shape': " + shape_text(shape) +
                     ", }";
  // Pad with spaces so that the data starts on a 64-byte boundary; the
  // header ends with a newline.
  size_t preamble = kPreamble1;
  size_t length = dict.size() + 1;
  length += (kAlignment - (preamble + length) % kAlignment) % kAlignment;
  if (length > 0xFFFF) {  // never for rank <= 5, but stay a valid file
    preamble = kPreamble2;
    length = dict.size() + 1;
    length += (kAlignment - (preamble + length) % kAlignment) % kAlignment;
  }
  std::string file(kMagic);
  file += static_cast<char>(preamble == kPreamble1 ? 1 : 2);
  file += '\0';
  const size_t width = preamble == kPreamble1 ? 2 : 4;
  for (size_t i = 0; i < width; ++i) {
    file += static_cast<char>((length >> (8 * i)) & 0xFF);
  }
  file += dict;
  file.append(length - dict.size() - 1, ' ');
  file += '\n';
  file.reserve(file.size() + data.size());
  file += data;
  return file;
}

std::string descr_for_dtype(std::string_view dtype) {
  const DtypeDescrs* d = find_dtype(dtype);
  return d ? std::string(d->written) : std::string();
}

bool descr_matches_dtype(std::string_view descr, std::string_view dtype) {
  const DtypeDescrs* d = find_dtype(dtype);
  if (!d) return false;
  const std::string c = canonical_descr(descr);
  if (c == canonical_descr(d->written)) return true;
  for (std::string_view also : d->also) {
    if (!also.empty() && c == canonical_descr(also)) return true;
  }
  return false;
}

std::string accepted_descrs(std::string_view dtype) {
  const DtypeDescrs* d = find_dtype(dtype);
  if (!d) return "none (the dtype has no .npy form)";
  std::string text = "'" + std::string(d->written) + "'";
  for (std::string_view also : d->also) {
    if (!also.empty()) text += " or '" + std::string(also) + "'";
  }
  if (d->raw_bits) text += " (raw bits)";
  return text;
}

}  // namespace taskc::npy
