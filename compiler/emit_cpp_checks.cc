// The C++ of the run-time value checks (language-v2.md §4, plan_checks.cc):
// checked arithmetic, conversions and element reads call helpers that
// report a failure with rt_report_fatal and yield 0; the statement that
// used one is followed by `if (rt_is_fatal()) { return; }`. Entry scalars
// are checked against their dtype when the orchestration starts. A failed
// statement check calls the shared taskc_fatal.
#include "emit_cpp_internal.h"
#include "emit_text.h"
#include "int_ranges.h"

namespace taskc {

namespace {

bool is_signed_integer(DType d) {
  return d == DType::kInt8 || d == DType::kInt16 || d == DType::kInt32 || d == DType::kInt64 ||
         d == DType::kIndex;
}

int bits_of(DType d) {
  switch (d) {
    case DType::kBool:
    case DType::kInt8:
    case DType::kUint8: return 8;
    case DType::kInt16:
    case DType::kUint16: return 16;
    case DType::kInt32:
    case DType::kUint32: return 32;
    default: return 64;
  }
}

// An exact double literal of a power of two (or its negation).
std::string power_literal(int exponent, bool negative) {
  return (negative ? "-" : "") + wide_to_string(WideInt{1} << exponent) + ".0";
}

}  // namespace

std::string CppExprPrinter::message(const PlanExpr& e) const {
  return "\"" + c_string_literal_body(plan_.orchestration + ": " + e.check) + "\"";
}

CppExprPrinter::Text CppExprPrinter::checked(const PlanExpr& e) {
  const std::string what = message(e);
  switch (e.kind) {
    case PlanExprKind::kBinary: {
      if (e.op == PlanOp::kFloorDiv) {
        // MIN // -1: taskc_floordiv reports INT64's itself; a narrower
        // quotient (computed in 64 bits) must fit its dtype.
        helpers_.floordiv = true;
        std::string q = "taskc_floordiv(" + print(e.operands.at(0)) + ", " +
                        print(e.operands.at(1)) + ")";
        if (bits_of(e.dtype) == 64) return {q, 16};
        helpers_.narrow = true;
        return {std::string("taskc_narrow<") + cxx_type(e.dtype) + ">(" + q + ", " + what + ")",
                16};
      }
      const char* name = e.op == PlanOp::kAdd   ? "taskc_add"
                         : e.op == PlanOp::kSub ? "taskc_sub"
                         : e.op == PlanOp::kMul ? "taskc_mul"
                                                : nullptr;
      if (!name) throw InternalError("a checked binary operation that is not + - *");
      (e.op == PlanOp::kAdd ? helpers_.add : e.op == PlanOp::kSub ? helpers_.sub : helpers_.mul) =
          true;
      return {std::string(name) + "<" + cxx_type(e.operand_dtype) + ">(" +
                  print(e.operands.at(0)) + ", " + print(e.operands.at(1)) + ", " + what + ")",
              16};
    }
    case PlanExprKind::kUnary:  // negation: 0 - x
      helpers_.sub = true;
      return {std::string("taskc_sub<") + cxx_type(e.dtype) + ">(0, " + print(e.operands.at(0)) +
                  ", " + what + ")",
              16};
    case PlanExprKind::kCast: {
      const PlanExpr& from = e.operands.at(0);
      if (dtype_info(from.dtype).is_float) {
        helpers_.float_to_int = true;
        int bits = bits_of(e.dtype);
        bool is_signed = is_signed_integer(e.dtype);
        std::string low = is_signed ? power_literal(bits - 1, true) : "0.0";
        std::string high = power_literal(is_signed ? bits - 1 : bits, false);
        return {std::string("taskc_float_to_int<") + cxx_type(e.dtype) + ">(" + print(from) +
                    ", " + low + ", " + high + ", " + what + ")",
                16};
      }
      helpers_.narrow = true;
      return {std::string("taskc_narrow<") + cxx_type(e.dtype) + ">(" + print(from) + ", " +
                  what + ")",
              16};
    }
    case PlanExprKind::kRead: {
      helpers_.read_checked = true;
      std::string s = std::string("taskc_read_checked<") + cxx_type(e.dtype) + ">(" +
                      plan_.tensor(e.tensor).cxx_name + ", " + what;
      for (const PlanExpr& i : e.operands) s += ", " + print(i);
      return {s + ")", 16};
    }
    default:
      break;
  }
  throw InternalError("a checked expression of an unexpected kind");
}

void CppEmitter::emit_check(const PlanCheck& c) {
  std::vector<std::string> args;
  for (const PlanExpr& a : c.args) args.push_back("static_cast<long long>(" + expr_.print(a) + ")");
  fatal_unless_ok(expr_.print(c.fails), c.format, args);
}

void CppEmitter::stop_if_failed(const PlanExpr& value) {
  if (!has_check(value)) return;
  open("if (rt_is_fatal()) {");
  line(stop());
  close();
}

// The runtime passes every scalar as 64 bits: the to_u64 bytes of a value
// (zero-extended), or a signed value sign-extended to 64 bits. An integer
// or BOOL argument that is neither would be cut to the dtype's width
// without a word.
void CppEmitter::emit_entry_scalar_checks() {
  for (const PlanEntryParam& e : plan_.entry_params) {
    if (e.param.is_tensor) continue;
    DType d = e.param.dtype;
    int bits = bits_of(d);
    if (bits == 64 || !(dtype_info(d).is_integer || d == DType::kBool)) continue;
    std::string raw = "orch_args.scalar(" + std::to_string(e.scalar_index) + ")";
    uint64_t top = d == DType::kBool ? 1 : (uint64_t{1} << bits) - 1;
    std::string condition = raw + " > " + std::to_string(top) + "ULL";
    if (is_signed_integer(d)) {
      uint64_t negative = 0 - (uint64_t{1} << (bits - 1));  // sign-extended minimum
      condition += " && " + raw + " < " + std::to_string(negative) + "ULL";
    }
    fatal_unless_ok(condition,
                    "entry scalar '" + e.param.name + "' is %llu as 64 bits, not a value of " +
                        dtype_info(d).name,
                    {"static_cast<unsigned long long>(" + raw + ")"});
  }
}

// A failed check's report and a view are helpers shared by the file's
// statements, so that each site is a call: rt_report_fatal is a macro of
// the runtime that would expand at every check, and view's loops would be
// inlined at every view, and each payload add at every submit helper
// (docs/PERFORMANCE.md, "Generated C++"). `cold` moves only the failure
// path out of the way.
std::string statement_helper_definitions(const CppHelpers& h) {
  std::string out;
  if (h.fatal) {
    out +=
        "// The report of a failed run-time check: the format and values the check\n"
        "// gives, as a fatal error (the orchestration then stops). The format is\n"
        "// always one of this file's literals, written with its values' types.\n"
        "#pragma GCC diagnostic push\n"
        "#pragma GCC diagnostic ignored \"-Wformat-nonliteral\"\n"
        "template <typename... Arg>\n"
        "static __attribute__((noinline, cold)) void taskc_fatal(const char* format, "
        "Arg... arg) {\n"
        "    rt_report_fatal(PTO2_ERROR_INVALID_ARGS, format, arg...);\n"
        "}\n"
        "#pragma GCC diagnostic pop\n\n";
  }
  for (size_t rank : h.view_ranks) {
    std::string r = std::to_string(rank);
    out += "// A view of `base`: its " + r + " extents, then its " + r + " offsets.\n" +
           "static __attribute__((noinline)) ChipTensor taskc_view" + r +
           "(const ChipTensor& base, const uint32_t (&axes)[" + std::to_string(2 * rank) +
           "]) {\n" + "    return base.view(axes, axes + " + r + ");\n" + "}\n\n";
  }
  if (h.output_ref) {
    out +=
        "// Output `index` of a submit or an allocation (the runtime's reference).\n"
        "static __attribute__((noinline)) const ChipTensor& taskc_output("
        "const TaskOutputTensors& outs, uint32_t index) {\n"
        "    return outs.get_ref(index);\n"
        "}\n\n";
  }
  if (h.create_info) {
    out +=
        "static __attribute__((noinline)) TensorCreateInfo taskc_create_info("
        "const uint32_t shape[], uint32_t rank, DataType dtype) {\n"
        "    return TensorCreateInfo(shape, rank, dtype);\n"
        "}\n\n";
  }
  if (!h.adds.empty()) {
    out += "// Payload adds, shared by the submit helpers.\n";
  }
  for (const auto& [method, type] : h.adds) {
    bool by_value = type == "uint64_t";
    out += "static __attribute__((noinline)) void taskc_" + method + "(CoreTaskArgs& args, " +
           (by_value ? type + " " : "const " + type + "& ") + "value) {\n" + "    args." +
           method + "(value);\n}\n";
  }
  if (!h.adds.empty()) out += "\n";
  return out;
}

std::string check_helper_definitions(const CppHelpers& h) {
  std::string out = statement_helper_definitions(h);
  if (h.add || h.sub || h.mul || h.narrow || h.float_to_int || h.read_checked) {
    out +=
        "// Run-time checks: a value that does not fit where it is stored is\n"
        "// reported as a fatal error (the orchestration then stops) instead of\n"
        "// wrapping or being undefined behaviour.\n";
  }
  const char* arithmetic[] = {"add", "sub", "mul"};
  const bool used[] = {h.add, h.sub, h.mul};
  for (int i = 0; i < 3; ++i) {
    if (!used[i]) continue;
    std::string op = arithmetic[i];
    out += "template <typename T>\n"
           "static inline T taskc_" + op + "(T a, T b, const char* what) {\n"
           "    T r;\n"
           "    if (__builtin_" + op + "_overflow(a, b, &r)) {\n"
           "        rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"%s\", what);\n"
           "        return 0;\n"
           "    }\n"
           "    return r;\n"
           "}\n\n";
  }
  if (h.narrow) {
    out +=
        "template <typename T, typename S>\n"
        "static inline T taskc_narrow(S v, const char* what) {\n"
        "    T r;\n"
        "    if (__builtin_add_overflow(v, static_cast<S>(0), &r)) {\n"
        "        rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"%s\", what);\n"
        "        return 0;\n"
        "    }\n"
        "    return r;\n"
        "}\n\n";
  }
  if (h.float_to_int) {
    out +=
        "// Truncates toward zero; the result must lie in [low, high).\n"
        "template <typename T>\n"
        "static inline T taskc_float_to_int(float v, double low, double high, const char* what) {\n"
        "    const double t = __builtin_trunc(static_cast<double>(v));\n"
        "    if (!(t >= low && t < high)) {\n"
        "        rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"%s\", what);\n"
        "        return 0;\n"
        "    }\n"
        "    return static_cast<T>(t);\n"
        "}\n\n";
  }
  if (h.read_checked) {
    out +=
        "template <typename T, typename... Index>\n"
        "static inline T taskc_read_checked(const ChipTensor& tensor, const char* what, "
        "Index... index) {\n"
        "    const int64_t wide[] = {static_cast<int64_t>(index)...};\n"
        "    uint32_t indices[sizeof...(Index)];\n"
        "    for (uint32_t k = 0; k < sizeof...(Index); ++k) {\n"
        "        if (wide[k] < 0 || wide[k] >= static_cast<int64_t>(tensor.shapes[k])) {\n"
        "            rt_report_fatal(PTO2_ERROR_INVALID_ARGS, \"%s: index %lld is outside axis "
        "%u (extent %u)\", what, static_cast<long long>(wide[k]), static_cast<unsigned>(k), "
        "static_cast<unsigned>(tensor.shapes[k]));\n"
        "            return T{};\n"
        "        }\n"
        "        indices[k] = static_cast<uint32_t>(wide[k]);\n"
        "    }\n"
        "    return get_tensor_data<T>(tensor, static_cast<uint32_t>(sizeof...(Index)), indices);\n"
        "}\n\n";
  }
  if (h.loop_next) {
    out +=
        "// The next value of a loop variable, or `stop` when adding `step` would\n"
        "// pass INT64 (and so also `stop`): the loop ends instead of wrapping.\n"
        "static inline int64_t taskc_loop_next(int64_t i, int64_t step, int64_t stop) {\n"
        "    int64_t next;\n"
        "    if (__builtin_add_overflow(i, step, &next)) {\n"
        "        return stop;\n"
        "    }\n"
        "    return next;\n"
        "}\n\n";
  }
  if (h.elements) {
    out +=
        "// The element count of a shape; UINT64_MAX when it does not fit 64 bits.\n"
        "template <typename... Extent>\n"
        "static inline uint64_t taskc_elements(Extent... extent) {\n"
        "    const uint64_t extents[] = {static_cast<uint64_t>(extent)...};\n"
        "    uint64_t count = 1;\n"
        "    for (uint64_t e : extents) {\n"
        "        if (__builtin_mul_overflow(count, e, &count)) {\n"
        "            return UINT64_MAX;\n"
        "        }\n"
        "    }\n"
        "    return count;\n"
        "}\n\n";
  }
  return out;
}

}  // namespace taskc
