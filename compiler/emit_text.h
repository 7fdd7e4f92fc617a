// Text escaping shared by the emitters: strings from the input (file names,
// @source paths) may hold any bytes, and must never end a comment, start a
// new line or break a string literal in what taskc writes.
#ifndef TASKC_COMPILER_EMIT_TEXT_H
#define TASKC_COMPILER_EMIT_TEXT_H

#include <string>
#include <string_view>

namespace taskc {

// Text safe inside a C++ `//` comment or a Python `#` comment, in plain
// ASCII: backslash (which would splice lines at a line end), control bytes,
// DEL and non-ASCII bytes become `\xHH`; `*/` and `??` are broken up
// (`*\x2f`, `?\x3f`) so that the text cannot close a block comment or form
// a trigraph.
std::string comment_text(std::string_view text);

// The body of a C string literal used as a printf format: `"`, `\` and `%`
// escaped, every byte outside printable ASCII as an octal escape.
std::string c_format_literal_body(std::string_view text);
// The same for a plain string (`%` as it is).
std::string c_string_literal_body(std::string_view text);

// A double-quoted Python string literal for `text` (UTF-8), in plain ASCII:
// `\\`, `\"`, `\n`, `\r`, `\t`, other control characters as `\xHH`,
// non-ASCII code points as `\uXXXX`/`\UXXXXXXXX`, and bytes that are not
// valid UTF-8 as the surrogate escapes `\udcHH` that Python's file system
// encoding maps back to those bytes.
std::string python_string_literal(std::string_view text);

// An FP32 value (`value` rounded to float) in the shortest digits that read
// back as it, always with a '.' or an exponent ("2.0", "1e-05"); "nan",
// "inf" or "-inf" when it is not finite.
std::string fp32_text(double value);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_TEXT_H
