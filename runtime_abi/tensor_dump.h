// The tensor dump: for every kernel task, signature entry i describes payload
// slot i; IN slots are captured before the task runs, OUT slots after it,
// INOUT slots both. The run writes one JSON index and one binary blob:
//
//   <dir>/tensor_dump.json
//     { "format": "taskc-host-tensor-dump", "version": 1,
//       "blob": "tensor_dump.bin",
//       "entries": [ { "task": 0, "kernel": "kernel_add", "func_id": 0,
//                      "slot": 0, "direction": "IN", "stage": "before",
//                      "dtype": "FLOAT32", "shape": [16],
//                      "offset": 0, "size": 64 }, ... ],
//       "errors": [ "...", ... ] }
//   <dir>/tensor_dump.bin   entries' bytes back to back
//
// Entries are ordered by task, then slot, then stage (before, after). The
// bytes of an entry are the tensor's elements in row-major order of its
// shape; "offset" and "size" locate them in the blob. A task whose
// signature does not describe its payload (sig_count != tensor_count) has no
// entries; "errors" says so for each such task.
#ifndef TASKC_RUNTIME_ABI_TENSOR_DUMP_H
#define TASKC_RUNTIME_ABI_TENSOR_DUMP_H

#include <memory>
#include <string>
#include <vector>

#include "task_record.h"

namespace taskc::host {

// Why the task's tensors cannot be dumped (its signature does not describe
// its payload, or it was not run); empty when they can.
std::string dump_problem(const TaskRecord& task);

// Called around the task's kernels by the worker that runs it.
void capture_before(TaskRecord& task);
void capture_after(TaskRecord& task);

struct DumpFiles {
  std::string index_path;
  std::string blob_path;
  size_t entry_count = 0;
  std::vector<std::string> problems;  // the index's "errors"
};

// Writes the dump of the finished run; on failure returns false with
// `error` set.
bool write_tensor_dump(const std::string& directory,
                       const std::vector<std::unique_ptr<TaskRecord>>& nodes,
                       DumpFiles& files, std::string& error);

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TENSOR_DUMP_H
