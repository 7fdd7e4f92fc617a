// Scopes, allocation lifetimes and the orchestration's element accesses.
//
// As on the device, an allocation is kept alive by the scope it was made in
// (until that scope ends) and by every task that retains it (a creator edge
// in an automatic scope, or an explicit dependency on its allocating task)
// until that task finished; then the runtime may release the buffer and hand
// it to a later allocation. A task that uses the buffer without retaining it
// (a manual-scope task without the dependency) is safe only if it is
// ordered before a retaining task, or the orchestration waited for it before
// the scope ended. Anything else is reported when the scope ends: the check
// follows the recorded graph, not the timing, so it fails the same way with
// one thread (where every task has long run) as with many.
#include <algorithm>
#include <cstring>
#include <string>

#include "host_session.h"
#include "task_graph.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {

std::string site_text(const char* file, int line) {
  if (file == nullptr || file[0] == '\0') return "";
  return std::string(file) + ":" + std::to_string(line);
}

}  // namespace

void HostSession::scope_begin(PTO2ScopeMode mode, const char* file, int line) {
  if (fatal()) return;
  const bool manual = mode == PTO2ScopeMode::MANUAL;
  const auto what = [&] {
    const std::string site = site_text(file, line);
    return std::string(manual ? "PTO2_SCOPE(PTO2ScopeMode::MANUAL)" : "PTO2_SCOPE()") +
           (site.empty() ? "" : " at " + site);
  };
  if (!manual && in_manual_scope()) {
    report_fatal(what() +
                 " inside a manual scope: an automatic scope cannot be nested "
                 "in a manual one (PTO2_ERROR_INVALID_ARGS)");
    return;
  }
  if (frames_.size() >= static_cast<size_t>(PTO2_MAX_SCOPE_DEPTH)) {
    report_fatal(what() + ": more than " + std::to_string(PTO2_MAX_SCOPE_DEPTH) +
                 " nested scopes (PTO2_MAX_SCOPE_DEPTH, counting the "
                 "executor's scope around the entry)");
    return;
  }
  ScopeFrame frame;
  frame.mode = manual ? PTO2ScopeMode::MANUAL : PTO2ScopeMode::AUTO;
  frame.serial = next_scope_serial_++;
  frame.file = file;
  frame.line = line;
  frames_.push_back(std::move(frame));
  if (manual) ++manual_depth_;
}

std::string HostSession::frame_name(const ScopeFrame& frame) {
  if (frame.serial == 0) return "the executor's scope around the entry";
  const std::string site = site_text(frame.file, frame.line);
  return site.empty() ? "its scope" : "the scope opened at " + site;
}

void HostSession::scope_end() {
  if (fatal()) return;
  if (frames_.size() <= 1) {
    report_error("scope end without a matching scope begin");
    return;
  }
  close_frame(frames_.back());
  if (frames_.back().mode == PTO2ScopeMode::MANUAL) --manual_depth_;
  frames_.pop_back();
}

void HostSession::close_frame(ScopeFrame& frame) {
  for (Allocation* allocation : frame.allocations) {
    allocation->scope_ended = true;
    if (!fatal()) check_lifetime(*allocation, frame);
    AllocationTable::release_hold(*allocation, one_thread_);
  }
  frame.allocations.clear();
}

void HostSession::check_lifetime(const Allocation& allocation,
                                 const ScopeFrame& frame) {
  if (allocation.other_users.empty()) return;
  // What the release waits for: the retaining tasks, and the orchestration
  // (which reaches this scope end only after its last wait).
  std::vector<uint32_t> roots = allocation.retaining_users;
  if (last_sync_node_ >= 0) roots.push_back(static_cast<uint32_t>(last_sync_node_));
  uint32_t lowest = allocation.other_users.front().node;
  for (const UnretainedUse& user : allocation.other_users) {
    lowest = std::min(lowest, user.node);
  }
  AncestorWalk& walk = lifetime_walk_;
  walk.walk_from(roots, lowest);
  const std::string creator = std::to_string(allocation.creator_node);
  for (const UnretainedUse& user : allocation.other_users) {
    if (walk.reaches_roots(user.node)) continue;
    const std::string task = task_label(
        user.task_index, user.dummy ? NodeKind::DUMMY_TASK : NodeKind::KERNEL_TASK,
        user.callable, user.site, user.site_number);
    report_error(
        task + " uses " + allocation.label() +
        " without retaining it: it has no dependency on the allocating task "
        "(task id " + creator + ") and is not ordered before a task that has "
        "one, so when " + frame_name(frame) +
        " ends the runtime can release the buffer and hand it to a later "
        "allocation while " + task + " still runs; add task id " +
        creator + " (alloc_tensors(...).task_id(), or the allocating task's "
        "id) to its set_dependencies");
  }
}

Allocation* HostSession::resolve_for_access(const ChipTensor& tensor,
                                            const char* what) {
  std::string error;
  Allocation* allocation = allocations_.resolve(tensor, error);
  if (allocation == nullptr) {
    report_error(std::string(what) + ": " + error);
    return nullptr;
  }
  if (allocation->scope_ended) {
    report_error(std::string(what) + ": the tensor is " + allocation->label() +
                 ", whose scope has ended: the runtime may already have "
                 "released the buffer");
    return nullptr;
  }
  return allocation;
}

void HostSession::synchronize(TaskRecord& sync) {
  commit_predecessors(sync);
  const uint32_t node = sync.node;
  last_sync_node_ = node;
  nodes_.release(sync);
  // The tasks among its predecessors (the previous sync point waited for
  // its own).
  const Predecessors waited = nodes_.predecessors(node);
  scheduler_->wait_for(waited.begin(), waited.end());
}

namespace {

// The element's one-element view and byte offset; false (with `error`) when
// the access is malformed.
bool element_of(const ChipTensor& tensor, uint32_t ndims,
                const uint32_t indices[], size_t value_size,
                ChipTensor& element, uint64_t& byte_offset, std::string& error) {
  const uint32_t element_size = detail::dtype_size(tensor.dtype);
  if (value_size != 0 && value_size != element_size) {
    error = "the value type has " + std::to_string(value_size) +
            " bytes but the tensor's dtype " + detail::dtype_name(tensor.dtype) +
            " has " + std::to_string(element_size) +
            "-byte elements (use uint64_t for the raw bits)";
    return false;
  }
  if (!element_byte_offset(tensor, ndims, indices, byte_offset, error)) {
    return false;
  }
  const uint32_t ones[detail::kMaxTensorRank] = {1, 1, 1, 1, 1};
  element = checked_view(tensor, ones, indices, error);
  return error.empty();
}

}  // namespace

uint8_t* HostSession::access_element(const ChipTensor& tensor, uint32_t ndims,
                                     const uint32_t indices[], size_t value_size,
                                     bool writes) {
  const char* what = writes ? "set_tensor_data" : "get_tensor_data";
  if (fatal()) return nullptr;
  Allocation* allocation = resolve_for_access(tensor, what);
  if (allocation == nullptr) return nullptr;
  ChipTensor element;
  uint64_t byte_offset = 0;
  std::string error;
  if (!element_of(tensor, ndims, indices, value_size, element, byte_offset,
                  error)) {
    report_error(std::string(what) + ": " + error);
    return nullptr;
  }
  // As on the device: the tensor's creator and the writers the tensor map
  // knows (tasks of manual scopes are not in it); a write also waits for the
  // readers since (the device waits for the writers' consumers).
  RecordShape shape;
  shape.tensors = 1;
  TaskRecord& sync = new_node(NodeKind::SYNC_POINT, shape);
  sync.writes = writes;
  sync.tensors[0] = PayloadTensor{element, TensorArgType::INPUT, allocation};
  const TensorRegion region = sync.tensors[0].region();
  if (!allocation->external) {
    pending_predecessors_.push_back(static_cast<uint32_t>(allocation->creator_node));
  }
  tensor_map_.collect_writers(allocation->id, region, pending_predecessors_);
  if (writes) {
    tensor_map_.collect_readers(allocation->id, region, pending_predecessors_);
  }
  synchronize(sync);
  return static_cast<uint8_t*>(tensor.buffer) + byte_offset;
}

uint64_t HostSession::read_element(const ChipTensor& tensor, uint32_t ndims,
                                   const uint32_t indices[], size_t value_size) {
  uint64_t raw = 0;
  if (const uint8_t* address =
          access_element(tensor, ndims, indices, value_size, false)) {
    std::memcpy(&raw, address, detail::dtype_size(tensor.dtype));
  }
  return raw;
}

void HostSession::write_element(const ChipTensor& tensor, uint32_t ndims,
                                const uint32_t indices[], uint64_t raw,
                                size_t value_size) {
  if (uint8_t* address = access_element(tensor, ndims, indices, value_size, true)) {
    std::memcpy(address, &raw, detail::dtype_size(tensor.dtype));
  }
}

}  // namespace taskc::host
