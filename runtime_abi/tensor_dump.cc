#include "tensor_dump.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tensor_layout.h"

namespace taskc::host {

namespace {

constexpr const char* kIndexName = "tensor_dump.json";
constexpr const char* kBlobName = "tensor_dump.bin";

bool captured_before(abi::ArgDirection direction) {
  return direction == abi::ArgDirection::IN ||
         direction == abi::ArgDirection::INOUT;
}

bool captured_after(abi::ArgDirection direction) {
  return direction == abi::ArgDirection::OUT ||
         direction == abi::ArgDirection::INOUT;
}

void capture(TaskRecord& task, bool after) {
  const abi::CoreCallable* callable = task.primary_callable();
  for (uint32_t slot = 0; slot < task.tensors.size(); ++slot) {
    const abi::ArgDirection direction = callable->signature(slot);
    if (after ? !captured_after(direction) : !captured_before(direction)) {
      continue;
    }
    DumpCapture captured;
    captured.slot = slot;
    captured.after = after;
    gather_elements(task.tensors[slot].tensor, captured.bytes);
    task.captures.push_back(std::move(captured));
  }
}

void append_json_string(std::string& out, const std::string& text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
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

void capture_before(TaskRecord& task) {
  if (dump_problem(task).empty()) capture(task, false);
}

void capture_after(TaskRecord& task) {
  if (dump_problem(task).empty()) capture(task, true);
}

bool write_tensor_dump(const std::string& directory,
                       const std::vector<std::unique_ptr<TaskRecord>>& nodes,
                       DumpFiles& files, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code fs_error;
  fs::create_directories(directory, fs_error);
  if (fs_error) {
    error = "tensor dump: cannot create directory '" + directory +
            "': " + fs_error.message();
    return false;
  }
  files.index_path = (fs::path(directory) / kIndexName).string();
  files.blob_path = (fs::path(directory) / kBlobName).string();
  files.entry_count = 0;
  files.problems.clear();

  std::ofstream blob(files.blob_path, std::ios::binary | std::ios::trunc);
  if (!blob) {
    error = "tensor dump: cannot write '" + files.blob_path + "'";
    return false;
  }
  std::string index = "{\n  \"format\": \"taskc-host-tensor-dump\",\n";
  index += "  \"version\": 1,\n  \"blob\": ";
  append_json_string(index, kBlobName);
  index += ",\n  \"entries\": [";
  uint64_t blob_offset = 0;
  for (const auto& node : nodes) {
    if (node->kind != NodeKind::KERNEL_TASK) continue;
    std::string problem = dump_problem(*node);
    if (!problem.empty()) {
      files.problems.push_back(std::move(problem));
      continue;
    }
    const abi::CoreCallable& callable = *node->primary_callable();
    // Captures were appended before-stage first; order by slot, then stage.
    std::vector<const DumpCapture*> ordered;
    for (const DumpCapture& captured : node->captures) ordered.push_back(&captured);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const DumpCapture* a, const DumpCapture* b) {
                       return a->slot < b->slot;
                     });
    for (const DumpCapture* captured : ordered) {
      const ChipTensor& tensor = node->tensors[captured->slot].tensor;
      index += files.entry_count == 0 ? "\n    {" : ",\n    {";
      index += "\"task\": " + std::to_string(node->task_index);
      index += ", \"kernel\": ";
      append_json_string(index, callable.name());
      index += ", \"func_id\": " + std::to_string(callable.func_id());
      index += ", \"slot\": " + std::to_string(captured->slot);
      index += ", \"direction\": ";
      append_json_string(index,
                         abi::direction_name(callable.signature(captured->slot)));
      index += ", \"stage\": ";
      append_json_string(index, captured->after ? "after" : "before");
      index += ", \"dtype\": ";
      append_json_string(index, detail::dtype_name(tensor.dtype));
      index += ", \"shape\": [";
      for (uint32_t k = 0; k < tensor.ndims; ++k) {
        if (k > 0) index += ", ";
        index += std::to_string(tensor.shapes[k]);
      }
      index += "], \"offset\": " + std::to_string(blob_offset);
      index += ", \"size\": " + std::to_string(captured->bytes.size()) + "}";
      blob.write(reinterpret_cast<const char*>(captured->bytes.data()),
                 static_cast<std::streamsize>(captured->bytes.size()));
      blob_offset += captured->bytes.size();
      ++files.entry_count;
    }
  }
  index += files.entry_count == 0 ? "],\n" : "\n  ],\n";
  index += "  \"errors\": [";
  for (size_t i = 0; i < files.problems.size(); ++i) {
    index += i == 0 ? "\n    " : ",\n    ";
    append_json_string(index, files.problems[i]);
  }
  index += files.problems.empty() ? "]\n}\n" : "\n  ]\n}\n";
  blob.close();
  if (!blob) {
    error = "tensor dump: writing '" + files.blob_path + "' failed";
    return false;
  }
  std::ofstream index_file(files.index_path, std::ios::trunc);
  index_file << index;
  index_file.close();
  if (!index_file) {
    error = "tensor dump: writing '" + files.index_path + "' failed";
    return false;
  }
  return true;
}

}  // namespace taskc::host
