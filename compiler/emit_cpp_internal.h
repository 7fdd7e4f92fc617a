// Shared by emit_cpp.cc (statements, file layout) and emit_cpp_expr.cc
// (scalar expressions and the helpers they need). Internal to the emitter.
#ifndef TASKC_COMPILER_EMIT_CPP_INTERNAL_H
#define TASKC_COMPILER_EMIT_CPP_INTERNAL_H

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "emit_cpp_names.h"
#include "plan.h"

namespace taskc {

// Which `taskc_*` helpers the file uses; only those are emitted.
struct CppHelpers {
  bool floordiv = false;  // signed floor division
  bool mod = false;       // signed floor modulo
  bool udiv = false;      // unsigned division (checked)
  bool umod = false;
  bool min = false;
  bool max = false;
  bool read = false;  // tensor.read with its index as arguments
  bool fp16_bits = false;  // run-time initial values of FP16 / BF16 tensors
  bool bf16_bits = false;
  // Run-time checks of values (emit_cpp_checks.cc).
  bool add = false;  // arithmetic that may overflow its dtype
  bool sub = false;
  bool mul = false;
  bool narrow = false;        // an integer conversion that may not fit
  bool float_to_int = false;  // an FP32 to integer conversion
  bool read_checked = false;  // tensor.read with an index not proven in range
  bool loop_next = false;     // a loop step that may pass INT64
  bool elements = false;      // element counts of a reshape
  // Shared by the statements (emit_cpp_checks.cc): the report of a failed
  // check, and views by rank.
  bool fatal = false;
  std::set<size_t> view_ranks;
  bool output_ref = false;   // a task's or alloc_tensors' output, by reference
  bool create_info = false;  // a TensorCreateInfo
  // The payload adds the submit helpers call: method, parameter type.
  std::set<std::pair<std::string, std::string>> adds;
};

// The C++ type of a scalar dtype; InternalError when it has none.
const char* cxx_type(DType d);

class CppExprPrinter {
 public:
  CppExprPrinter(const Plan& plan, CppHelpers& helpers) : plan_(plan), helpers_(helpers) {}

  // The expression, parenthesized as C++ needs it.
  std::string print(const PlanExpr& e);
  // The expression with exactly the C++ type of its dtype (for template
  // argument deduction, e.g. set_tensor_data's value).
  std::string exact(const PlanExpr& e);
  // The expression as an element of a `const uint32_t x[] = {...}` array:
  // literals that fit as they are, anything else through static_cast.
  std::string u32(const PlanExpr& e);
  // The expression as an operand of a comparison (`x < <e>`).
  std::string comparison_operand(const PlanExpr& e);

 private:
  struct Text {
    std::string s;
    int precedence;
  };
  Text text(const PlanExpr& e);
  Text binary(const PlanExpr& e);
  // `e` as an operand that needs at least `precedence`.
  std::string operand(const PlanExpr& e, int precedence);

  // A checked node (PlanExpr::check) as a call of its helper.
  Text checked(const PlanExpr& e);
  // The message of a check, as a C string literal.
  std::string message(const PlanExpr& e) const;

  const Plan& plan_;
  CppHelpers& helpers_;
};

// ", "-joined items.
std::string join(const std::vector<std::string>& items);
// The name of a view's or reshape's uint32_t array `what` ("shapes", ...).
std::string array_name(const PlanTensor& t, const char* what);
// " (2*N)": how an expected extent was written, unless it is a number.
std::string symbolic_note(const PlanExpr& extent, const std::string& text);
// A lane's kernel id in MixedKernels.
std::string lane_id(int id);

// A task's submit as a call of a `static` helper: the helper's parameters
// and body (it fills a CoreTaskArgs named `args` and submits it), and the
// arguments the call site passes, in the same order.
struct SubmitCall {
  std::vector<std::string> params;  // "const ChipTensor& t0"
  std::vector<std::string> body;    // statements of the helper, unindented
  std::vector<std::string> args;    // what the site passes for each parameter
  void pass(const std::string& param, const std::string& arg) {
    params.push_back(param);
    args.push_back(arg);
  }
};

// Writes one orchestration C++ file from a plan (emit_cpp.cc: layout,
// prologue, statements; emit_cpp_task.cc: tasks).
class CppEmitter {
 public:
  CppEmitter(const Plan& plan, const std::string& input, const std::string& version)
      : plan_(plan), input_(input), version_(version) {}

  std::string emit();

 private:
  void line(const std::string& s) {
    if (!s.empty()) out_.append(static_cast<size_t>(depth_) * 4, ' ');
    out_ += s;
    out_ += '\n';
  }
  void open(const std::string& s) {
    line(s);
    ++depth_;
  }
  void close(const std::string& s = "}") {
    --depth_;
    line(s);
  }
  void reopen(const std::string& s) {
    --depth_;
    line(s);
    ++depth_;
  }
  void unused(const std::string& name, bool used) {
    if (!used) line("(void)" + name + ";");
  }
  // `if (condition) { taskc_fatal(...); return; }`; `format` is a
  // literal body (already escaped) with printf conversions for `args`.
  void fatal_unless_ok(const std::string& condition, const std::string& format,
                       const std::vector<std::string>& args);
  void u32_array(const std::string& name, const std::vector<PlanExpr>& values);
  void emit_check(const PlanCheck& c);
  // After a statement whose value a helper checked: a failure was reported,
  // so the orchestration stops (emit_cpp_checks.cc).
  void stop_if_failed(const PlanExpr& value);
  // Entry scalars whose 64-bit argument does not hold a value of their dtype.
  void emit_entry_scalar_checks();

  void emit_prologue();
  void emit_block(const PlanBlock& b);
  void emit_nodes(const std::vector<PlanNode>& nodes);
  // The statements of a block, in functions of bounded size
  // (emit_cpp_parts.cc).
  void emit_block_nodes(const std::vector<PlanNode>& nodes);
  // Statements first..last in a part next to the block's other parts.
  void emit_sibling_part(const std::vector<PlanNode>& nodes, const BlockNames& names,
                         size_t first, size_t last);
  // While a part ending at statement `last` is written, a task whose
  // results are named after it: its results that the caller declares
  // again after the part.
  struct ResultSplit {
    const BlockNames* names;
    size_t last;
    std::vector<std::string> caller;
  };
  // `declaration` of a task's result `name`, where the split puts it.
  void declare_result(const std::string& name, const std::string& declaration, bool used);
  // A lambda the code between open_part and close_part goes into, called
  // where it is defined; its caller's size so far, in bytes.
  struct Part {
    std::string name;
    size_t caller_bytes;
  };
  Part open_part();
  void close_part(const Part& part);
  // Before one of the entry's checks: a part for it once the function is
  // full (closing the last one when that is full too).
  void next_check_part(std::optional<Part>& part);
  // How the function being written stops after a fatal error.
  const char* stop() const { return open_parts_ > 0 ? "return false;" : "return;"; }
  void emit_node(const PlanNode& n);
  void emit_alloc(const PlanAlloc& a);
  void emit_tensor_decl(const PlanTensor& t);
  // `TensorCreateInfo <ci> = taskc_create_info(<shape>, rank, dtype);` and its
  // initial value.
  void emit_create_info(const PlanTensor& t, const std::string& ci, const std::string& shape);
  std::string initial_value(const PlanTensor& t);
  void emit_id_decl(const PlanIdDecl& d);
  void emit_for(const PlanFor& loop);
  void emit_if_chain(const PlanIf& n);
  // ---- tasks (emit_cpp_task.cc) ----
  void emit_task(const PlanTask& t);
  void add_payload(const PlanTask& t, SubmitCall& call);
  void add_option(const PlanOption& o, SubmitCall& call);
  void add_dependencies(const PlanTask& t, SubmitCall& call);
  void add_predicate(const PlanTask& t, SubmitCall& call);
  void add_submit(const PlanTask& t, const std::string& where, SubmitCall& call);
  // The name of the helper of `call`'s parameters and body, defined on
  // first use (one per distinct text: sites of one shape share it).
  std::string submit_helper(const PlanTask& t, const SubmitCall& call);
  void emit_results(const PlanTask& t, const std::string& call);
  std::string narrow(const PlanExpr& value, const char* type);
  void emit_option_check(const PlanOption& o, const std::string& where);
  std::string header() const;
  std::string site_symbols() const;
  const std::string& name(TensorId t) const { return plan_.tensor(t).cxx_name; }

  const Plan& plan_;
  const std::string& input_;
  const std::string& version_;
  CppHelpers helpers_;
  CppExprPrinter expr_{plan_, helpers_};
  std::string out_;
  // The submit helpers' definitions, and each one's name by its text.
  std::string submit_helpers_;
  std::unordered_map<std::string, std::string> submit_helper_names_;
  int depth_ = 0;
  // Where the function being written starts in out_ (less its parts), and
  // the parts open around the current line.
  size_t function_start_ = 0;
  int open_parts_ = 0;
  ResultSplit* split_ = nullptr;  // the task being written has its results split
  int next_part_ = 0;
  int next_index_array_ = 0;
  int next_taken_flag_ = 0;
};

// Definitions of the used helpers (empty when none is used); those of the
// value checks (emit_cpp_checks.cc).
std::string cpp_helper_definitions(const CppHelpers& helpers);
std::string check_helper_definitions(const CppHelpers& helpers);
// taskc_fatal, taskc_view<rank> and taskc_add_<method>, when used (part
// of the above).
std::string statement_helper_definitions(const CppHelpers& helpers);

// The C++ literal of an FP32 value ("0.5f", "1e-05f").
std::string float_literal(double value);

}  // namespace taskc

#endif  // TASKC_COMPILER_EMIT_CPP_INTERNAL_H
