// Long blocks in functions of bounded size: parts (`taskc_part<n>`
// lambdas) next to one another, and a rest-of-block part when the block's
// own function fills up. See docs/generated-code.md, Statements.
#include <algorithm>
#include <optional>

#include "emit_cpp_internal.h"
#include "emit_cpp_names.h"

namespace taskc {

namespace {

constexpr size_t kMaxFunctionBytes = 12000;
constexpr int kMaxBraceDepth = 200;
// How far ahead a part may reach for the statement that ends it.
constexpr size_t kMaxPartStatements = 64;
constexpr size_t kNoEnd = static_cast<size_t>(-1);

// The last statement of a part that starts at `first`: no statement after
// it names what one inside it declares, other than a task's results (its
// caller declares those again). kNoEnd when no such part is short enough:
// the statement stays in the caller.
size_t part_end(const BlockNames& names, size_t first) {
  size_t reach = first, bytes = 0, best = kNoEnd;
  size_t count = names.fixed_last.size();
  for (size_t last = first; last < count && last - first < kMaxPartStatements; ++last) {
    reach = std::max(reach, names.fixed_last[last]);
    bytes += names.bytes[last];
    if (reach <= last) best = last;
    if (best != kNoEnd && bytes >= kMaxFunctionBytes) break;
  }
  return best;
}

bool named_after(const BlockNames& names, const std::string& result, size_t end) {
  auto found = names.result_uses.find(result);
  return found != names.result_uses.end() && found->second.last > end;
}

}  // namespace

// g++ -O2 takes time superlinear in the size of a function, so no function
// grows much past kMaxFunctionBytes of C++. Past that size, the block's
// statements go into parts (lambdas capturing by reference, not inlined,
// called where they are defined) next to one another, each ending where no
// later statement names what it declared: a `for`, `if` or `scope` on its
// own, a run of call sites whose views and creations are theirs alone. A
// task's results (its TaskOutputTensors, the tensors it allocates, the id
// it declares) do not stop a part: its `task_<N>_outs` is declared before
// the part and assigned in it, and the names later statements need are
// declared again after it. What else later statements name stays in the
// block's own function; when that function (with its parts' calls) passes
// twice the size, the rest of the block goes into a part of its own, which
// then holds the later statements. Inside a part, a fatal error stops the
// part with `return false;` and each enclosing function stops in turn. A
// part keeps the indentation of the code around it (nested parts would
// indent the file quadratically). Rest-of-block parts nest, one in the
// next, so one opens only while the braces around it are fewer than
// kMaxBraceDepth (clang allows 256); past that, the last part grows.
void CppEmitter::emit_block_nodes(const std::vector<PlanNode>& nodes) {
  std::vector<Part> rest;  // the rest-of-block parts open here
  std::optional<BlockNames> names;  // once the block needs parts
  for (size_t i = 0; i < nodes.size();) {
    size_t bytes = out_.size() - function_start_;
    if (bytes <= kMaxFunctionBytes || depth_ + open_parts_ >= kMaxBraceDepth) {
      emit_node(nodes[i++]);
      continue;
    }
    if (bytes > 2 * kMaxFunctionBytes) {
      // (The first statement of a block stays: the part would be the block.)
      if (i != 0) rest.push_back(open_part());
      emit_node(nodes[i++]);
      continue;
    }
    // A block's first statement goes into a part only when it has a body
    // (for, if, scope), as before: otherwise it stays.
    bool has_body = nodes[i].get<PlanFor>() || nodes[i].get<PlanIf>() ||
                    nodes[i].get<PlanScope>();
    if (i == 0 && !has_body) {
      emit_node(nodes[i++]);
      continue;
    }
    if (!names) names = block_names(plan_, nodes);
    size_t end = part_end(*names, i);
    if (end == kNoEnd) {
      emit_node(nodes[i++]);
      continue;
    }
    emit_sibling_part(nodes, *names, i, end);
    i = end + 1;
  }
  for (; !rest.empty(); rest.pop_back()) close_part(rest.back());
}

void CppEmitter::emit_sibling_part(const std::vector<PlanNode>& nodes, const BlockNames& names,
                                   size_t first, size_t last) {
  // The tasks whose results are named after the part.
  std::vector<bool> splits(last - first + 1);
  for (size_t i = first; i <= last; ++i) {
    const PlanTask* t = nodes[i].get<PlanTask>();
    if (!t || (!t->allocates && t->result.kind == PlanTaskResult::Kind::kNone)) continue;
    std::string outs = "task_" + std::to_string(t->index) + "_outs";
    bool split = named_after(names, outs, last) ||
                 (t->result.kind == PlanTaskResult::Kind::kDeclare &&
                  named_after(names, t->result.name, last));
    for (const PlanTensorArg& a : t->tensors) {
      split = split || (a.allocates && named_after(names, plan_.tensor(a.tensor).cxx_name, last));
    }
    if (!split) continue;
    splits[i - first] = true;
    line("TaskOutputTensors " + outs + ";");
  }
  Part part = open_part();
  ResultSplit split{&names, last, {}};
  for (size_t i = first; i <= last; ++i) {
    if (!splits[i - first]) {
      emit_node(nodes[i]);
      continue;
    }
    split_ = &split;
    emit_task(*nodes[i].get<PlanTask>());
    split_ = nullptr;
  }
  close_part(part);
  for (const std::string& declaration : split.caller) line(declaration);
}

// The entry's checks declare nothing, so past the size they go into parts
// next to one another, a new one each time the last fills up.
void CppEmitter::next_check_part(std::optional<Part>& part) {
  if (out_.size() - function_start_ <= kMaxFunctionBytes) return;
  if (part) close_part(*part);
  part = open_part();
}

CppEmitter::Part CppEmitter::open_part() {
  size_t begin = out_.size();
  Part part{"taskc_part" + std::to_string(next_part_++), begin - function_start_};
  line("auto " + part.name + " = [&]() __attribute__((noinline)) -> bool {");
  part.caller_bytes += out_.size() - begin;
  function_start_ = out_.size();
  ++open_parts_;
  return part;
}

void CppEmitter::close_part(const Part& part) {
  line("return true;");
  line("};");
  --open_parts_;
  size_t call = out_.size();
  line("if (!" + part.name + "()) " + stop());
  function_start_ = out_.size() - (part.caller_bytes + out_.size() - call);
}

// A result of a task whose results are split: declared in the part when
// something there names it (or nothing does, as before), and again after
// the part when something later does.
void CppEmitter::declare_result(const std::string& name, const std::string& declaration,
                                bool used) {
  auto found = split_ ? split_->names->result_uses.find(name)
                      : std::unordered_map<std::string, NameUses>::const_iterator{};
  if (!split_ || found == split_->names->result_uses.end()) {
    line(declaration);
    unused(name, used);
    return;
  }
  const NameUses& uses = found->second;
  if (uses.last == 0 || uses.first <= split_->last) {
    line(declaration);
    unused(name, used);
  }
  if (uses.last > split_->last) split_->caller.push_back(declaration);
}

}  // namespace taskc
