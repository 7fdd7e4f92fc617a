// The tensor dump: for every kernel task that ran, signature entry i
// describes payload slot i; IN slots are captured before the task runs, OUT
// slots after it, INOUT slots both; scalars are recorded with their values.
// Level FULL dumps every task, PARTIAL only the tasks and arguments marked
// with CoreTaskArgs::dump(...) (dump() marks a whole task). The run writes
// one JSON index and one binary blob:
//
//   <dir>/tensor_dump.json
//     { "format": "taskc-host-tensor-dump", "version": 2, "level": "full",
//       "blob": "tensor_dump.bin",
//       "entries": [ { "task": 0, "kernel": "kernel_add", "func_id": 0,
//                      "slot": 0, "direction": "IN", "stage": "before",
//                      "dtype": "FLOAT32", "shape": [16], "marked": true,
//                      "offset": 0, "size": 64 }, ... ],
//       "scalars": [ { "task": 0, "kernel": "kernel_add", "func_id": 0,
//                      "index": 0, "dtype": "FLOAT32",
//                      "raw": "0x000000003f800000", "marked": false,
//                      "ambiguous": false }, ... ],
//       "errors": [ "...", ... ] }
//   <dir>/tensor_dump.bin   entries' bytes back to back
//
// Entries are ordered by task, then slot, then stage (before, after);
// scalars by task, then index. "marked" says whether dump(...) marked the
// argument (at level FULL unmarked ones are dumped too); "ambiguous" that
// the marked scalar's variable was added more than once (the first is
// marked). A scalar's dtype is that of the variable add_scalar received
// ("UNKNOWN" for add_scalars). The bytes of an entry are the tensor's
// elements in row-major order of its shape; "offset" and "size" locate them
// in the blob. A task whose signature does not describe its payload
// (sig_count != tensor_count) has no entries; "errors" says so for each
// such task.
//
// The files are written to fresh temporary names in <dir> and renamed into
// place, so a symbolic link already at either name is replaced, never
// followed, and a failed write leaves neither a partial nor an empty file.
#ifndef TASKC_RUNTIME_ABI_TENSOR_DUMP_H
#define TASKC_RUNTIME_ABI_TENSOR_DUMP_H

#include <string>
#include <vector>

#include "host_runtime.h"
#include "node_store.h"

namespace taskc::host {

// Why the task's tensors cannot be dumped (its signature does not describe
// its payload, or it was not run); empty when they can.
std::string dump_problem(const TaskRecord& task);

// Called around the task's kernels by the worker that runs it.
void capture_before(TaskRecord& task, DumpLevel level);
void capture_after(TaskRecord& task, DumpLevel level);

struct DumpFiles {
  std::string index_path;
  std::string blob_path;
  size_t entry_count = 0;   // tensor entries
  size_t scalar_count = 0;  // scalar entries
  std::vector<std::string> problems;  // the index's "errors"
};

// Writes the dump of the finished run (a store that keeps records); on
// failure returns false with `error` set and leaves no file of its own
// behind.
bool write_tensor_dump(const std::string& directory, const NodeStore& nodes,
                       DumpLevel level, DumpFiles& files, std::string& error);

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TENSOR_DUMP_H
