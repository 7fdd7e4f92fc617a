#include "hazards.h"

#include <algorithm>
#include <map>
#include <set>

namespace taskc {

namespace {

bool mentions(const SymInt& v, int32_t symbol) {
  if (v.is_unknown()) return true;  // may be anything, this variable included
  for (const SymInt::Term& t : v.terms()) {
    for (const SymInt::AtomRef& a : *t.atoms) {
      if (a->kind == SymInt::Atom::Kind::kNamed ? a->symbol == symbol
                                                : mentions(a->lhs, symbol) || mentions(a->rhs, symbol)) {
        return true;
      }
    }
  }
  return false;
}

// Whether the view moves with the loop variable (or cannot be told apart
// from one that does): then different iterations touch different views.
bool moves_with(const BufferAccess& a, int32_t loop_var) {
  if (a.offsets.empty()) return false;  // the whole buffer, every iteration
  for (const SymInt& o : a.offsets) {
    if (mentions(o, loop_var)) return true;
  }
  return false;
}

// Different constant offsets, or offsets whose difference is at least the
// extent, on some axis.
bool disjoint(const BufferAccess& a, const BufferAccess& b) {
  if (a.offsets.empty() || b.offsets.empty() || a.offsets.size() != b.offsets.size()) {
    return false;
  }
  for (size_t k = 0; k < a.offsets.size(); ++k) {
    auto after = (b.offsets[k] - a.offsets[k] - a.extents[k]).as_constant();
    auto before = (a.offsets[k] - b.offsets[k] - b.extents[k]).as_constant();
    if ((after && *after >= 0) || (before && *before >= 0)) return true;
  }
  return false;
}

struct Conflict {
  const BufferAccess* earlier = nullptr;
  const BufferAccess* later = nullptr;
};

// `across`: the two tasks run in different iterations of that loop (-1:
// in one iteration), so a buffer created in the loop body is not shared and
// views that move with the loop variable do not meet.
Conflict conflict(const HazardFacts& f, const TaskFacts& earlier, const TaskFacts& later,
                  int across) {
  for (const auto& [statement, branch] : earlier.branches) {
    for (const auto& [other_statement, other_branch] : later.branches) {
      if (statement == other_statement && branch != other_branch) return {};
    }
  }
  for (const BufferAccess& e : earlier.accesses) {
    for (const BufferAccess& l : later.accesses) {
      if (e.buffer != l.buffer || !(e.writes || l.writes)) continue;
      if (e.allocates && across < 0) continue;
      if (across >= 0) {
        if (e.buffer >= 0) {
          const std::vector<int>& made_in = f.created_loops[static_cast<size_t>(e.buffer)];
          if (std::count(made_in.begin(), made_in.end(), across)) continue;
        }
        int32_t var = f.loop_vars[static_cast<size_t>(across)];
        if (moves_with(e, var) || moves_with(l, var)) continue;
      } else if (disjoint(e, l)) {
        continue;
      }
      return Conflict{&e, &l};
    }
  }
  return {};
}

// The loops both are in, innermost last.
std::vector<int> common_loops(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  for (size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i) out.push_back(a[i]);
  return out;
}

bool names_any(const TaskFacts& t, const std::set<int32_t>& ids) {
  for (int32_t d : t.dep_ids) {
    if (ids.count(d)) return true;
  }
  return false;
}

std::string what(const BufferAccess& a) {
  return a.writes && a.reads ? "reads and writes" : a.writes ? "writes" : "reads";
}

std::string line_of(const TaskFacts& t) { return std::to_string(t.span.begin.line); }

class HazardChecker {
 public:
  HazardChecker(const HazardFacts& facts, DiagnosticSink& sink) : f_(facts), sink_(sink) {}

  void run() {
    index_tasks();
    for (size_t r = 0; r < f_.regions.size(); ++r) check_region(static_cast<int>(r));
  }

 private:
  // Each region's tasks, each buffer's tasks and each stored id's regions,
  // once: a region then looks only at the tasks that can conflict with one
  // of its own, not at the whole program (which made the check quadratic).
  void index_tasks() {
    inside_.resize(f_.regions.size());
    for (size_t i = 0; i < f_.tasks.size(); ++i) {
      const TaskFacts& t = f_.tasks[i];
      if (t.region >= 0) inside_[static_cast<size_t>(t.region)].push_back(i);
      if (t.result >= 0) assigning_regions_[t.result].push_back(t.region);
      for (const BufferAccess& a : t.accesses) {
        add_once(accessors_[a.buffer], i);
        if (a.writes) add_once(writers_[a.buffer], i);
      }
    }
  }
  static void add_once(std::vector<size_t>& tasks, size_t i) {
    if (tasks.empty() || tasks.back() != i) tasks.push_back(i);
  }

  // The tasks that share a buffer with a task of `inside`, one side
  // writing it, in file order: no other task conflicts with any of them.
  std::vector<size_t> candidates(const std::vector<size_t>& inside) {
    std::vector<size_t> out;
    for (size_t m : inside) {
      for (const BufferAccess& a : f_.tasks[m].accesses) {
        const std::vector<size_t>& others = a.writes ? accessors_[a.buffer] : writers_[a.buffer];
        out.insert(out.end(), others.begin(), others.end());
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // Whether `t`'s deps name an id that a task outside region `r` stores.
  bool names_outside(const TaskFacts& t, int r) const {
    for (int32_t d : t.dep_ids) {
      auto found = assigning_regions_.find(d);
      if (found == assigning_regions_.end()) continue;
      for (int region : found->second) {
        if (region != r) return true;
      }
    }
    return false;
  }

  void check_region(int r) {
    const std::vector<size_t>& inside = inside_[static_cast<size_t>(r)];
    if (inside.empty()) return;
    std::set<int32_t> assigned_inside;
    for (size_t i : inside) {
      if (f_.tasks[i].result >= 0) assigned_inside.insert(f_.tasks[i].result);
    }
    const RegionFacts& region = f_.regions[static_cast<size_t>(r)];
    const std::vector<size_t> others = candidates(inside);
    // Outside the region, after it (or before it in a later iteration).
    for (size_t x : others) {
      const TaskFacts& later = f_.tasks[x];
      if (later.region == r || names_any(later, assigned_inside)) continue;
      for (size_t m : inside) {
        int across = x > inside.back() ? -1 : innermost_common(f_.tasks[m], later);
        if (x < inside.front() && across < 0) continue;
        if (report_boundary(f_.tasks[m], later, across, region, true)) break;
      }
    }
    // Inside the region, after a task outside it (or an earlier instance).
    for (size_t y : inside) {
      const TaskFacts& later = f_.tasks[y];
      bool checked_out = names_outside(later, r);
      bool checked_in = names_any(later, assigned_inside);
      bool done = false;
      for (size_t k = 0; k < others.size() && !done && !checked_out; ++k) {
        size_t w = others[k];
        const TaskFacts& earlier = f_.tasks[w];
        if (earlier.region == r) continue;
        int across = w < inside.front() ? -1 : innermost_common(earlier, later);
        if (w > inside.back() && across < 0) continue;
        done = report_boundary(earlier, later, across, region, false);
      }
      for (auto loop = region.loops.rbegin(); loop != region.loops.rend() && !done && !checked_in;
           ++loop) {
        for (size_t w : inside) {
          if ((done = report_boundary(f_.tasks[w], later, *loop, region, false))) break;
        }
      }
      if (!done) warn_inside(inside, y, region);
    }
  }

  int innermost_common(const TaskFacts& a, const TaskFacts& b) const {
    std::vector<int> shared = common_loops(a.loops, b.loops);
    return shared.empty() ? -1 : shared.back();
  }

  bool report_boundary(const TaskFacts& earlier, const TaskFacts& later, int across,
                       const RegionFacts& region, bool leaving) {
    Conflict c = conflict(f_, earlier, later, across);
    if (!c.earlier) return false;
    const TaskFacts& inner = leaving ? earlier : later;
    const TaskFacts& outer = leaving ? later : earlier;
    std::string message =
        "task '" + later.callee + "' " + what(*c.later) + " '" + c.later->name + "', which task '" +
        earlier.callee + "' (line " + line_of(earlier) + ") " + what(*c.earlier) +
        (across >= 0 ? " in an earlier iteration" : "") + ", across the boundary of the manual scope at line " +
        std::to_string(region.span.begin.line) +
        ": tasks in a manual scope neither enter nor look up the tensor map, so nothing orders "
        "these two";
    std::string fix =
        leaving ? "declare 'var done: TaskId = none;' before the manual scope, store the id there "
                  "('done = call " + inner.callee + "(...);'), and add 'deps = [done]' to '" +
                      outer.callee + "'"
                : "store the id of '" + outer.callee + "' ('var done: TaskId = none;' before, "
                  "'done = call " + outer.callee + "(...);'), and add 'deps = [done]' to '" +
                      inner.callee + "' inside the manual scope";
    sink_.error(ErrorCode::E0503, later.span, message,
                {DiagnosticNote{earlier.span, "'" + earlier.callee + "' is submitted here"},
                 DiagnosticNote{std::nullopt, "to order them, " + fix}});
    return true;
  }

  // Two tasks of one manual region that conflict with no chain of deps.
  void warn_inside(const std::vector<size_t>& inside, size_t later_index,
                   const RegionFacts& region) {
    const TaskFacts& later = f_.tasks[later_index];
    for (size_t e : inside) {
      const TaskFacts& earlier = f_.tasks[e];
      // Loops inside the region repeat within one instance of it.
      std::vector<int> shared = common_loops(earlier.loops, later.loops);
      bool loop_inside = shared.size() > region.loops.size();
      int across = loop_inside ? shared.back() : -1;
      if (e >= later_index && across < 0) continue;
      if (e < later_index) across = -1;
      if (ordered(inside, later_index, e)) continue;
      Conflict c = conflict(f_, earlier, later, across);
      if (!c.earlier) continue;
      sink_.warning(Warning::kManualHazard, later.span,
                    "task '" + later.callee + "' " + what(*c.later) + " '" + c.later->name +
                        "', which task '" + earlier.callee + "' (line " + line_of(earlier) +
                        ") " + what(*c.earlier) +
                        (across >= 0 ? " in an earlier iteration" : "") +
                        " in the same manual scope, and no deps order them",
                    {DiagnosticNote{earlier.span, "'" + earlier.callee + "' is submitted here"},
                     DiagnosticNote{std::nullopt, "add the id of '" + earlier.callee +
                                                      "' to the deps of '" + later.callee + "'"}});
      return;
    }
  }

  // Whether a chain of deps leads from task `later` back to task `earlier`
  // (through the ids the tasks of the region store and name).
  bool ordered(const std::vector<size_t>& inside, size_t later, size_t earlier) const {
    std::vector<size_t> stack{later};
    std::set<size_t> seen{later};
    while (!stack.empty()) {
      const TaskFacts& t = f_.tasks[stack.back()];
      stack.pop_back();
      for (size_t candidate : inside) {
        int32_t id = f_.tasks[candidate].result;
        if (id < 0 || std::find(t.dep_ids.begin(), t.dep_ids.end(), id) == t.dep_ids.end()) {
          continue;
        }
        if (candidate == earlier) return true;
        if (seen.insert(candidate).second) stack.push_back(candidate);
      }
    }
    return false;
  }

  const HazardFacts& f_;
  DiagnosticSink& sink_;
  std::vector<std::vector<size_t>> inside_;  // per region, file order
  std::map<int, std::vector<size_t>> accessors_;  // per buffer, file order
  std::map<int, std::vector<size_t>> writers_;
  std::map<int32_t, std::vector<int>> assigning_regions_;  // per stored id symbol
};

}  // namespace

void report_manual_hazards(const HazardFacts& facts, DiagnosticSink& sink) {
  HazardChecker(facts, sink).run();
}

}  // namespace taskc
