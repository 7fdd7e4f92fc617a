// Hazards around manual scopes (language-v2.md §2). Tasks inside a manual
// scope neither enter the runtime's tensor map nor look it up, so nothing
// orders them against the tasks outside by the tensors they share. The
// checker records what every task touches (plain facts, in file order) and
// report_manual_hazards decides:
//   * an error (E0503) for a task on one side of a manual region's boundary
//     that conflicts with a task on the other side, unless its `deps` name
//     an id the other side assigns;
//   * a warning (manual-hazard) for two tasks of one manual region that
//     conflict with no chain of `deps` between them.
// Two accesses conflict when they touch one buffer, at least one writes,
// and their views are not provably disjoint. What cannot be decided is not
// reported: the host runtime's race check is the backstop.
#ifndef TASKC_COMPILER_HAZARDS_H
#define TASKC_COMPILER_HAZARDS_H

#include <cstdint>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "symbolic.h"

namespace taskc {

struct BufferAccess {
  int buffer = 0;  // entry tensor i: -(i + 1); tensor.create c: c
  std::string name;  // as the .kir names it, for messages
  // The view in the buffer's coordinates; empty when unknown (the whole
  // buffer may be touched).
  std::vector<SymInt> offsets;
  std::vector<SymInt> extents;
  bool reads = false;
  bool writes = false;
  // The task allocates the buffer (add_output of its create-info): every
  // later task that uses it is ordered after this one, by the runtime's
  // creator retention in automatic scopes and by the dependency on the
  // creator that taskc adds in manual scopes.
  bool allocates = false;
};

struct TaskFacts {
  Span span;
  std::string callee;
  int region = -1;         // the manual region it is in, or -1
  std::vector<int> loops;  // enclosing loops, outermost first
  // Enclosing if branches, outermost first: (if statement, branch index).
  // Tasks in different branches of one `if` never both run.
  std::vector<std::pair<int, int>> branches;
  std::vector<BufferAccess> accesses;
  std::vector<int32_t> dep_ids;  // symbols of the ids its deps name
  int32_t result = -1;           // the symbol its id is stored into
};

struct RegionFacts {
  Span span;               // the outermost `scope manual`
  std::vector<int> loops;  // loops enclosing it
};

struct HazardFacts {
  std::vector<TaskFacts> tasks;       // file order
  std::vector<RegionFacts> regions;
  std::vector<int32_t> loop_vars;     // per loop: its variable's symbol
  std::vector<std::vector<int>> created_loops;  // per created buffer: enclosing loops
};

void report_manual_hazards(const HazardFacts& facts, DiagnosticSink& sink);

}  // namespace taskc

#endif  // TASKC_COMPILER_HAZARDS_H
