// The race check: after a run, finds pairs of kernel tasks that touch
// overlapping memory, at least one of them writing, with no ordering path
// between them (explicit deps, tensor-map deps, or an orchestration wait in
// between). The typical find is a write-after-read, which the runtime does
// not order by itself.
#ifndef TASKC_RUNTIME_ABI_RACE_CHECK_H
#define TASKC_RUNTIME_ABI_RACE_CHECK_H

#include <cstdint>
#include <string>
#include <vector>

#include "host_runtime.h"
#include "node_store.h"

namespace taskc::host {

// Reports each racing pair of tasks once, in submit order of the later task;
// at most `max_reports`. The store must keep records.
std::vector<RaceReport> find_races(
    const NodeStore& nodes, size_t max_reports);

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_RACE_CHECK_H
