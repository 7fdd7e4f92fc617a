// Arguments of one task that certainly share memory (language.md §7): two
// outputs that overlap are an error (E0504: the task writes one element
// through two arguments, and which write lands is not defined); an input
// that overlaps an output is a warning (aliased-arguments: the kernel must
// be written to work in place, and the runtime sees two slots for one
// buffer). What taskc cannot prove to overlap is not reported.
#include "checker_impl.h"
#include "formatter.h"
#include "value_ranges.h"

namespace taskc {

namespace {

// Whether [oa, oa + ea) and [ob, ob + eb) share an element in every run in
// which both are non-empty (an empty view touches nothing).
bool axis_overlaps(const Program& prog, const SymInt& oa, const SymInt& ea, const SymInt& ob,
                   const SymInt& eb) {
  SymInt one = SymInt::constant(1);
  auto diff = (ob - oa).as_constant();
  if (!diff) {
    return provably_nonnegative(prog, ob + eb - oa - one) &&
           provably_nonnegative(prog, oa + ea - ob - one);
  }
  if (*diff == 0) return true;
  if (*diff > 0) return provably_nonnegative(prog, ea - SymInt::constant(*diff) - one);
  return provably_nonnegative(prog, eb + SymInt::constant(*diff) - one);
}

bool overlaps(const Program& prog, const ValueType& a, const ValueType& b) {
  if (a.root_entry != b.root_entry || a.root_created != b.root_created) return false;
  if (a.root_entry < 0 && a.root_created < 0) return false;
  size_t rank = a.view_offsets().size();
  if (rank == 0 || rank != b.view_offsets().size() || a.view_extents().size() != rank ||
      b.view_extents().size() != rank) {
    return false;  // a region not known in the buffer's coordinates
  }
  for (size_t k = 0; k < rank; ++k) {
    if (!axis_overlaps(prog, a.view_offsets()[k], a.view_extents()[k], b.view_offsets()[k],
                       b.view_extents()[k])) {
      return false;
    }
  }
  return true;
}

std::string shown(const Expr& e) {
  std::string text = format_expr(e);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

}  // namespace

void Checker::check_aliased_arguments(const TaskCall& c, const CallInfo& info,
                                      const std::vector<ParamInfo>& params) {
  if (info.args.size() != params.size()) return;
  for (size_t j = 0; j < params.size(); ++j) {
    std::optional<ExprInfo> b = prog_.find_info(*info.args[j]->value);
    if (!params[j].is_tensor || !b || b->type.kind != ValueKind::kTensor) continue;
    for (size_t i = 0; i < j; ++i) {
      std::optional<ExprInfo> a = prog_.find_info(*info.args[i]->value);
      if (!params[i].is_tensor || !a || a->type.kind != ValueKind::kTensor) continue;
      bool writes_a = params[i].direction != Direction::kIn;
      bool writes_b = params[j].direction != Direction::kIn;
      if (!(writes_a || writes_b) || !overlaps(prog_, a->type, b->type)) continue;
      std::string pair = "arguments '" + params[i].name + "' (" + shown(*info.args[i]->value) +
                         ") and '" + params[j].name + "' (" + shown(*info.args[j]->value) +
                         ") of '" + std::string(c.kernel) + "'";
      if (writes_a && writes_b) {
        sink_.error(ErrorCode::E0504, info.args[j]->span,
                    pair + " are outputs that overlap: the task writes the same elements "
                           "through both, and which write lands is not defined");
      } else {
        sink_.warning(Warning::kAliasedArguments, info.args[j]->span,
                      pair + " overlap, one read and one written: the kernel must work in "
                             "place; a kernel that reads and writes one tensor takes it as an "
                             "inout parameter");
      }
      break;  // one report per argument
    }
  }
}

}  // namespace taskc
