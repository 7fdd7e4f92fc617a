#include "tensor_dump.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "replacing_file.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {


bool captured_before(abi::ArgDirection direction) {
  return direction == abi::ArgDirection::IN ||
         direction == abi::ArgDirection::INOUT;
}

bool captured_after(abi::ArgDirection direction) {
  return direction == abi::ArgDirection::OUT ||
         direction == abi::ArgDirection::INOUT;
}

bool marked(const TaskRecord& task, uint32_t argument) {
  return argument < 64 && (task.dump_mask >> argument & 1u) != 0;
}

// Whether argument `argument` (tensor slot, or tensor count + scalar index)
// of the task goes into a dump of `level`.
bool selected(const TaskRecord& task, uint32_t argument, DumpLevel level) {
  return level == DumpLevel::FULL ||
         (level == DumpLevel::PARTIAL && marked(task, argument));
}

void capture(TaskRecord& task, bool after, DumpLevel level) {
  const abi::CoreCallable* callable = task.primary_callable();
  for (uint32_t slot = 0; slot < task.tensors.size(); ++slot) {
    const abi::ArgDirection direction = callable->signature(slot);
    if (after ? !captured_after(direction) : !captured_before(direction)) {
      continue;
    }
    if (!selected(task, slot, level)) continue;
    DumpCapture captured;
    captured.slot = slot;
    captured.after = after;
    gather_elements(task.tensors[slot].tensor, captured.bytes);
    task.captures.push_back(std::move(captured));
  }
}

const char* scalar_dtype_name(uint8_t code) {
  if (code == 0xFF) return "UNKNOWN";
  return detail::dtype_name(static_cast<DataType>(code));
}

std::string hex_word(uint64_t raw) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%016llx",
                static_cast<unsigned long long>(raw));
  return text;
}

nlohmann::ordered_json task_fields(const TaskRecord& task) {
  const abi::CoreCallable& callable = *task.primary_callable();
  nlohmann::ordered_json fields;
  fields["task"] = task.task_index;
  fields["kernel"] = callable.name();
  fields["func_id"] = callable.func_id();
  return fields;
}

const char* level_name(DumpLevel level) {
  return level == DumpLevel::PARTIAL ? "partial" : "full";
}

}  // namespace

std::string dump_problem(const TaskRecord& task) {
  if (task.kind != NodeKind::KERNEL_TASK) return "";
  const std::string prefix = "tensor dump: task " +
                             std::to_string(task.task_index) + ": ";
  const abi::CoreCallable* callable = task.primary_callable();
  if (callable == nullptr) {
    return prefix +
           "no registered kernel describes its payload; its tensors are not "
           "dumped";
  }
  if (callable->sig_count() != task.tensors.size()) {
    return prefix + "kernel '" + callable->name() + "' (func_id " +
           std::to_string(callable->func_id()) + ") has a signature of " +
           std::to_string(callable->sig_count()) +
           " entries but the payload carries " +
           std::to_string(task.tensors.size()) +
           " tensors; its tensors are not dumped";
  }
  if (!task.runnable) {
    return prefix + "kernel '" + callable->name() +
           "' was not run (the task failed its checks); its tensors are not "
           "dumped";
  }
  return "";
}

void capture_before(TaskRecord& task, DumpLevel level) {
  if (dump_problem(task).empty()) capture(task, false, level);
}

void capture_after(TaskRecord& task, DumpLevel level) {
  if (dump_problem(task).empty()) capture(task, true, level);
}

bool write_tensor_dump(const std::string& directory,
                       const NodeStore& nodes,
                       DumpLevel level, DumpFiles& files, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code fs_error;
  fs::create_directories(directory, fs_error);
  if (fs_error) {
    error = "tensor dump: cannot create directory '" + directory +
            "': " + fs_error.message();
    return false;
  }
  files = DumpFiles{};
  ReplacingFile blob(directory, kDumpBlobName);
  nlohmann::ordered_json index;
  index["format"] = "taskc-host-tensor-dump";
  index["version"] = 2;
  index["level"] = level_name(level);
  index["blob"] = kDumpBlobName;
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  nlohmann::ordered_json scalars = nlohmann::ordered_json::array();
  uint64_t blob_offset = 0;
  for (uint32_t node = 0; node < nodes.size(); ++node) {
    if (nodes.info(node).kind != NodeKind::KERNEL_TASK) continue;
    const TaskRecord& task = nodes.record(node);
    std::string problem = dump_problem(task);
    if (!problem.empty()) {
      files.problems.push_back(std::move(problem));
      continue;
    }
    if (task.outcome != TaskOutcome::RAN) continue;
    const abi::CoreCallable& callable = *task.primary_callable();
    // Captures were appended before-stage first; order by slot, then stage.
    std::vector<const DumpCapture*> ordered;
    for (const DumpCapture& captured : task.captures) ordered.push_back(&captured);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const DumpCapture* a, const DumpCapture* b) {
                       return a->slot < b->slot;
                     });
    for (const DumpCapture* captured : ordered) {
      const ChipTensor& tensor = task.tensors[captured->slot].tensor;
      nlohmann::ordered_json entry = task_fields(task);
      entry["slot"] = captured->slot;
      entry["direction"] = abi::direction_name(callable.signature(captured->slot));
      entry["stage"] = captured->after ? "after" : "before";
      entry["dtype"] = detail::dtype_name(tensor.dtype);
      entry["shape"] = std::vector<uint32_t>(tensor.shapes, tensor.shapes + tensor.ndims);
      entry["marked"] = marked(task, captured->slot);
      entry["offset"] = blob_offset;
      entry["size"] = captured->bytes.size();
      entries.push_back(std::move(entry));
      blob.write(captured->bytes.data(), captured->bytes.size());
      blob_offset += captured->bytes.size();
    }
    const auto tensor_count = static_cast<uint32_t>(task.tensors.size());
    for (uint32_t j = 0; j < task.scalars.size(); ++j) {
      if (!selected(task, tensor_count + j, level)) continue;
      nlohmann::ordered_json entry = task_fields(task);
      entry["index"] = j;
      entry["dtype"] = scalar_dtype_name(task.scalar_dtypes[j]);
      entry["raw"] = hex_word(task.scalars[j]);
      entry["marked"] = marked(task, tensor_count + j);
      entry["ambiguous"] =
          tensor_count + j < 64 &&
          (task.dump_ambiguous_mask >> (tensor_count + j) & 1u) != 0;
      scalars.push_back(std::move(entry));
    }
  }
  files.entry_count = entries.size();
  files.scalar_count = scalars.size();
  index["entries"] = std::move(entries);
  index["scalars"] = std::move(scalars);
  index["errors"] = files.problems;
  const std::string text = index.dump(2) + "\n";
  ReplacingFile index_file(directory, kDumpIndexName);
  index_file.write(text.data(), text.size());
  // Both files are complete before either replaces anything. Then the old
  // index goes, the blob takes its place, and the new index last (it names
  // the blob): a failure at any step leaves the old pair, or a blob with no
  // index (which readers report), never an index beside bytes it does not
  // describe.
  if (!blob.ok() || !index_file.ok()) {
    error = "tensor dump: " + (blob.ok() ? index_file.error() : blob.error());
    return false;
  }
  if (!index_file.remove_old()) {
    error = "tensor dump: " + index_file.error();
    return false;
  }
  if (!blob.commit()) {
    error = "tensor dump: " + blob.error();
    return false;
  }
  if (!index_file.commit()) {
    error = "tensor dump: " + index_file.error();
    return false;
  }
  files.index_path = index_file.path();
  files.blob_path = blob.path();
  return true;
}

}  // namespace taskc::host
