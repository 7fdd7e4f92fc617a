#include "host_session.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <utility>

#include "tensor_dump.h"
#include "tensor_layout.h"

namespace taskc::host {

static_assert(detail::kMaxTensorRank == abi::Limits::kMaxTensorRank &&
                  detail::kMaxCoreTensorArgs ==
                      abi::Limits::kCoreMaxTensorArgs &&
                  detail::kMaxCoreScalarArgs == abi::Limits::kCoreMaxScalarArgs,
              "pto_orchestration_api.h limits disagree with abi::Limits");

namespace {

const char* method_name(detail::PayloadMethod method) {
  switch (method) {
    case detail::PayloadMethod::INPUT:
      return "add_input";
    case detail::PayloadMethod::OUTPUT:
      return "add_output";
    case detail::PayloadMethod::INOUT:
      return "add_inout";
    case detail::PayloadMethod::NO_DEP:
      return "add_no_dep";
  }
  return "add_?";
}

bool method_matches(detail::PayloadMethod method, abi::ArgDirection direction) {
  switch (method) {
    case detail::PayloadMethod::INPUT:
      return direction == abi::ArgDirection::IN;
    case detail::PayloadMethod::OUTPUT:
      return direction == abi::ArgDirection::OUT;
    case detail::PayloadMethod::INOUT:
      return direction == abi::ArgDirection::INOUT;
    case detail::PayloadMethod::NO_DEP:
      return true;
  }
  return false;
}

abi::CoreType lane_core_type(Lane lane) {
  return lane == Lane::AIC ? abi::CoreType::AIC : abi::CoreType::AIV;
}

// "lane aiv0 kernel 'kernel_add' (func_id 0)".
std::string lane_kernel_text(Lane lane, const abi::CoreCallable& callable) {
  return std::string("lane ") + lane_name(lane) + " kernel '" +
         callable.name() + "' (func_id " + std::to_string(callable.func_id()) +
         ")";
}

}  // namespace

HostSession::HostSession(const abi::ChipCallable& callable,
                         SessionOptions options)
    : callable_(callable), options_(options) {
  scheduler_ = std::make_unique<TaskScheduler>(
      options_.threads, [this](TaskRecord& task) {
        run_kernels(task);
        if (task.kind == NodeKind::KERNEL_TASK) {
          kernel_tasks_finished_.fetch_add(1, std::memory_order_relaxed);
        }
      });
}

HostSession::~HostSession() { scheduler_.reset(); }

TaskRecord& HostSession::new_node(NodeKind kind) {
  auto record = std::make_unique<TaskRecord>();
  record->node = static_cast<uint32_t>(nodes_.size());
  record->kind = kind;
  if (last_sync_node_ >= 0) {
    record->predecessors.push_back(static_cast<uint32_t>(last_sync_node_));
  }
  nodes_.push_back(std::move(record));
  return *nodes_.back();
}

TaskOutputTensors HostSession::submit(const MixedKernels& kernels,
                                      const CoreTaskArgs& args) {
  if (fatal()) return TaskOutputTensors{};
  TaskRecord& task = new_node(NodeKind::KERNEL_TASK);
  task.task_index = kernel_task_count();
  kernel_task_count_.store(task.task_index + 1, std::memory_order_relaxed);
  task.in_manual_scope = in_manual_scope();
  task.block_num = args.launch_spec.block_num();
  task.require_sync_start = args.launch_spec.require_sync_start();
  task.tensors.reserve(args.tensor_count());
  task.scalars.reserve(args.scalar_count());
  for (uint32_t i = 0; i < args.tensor_count(); ++i) {
    task.tensors.push_back(PayloadTensor{args.tensor(i), args.method(i)});
  }
  for (uint32_t j = 0; j < args.scalar_count(); ++j) {
    task.scalars.push_back(args.scalar(j));
  }

  resolve_lanes(task, kernels);
  validate(task, args);
  add_explicit_dependencies(task, args);
  // Manual scopes bypass the tensor map entirely, as on the device: tasks
  // inside neither look up producers nor register as producers.
  if (!task.in_manual_scope) add_tensor_map_dependencies(task);
  std::sort(task.predecessors.begin(), task.predecessors.end());
  task.predecessors.erase(
      std::unique(task.predecessors.begin(), task.predecessors.end()),
      task.predecessors.end());

  std::vector<TaskRecord*>& scheduled_predecessors = scratch_predecessors_;
  scheduled_predecessors.clear();
  for (uint32_t node : task.predecessors) {
    TaskRecord* predecessor = nodes_[node].get();
    if (predecessor->kind == NodeKind::KERNEL_TASK) {
      scheduled_predecessors.push_back(predecessor);
    }
  }
  scheduler_->submit(&task, scheduled_predecessors);
  return TaskOutputTensors(PTO2TaskId{task.node}, nullptr, 0);
}

void HostSession::resolve_lanes(TaskRecord& task, const MixedKernels& kernels) {
  task.lane_kernel_ids[0] = kernels.aic_kernel_id;
  task.lane_kernel_ids[1] = kernels.aiv0_kernel_id;
  task.lane_kernel_ids[2] = kernels.aiv1_kernel_id;
  for (uint32_t lane = 0; lane < kLaneCount; ++lane) {
    task.lane_callables[lane] = callable_.child(task.lane_kernel_ids[lane]);
  }
}

void HostSession::validate(TaskRecord& task, const CoreTaskArgs& args) {
  // Built only for a report: most tasks are valid.
  const auto prefix = [&task] {
    return "task " + std::to_string(task.task_index) + ": ";
  };
  const auto fail = [this, &task](std::string message) {
    report_error(std::move(message));
    task.runnable = false;
  };
  if (args.dropped_tensors() > 0) {
    fail(prefix() + "the payload has " +
         std::to_string(args.tensor_count() + args.dropped_tensors()) +
         " tensors; at most " + std::to_string(detail::kMaxCoreTensorArgs) +
         " are allowed");
  }
  if (args.dropped_scalars() > 0) {
    fail(prefix() + "the payload has " +
         std::to_string(args.scalar_count() + args.dropped_scalars()) +
         " scalars; at most " + std::to_string(detail::kMaxCoreScalarArgs) +
         " are allowed");
  }
  if (task.block_num == 0) fail(prefix() + "block_num is 0; it must be at least 1");
  bool any_lane = false;
  for (uint32_t lane = 0; lane < kLaneCount; ++lane) {
    if (task.lane_kernel_ids[lane] == INVALID_KERNEL_ID) continue;
    any_lane = true;
    for (std::string& problem : lane_problems(task, static_cast<Lane>(lane))) {
      fail(prefix() + problem);
    }
  }
  if (!any_lane) {
    fail(prefix() + "no lane has a kernel (every kernel id is INVALID_KERNEL_ID)");
  }
  if (options_.dump) {
    std::string problem = dump_problem(task);
    if (!problem.empty()) report_error(std::move(problem));
  }
}

std::vector<std::string> HostSession::lane_problems(const TaskRecord& task,
                                                    Lane lane) const {
  std::vector<std::string> problems;
  const int32_t kernel_id = task.lane_kernel_ids[static_cast<uint32_t>(lane)];
  const abi::CoreCallable* callable =
      task.lane_callables[static_cast<uint32_t>(lane)];
  if (callable == nullptr) {
    problems.push_back(std::string("lane ") + lane_name(lane) + ": kernel id " +
                       std::to_string(kernel_id) +
                       " is not registered (the orchestration has " +
                       std::to_string(callable_.children.size()) + " kernels)");
    return problems;
  }
  const auto where = [lane, callable] { return lane_kernel_text(lane, *callable); };
  if (callable->core_type() != lane_core_type(lane)) {
    problems.push_back(where() + " has core type " +
                       abi::core_type_name(callable->core_type()) +
                       " but the lane needs " +
                       abi::core_type_name(lane_core_type(lane)));
  }
  if (callable->entry() == nullptr) {
    problems.push_back(where() + " has no host entry");
  }
  const size_t tensor_count = task.tensors.size();
  if (callable->sig_count() != tensor_count) {
    problems.push_back(where() + ": the signature has " +
                       std::to_string(callable->sig_count()) +
                       " entries (sig_count) but the payload carries " +
                       std::to_string(tensor_count) +
                       " tensors (tensor_count)");
  } else {
    for (uint32_t slot = 0; slot < tensor_count; ++slot) {
      const abi::ArgDirection direction = callable->signature(slot);
      if (!method_matches(task.tensors[slot].method, direction)) {
        problems.push_back(where() + ": payload tensor " + std::to_string(slot) +
                           " was added with " +
                           method_name(task.tensors[slot].method) +
                           " but signature entry " + std::to_string(slot) +
                           " is " + abi::direction_name(direction));
      }
    }
  }
  if (callable->scalar_count() != task.scalars.size()) {
    problems.push_back(where() + ": the kernel takes " +
                       std::to_string(callable->scalar_count()) +
                       " scalars but the payload carries " +
                       std::to_string(task.scalars.size()));
  }
  return problems;
}

void HostSession::add_explicit_dependencies(TaskRecord& task,
                                            const CoreTaskArgs& args) {
  if (args.dependency_count() > 0 && args.dependencies() == nullptr) {
    report_error("task " + std::to_string(task.task_index) +
                 ": set_dependencies was given a null array of " +
                 std::to_string(args.dependency_count()) + " ids");
    task.runnable = false;
    return;
  }
  for (uint32_t i = 0; i < args.dependency_count(); ++i) {
    const PTO2TaskId id = args.dependencies()[i];
    if (!id.is_valid() || id.raw >= task.node) {
      report_error("task " + std::to_string(task.task_index) + ": dependency " +
                   std::to_string(i) +
                   " is not the id of an earlier task or allocation");
      task.runnable = false;
      continue;
    }
    task.predecessors.push_back(static_cast<uint32_t>(id.raw));
  }
}

void HostSession::add_tensor_map_dependencies(TaskRecord& task) {
  // Look up every slot before recording any, so that a task never depends
  // on itself through two slots naming one buffer.
  std::vector<TensorRegion>& regions = scratch_regions_;
  regions.clear();
  for (const PayloadTensor& payload : task.tensors) {
    regions.push_back(TensorRegion::of(payload.tensor));
    if (payload.method != detail::PayloadMethod::NO_DEP) {
      tensor_map_.collect_writers(regions.back(), task.predecessors);
    }
  }
  for (size_t slot = 0; slot < task.tensors.size(); ++slot) {
    switch (task.tensors[slot].method) {
      case detail::PayloadMethod::INPUT:
        tensor_map_.record_read(task.node, regions[slot]);
        break;
      case detail::PayloadMethod::OUTPUT:
        tensor_map_.record_write(task.node, regions[slot]);
        break;
      case detail::PayloadMethod::INOUT:
        // record_write drops the reads its region covers; a read it would
        // drop at once (a box or dense region covers itself) is not
        // recorded at all.
        if (!regions[slot].covers(regions[slot])) {
          tensor_map_.record_read(task.node, regions[slot]);
        }
        tensor_map_.record_write(task.node, regions[slot]);
        break;
      case detail::PayloadMethod::NO_DEP:
        break;
    }
  }
}

TaskOutputTensors HostSession::alloc_tensors(
    const TensorCreateInfo* const infos[], uint32_t count) {
  TaskRecord& allocation = new_node(NodeKind::ALLOCATION);
  const ChipTensor* outputs[detail::kMaxCreateInfosPerAlloc] = {};
  count = std::min(count, detail::kMaxCreateInfosPerAlloc);
  for (uint32_t k = 0; k < count; ++k) {
    const TensorCreateInfo& info = *infos[k];
    const std::string what = "alloc_tensors: create-info " + std::to_string(k);
    ChipTensor tensor;
    tensor.dtype = info.dtype;
    if (info.ndims == 0 || info.ndims > detail::kMaxTensorRank) {
      report_error(what + " has rank " + std::to_string(info.ndims) +
                   "; the rank must be 1.." +
                   std::to_string(detail::kMaxTensorRank));
    } else if (detail::dtype_size(info.dtype) == 0) {
      report_error(what + " has an invalid dtype");
    } else {
      const uint64_t bytes = dense_bytes(info.dtype, info.shapes, info.ndims);
      // calloc: zero-filled so that runs are reproducible (the device's
      // memory is not), and large buffers get lazily zeroed pages. No
      // allocation can exceed PTRDIFF_MAX bytes (nor fit size_t on 32-bit
      // hosts); such a size is refused without asking the allocator, which
      // under AddressSanitizer aborts instead of returning null.
      uint8_t* memory = nullptr;
      if (bytes <= static_cast<uint64_t>(PTRDIFF_MAX)) {
        memory = static_cast<uint8_t*>(
            std::calloc(static_cast<size_t>(std::max<uint64_t>(bytes, 1)), 1));
      }
      if (memory == nullptr) {
        report_error(what + ": cannot allocate " + std::to_string(bytes) +
                     " bytes for shape " +
                     shape_string(info.shapes, info.ndims));
      } else {
        allocations_.emplace_back(memory);
        tensor = make_dense_tensor(memory, bytes, info.dtype, info.shapes,
                                   info.ndims);
      }
    }
    allocated_tensors_.push_back(tensor);
    outputs[k] = &allocated_tensors_.back();
  }
  return TaskOutputTensors(PTO2TaskId{allocation.node}, outputs, count);
}

void HostSession::synchronize(std::vector<uint32_t> waited, bool full_barrier) {
  std::vector<TaskRecord*> tasks;
  if (full_barrier) {
    for (const auto& node : nodes_) {
      if (node->kind == NodeKind::KERNEL_TASK) tasks.push_back(node.get());
    }
  } else {
    for (uint32_t node : waited) tasks.push_back(nodes_[node].get());
  }
  if (tasks.empty()) return;
  TaskRecord& sync = new_node(NodeKind::SYNC_POINT);
  sync.full_barrier = full_barrier;
  sync.predecessors.insert(sync.predecessors.end(), waited.begin(),
                           waited.end());
  last_sync_node_ = sync.node;
  scheduler_->wait_for(tasks);
}

void HostSession::read_element(const ChipTensor& tensor, uint32_t ndims,
                               const uint32_t indices[], void* value,
                               size_t value_size) {
  std::memset(value, 0, value_size);
  std::string error;
  uint64_t byte_offset = 0;
  if (value_size != detail::dtype_size(tensor.dtype)) {
    report_error("get_tensor_data: the value type has " +
                 std::to_string(value_size) + " bytes but the tensor's dtype " +
                 detail::dtype_name(tensor.dtype) + " has " +
                 std::to_string(detail::dtype_size(tensor.dtype)) +
                 "-byte elements");
    return;
  }
  if (!element_byte_offset(tensor, ndims, indices, byte_offset, error)) {
    report_error("get_tensor_data: " + error);
    return;
  }
  std::vector<uint32_t> waited;
  if (!in_manual_scope()) {
    const uint32_t ones[detail::kMaxTensorRank] = {1, 1, 1, 1, 1};
    ChipTensor element = checked_view(tensor, ones, indices, error);
    tensor_map_.collect_writers(TensorRegion::of(element), waited);
  }
  synchronize(std::move(waited), in_manual_scope());
  std::memcpy(value, static_cast<const uint8_t*>(tensor.buffer) + byte_offset,
              value_size);
}

void HostSession::write_element(const ChipTensor& tensor, uint32_t ndims,
                                const uint32_t indices[], const void* value,
                                size_t value_size) {
  std::string error;
  uint64_t byte_offset = 0;
  if (value_size != detail::dtype_size(tensor.dtype)) {
    report_error("set_tensor_data: the value has " + std::to_string(value_size) +
                 " bytes but the tensor's dtype " +
                 detail::dtype_name(tensor.dtype) + " has " +
                 std::to_string(detail::dtype_size(tensor.dtype)) +
                 "-byte elements");
    return;
  }
  if (!element_byte_offset(tensor, ndims, indices, byte_offset, error)) {
    report_error("set_tensor_data: " + error);
    return;
  }
  std::vector<uint32_t> waited;
  if (!in_manual_scope()) {
    const uint32_t ones[detail::kMaxTensorRank] = {1, 1, 1, 1, 1};
    ChipTensor element = checked_view(tensor, ones, indices, error);
    const TensorRegion region = TensorRegion::of(element);
    tensor_map_.collect_writers(region, waited);
    tensor_map_.collect_readers(region, waited);
  }
  synchronize(std::move(waited), in_manual_scope());
  std::memcpy(static_cast<uint8_t*>(tensor.buffer) + byte_offset, value,
              value_size);
}

void HostSession::scope_begin(PTO2ScopeMode mode) {
  if (mode == PTO2ScopeMode::AUTO && in_manual_scope()) {
    report_error(
        "PTO2_SCOPE() inside a manual scope: an automatic scope cannot be "
        "nested in a manual one; it is treated as manual");
    mode = PTO2ScopeMode::MANUAL;
  }
  scopes_.push_back(mode);
  if (mode == PTO2ScopeMode::MANUAL) ++manual_depth_;
}

void HostSession::scope_end() {
  if (scopes_.empty()) {
    report_error("scope end without a matching scope begin");
    return;
  }
  if (scopes_.back() == PTO2ScopeMode::MANUAL) --manual_depth_;
  scopes_.pop_back();
}

void HostSession::run_kernels(TaskRecord& task) {
  if (!task.runnable) return;
  if (options_.dump) capture_before(task);
  // Kernel argument words: tensor addresses, then scalars (at most 32 + 16).
  int64_t args[detail::kMaxCoreTensorArgs + detail::kMaxCoreScalarArgs] = {};
  for (uint32_t block = 0; block < task.block_num; ++block) {
    for (uint32_t lane = 0; lane < kLaneCount; ++lane) {
      const abi::CoreCallable* callable = task.lane_callables[lane];
      if (callable == nullptr) continue;
      // Rebuilt per call: a kernel may scribble on its argument words.
      for (size_t slot = 0; slot < task.tensors.size(); ++slot) {
        args[slot] = static_cast<int64_t>(
            reinterpret_cast<intptr_t>(&task.tensors[slot].tensor));
      }
      for (size_t j = 0; j < task.scalars.size(); ++j) {
        args[task.tensors.size() + j] = static_cast<int64_t>(task.scalars[j]);
      }
      KernelInvocationScope invocation(block, task.block_num,
                                       static_cast<Lane>(lane));
      try {
        callable->entry()(args);
      } catch (const std::exception& exception) {
        report_error("task " + std::to_string(task.task_index) + ": " +
                     lane_kernel_text(static_cast<Lane>(lane), *callable) +
                     " threw in block " + std::to_string(block) + ": " +
                     exception.what());
      } catch (...) {
        report_error("task " + std::to_string(task.task_index) + ": " +
                     lane_kernel_text(static_cast<Lane>(lane), *callable) +
                     " threw a non-standard exception in block " +
                     std::to_string(block));
      }
      ++kernel_invocations_;
    }
  }
  if (options_.dump) capture_after(task);
}

void HostSession::report_error(std::string message) {
  std::lock_guard<std::mutex> lock(messages_mutex_);
  if (errors_.size() < options_.max_errors) {
    errors_.push_back(std::move(message));
  } else {
    ++suppressed_errors_;
  }
}

void HostSession::report_fatal(std::string message) {
  report_error(std::move(message));
  fatal_.store(true);
}

void HostSession::log(std::string line) {
  std::lock_guard<std::mutex> lock(messages_mutex_);
  log_.push_back(std::move(line));
}

void HostSession::finish() { scheduler_->wait_all(); }

std::vector<std::string> HostSession::take_errors() {
  std::lock_guard<std::mutex> lock(messages_mutex_);
  std::vector<std::string> errors = std::move(errors_);
  if (suppressed_errors_ > 0) {
    errors.push_back(std::to_string(suppressed_errors_) +
                     " more errors not shown");
  }
  errors_.clear();
  suppressed_errors_ = 0;
  return errors;
}

std::vector<std::string> HostSession::take_log() {
  std::lock_guard<std::mutex> lock(messages_mutex_);
  std::vector<std::string> lines = std::move(log_);
  log_.clear();
  return lines;
}

}  // namespace taskc::host
