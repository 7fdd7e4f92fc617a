// HostSession: construction, the three submit paths (kernel task, dummy
// task, allocation task), messages and results. Dependencies, checks,
// scopes and execution live in the session_*.cc and task_execution.cc
// files.
#include "host_session.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

#include "tensor_layout.h"

namespace taskc::host {

static_assert(detail::kMaxTensorRank == abi::Limits::kMaxTensorRank &&
                  detail::kMaxCoreTensorArgs ==
                      abi::Limits::kCoreMaxTensorArgs &&
                  detail::kMaxCoreScalarArgs == abi::Limits::kCoreMaxScalarArgs,
              "pto_orchestration_api.h limits disagree with abi::Limits");

HostSession::HostSession(const abi::ChipCallable& callable,
                         SessionOptions options)
    : callable_(callable), options_(std::move(options)) {
  // By position in callable_.children (func_ids may be sparse in a
  // hand-built callable).
  kernel_called_ =
      std::make_unique<std::atomic<bool>[]>(callable_.children.size() + 1);
  // The executor's scope around the entry: it counts towards
  // PTO2_MAX_SCOPE_DEPTH and ends when the entry returns.
  ScopeFrame executor;
  executor.serial = next_scope_serial_++;
  frames_.push_back(std::move(executor));
  scheduler_ = std::make_unique<TaskScheduler>(
      options_.threads, nodes_, [this](TaskRecord& task) { run_task(task); });
}

HostSession::~HostSession() { scheduler_.reset(); }

void HostSession::add_entry_tensor(const ChipTensor& tensor, uint32_t index,
                                   const std::string& name) {
  if (tensor.buffer == nullptr) return;  // a binding error, reported already
  std::string label = "entry tensor " + std::to_string(index);
  if (!name.empty()) label += " '" + name + "'";
  allocations_.add_external(tensor.buffer, tensor.buffer_bytes, std::move(label));
}

TaskRecord& HostSession::new_node(NodeKind kind, const RecordShape& shape) {
  pending_predecessors_.clear();
  if (last_sync_node_ >= 0) {
    pending_predecessors_.push_back(static_cast<uint32_t>(last_sync_node_));
  }
  return nodes_.add(kind, shape);
}

void HostSession::commit_predecessors(TaskRecord& node) {
  if (!nodes_.set_predecessors(node.node, pending_predecessors_)) {
    report_fatal("task id " + std::to_string(node.node) +
                 ": the run has more dependency edges than the host runtime "
                 "can record (2^31 list slots)");
  }
}

// A CoreTaskArgs that recorded a construction error is a fatal error of the
// submit, as on the device.
bool HostSession::check_args_error(const CoreTaskArgs& args, const char* what) {
  if (!args.has_error) return true;
  report_fatal(std::string(what) + " (task " +
               std::to_string(counters_.tasks_submitted.load()) +
               "): invalid CoreTaskArgs: " +
               (args.error_msg != nullptr ? args.error_msg : "(no message)") +
               " (PTO2_ERROR_INVALID_ARGS)");
  return false;
}

TaskRecord* HostSession::new_task(NodeKind kind, const CoreTaskArgs& args) {
  RecordShape shape;
  shape.tensors = static_cast<uint32_t>(std::max(args.tensor_count(), 0));
  shape.scalars = static_cast<uint32_t>(std::max(args.scalar_count(), 0));
  shape.scalar_dtypes = options_.dump_level != DumpLevel::OFF;
  shape.predicate = args.predicate().op != PredicateOp::NONE;
  shape.held = shape.tensors + (shape.predicate ? 1 : 0);
  TaskRecord& task = new_node(kind, shape);
  task.task_index = counters_.tasks_submitted.load(std::memory_order_relaxed);
  task.in_manual_scope = in_manual_scope();
  task.block_num = static_cast<uint32_t>(
      std::max<int32_t>(args.launch_spec.taskc_launch_width(), 0));
  task.require_sync_start = args.launch_spec.require_sync_start();
  task.allow_early_resolve = args.allow_early_resolve();
  task.timing_slot = args.task_timing_slot();
  task.dump_mask = args.dump_arg_mask();
  task.dump_ambiguous_mask = args.dump_arg_index_ambiguous_mask();
  attach_site(task);
  return &task;
}

// The generated code stored the task's call site before making its views;
// storing "no site" now tells a later view outside any call apart.
void HostSession::attach_site(TaskRecord& task) {
  if (options_.site_variable == nullptr) return;
  const uint32_t number = *options_.site_variable;
  if (number < options_.sites->size()) {
    task.site = &(*options_.sites)[number];
    task.site_number = number;
    last_site_ = number;
  }
  *options_.site_variable = kNoSite;
}

uint32_t HostSession::current_site() const {
  if (options_.site_variable == nullptr) return kNoSite;
  const uint32_t number = *options_.site_variable;
  return number < options_.sites->size() ? number : kNoSite;
}

std::string HostSession::orchestration_place() const {
  if (options_.site_variable == nullptr) return "";
  const std::vector<CallSite>& sites = *options_.sites;
  const uint32_t number = *options_.site_variable;
  if (number < sites.size()) {
    return "in the arguments of " + site_label(number, sites[number]);
  }
  if (last_site_ < sites.size()) return "after " + site_label(last_site_, sites[last_site_]);
  return "before the first task";
}

TaskOutputTensors HostSession::submit(const MixedKernels& kernels,
                                      const CoreTaskArgs& args) {
  if (fatal() || !check_args_error(args, "rt_submit_task")) {
    return TaskOutputTensors{};
  }
  TaskRecord& task = *new_task(NodeKind::KERNEL_TASK, args);
  // As on the device, a task whose only vector lane is aiv1 runs on aiv0.
  MixedKernels lanes = kernels;
  if (lanes.aic_kernel_id == INVALID_KERNEL_ID &&
      lanes.aiv0_kernel_id == INVALID_KERNEL_ID) {
    std::swap(lanes.aiv0_kernel_id, lanes.aiv1_kernel_id);
  }
  task.lane_kernel_ids[0] = lanes.aic_kernel_id;
  task.lane_kernel_ids[1] = lanes.aiv0_kernel_id;
  task.lane_kernel_ids[2] = lanes.aiv1_kernel_id;
  for (uint32_t lane = 0; lane < kLaneCount; ++lane) {
    task.lane_callables[lane] = callable_.child(task.lane_kernel_ids[lane]);
  }
  add_count(counters_.kernel_tasks, 1u, one_thread_);
  TaskOutputTensors outputs;
  copy_payload(task, args, outputs);
  validate(task, args);
  finish_submit(task, args, outputs);
  return outputs;
}

TaskOutputTensors HostSession::submit_dummy(const CoreTaskArgs& args) {
  if (fatal() || !check_args_error(args, "rt_submit_dummy_task")) {
    return TaskOutputTensors{};
  }
  TaskRecord& task = *new_task(NodeKind::DUMMY_TASK, args);
  add_count(counters_.dummy_tasks, 1u, one_thread_);
  TaskOutputTensors outputs;
  copy_payload(task, args, outputs);
  finish_submit(task, args, outputs);
  return outputs;
}

void HostSession::copy_payload(TaskRecord& task, const CoreTaskArgs& args,
                               TaskOutputTensors& outputs) {
  for (int32_t i = 0; i < args.tensor_count(); ++i) {
    PayloadTensor& payload = task.tensors[static_cast<size_t>(i)];
    payload.tag = args.tag(i);
    if (payload.tag == TensorArgType::OUTPUT) {
      ChipTensor& tensor = output_tensors_.emplace_back();
      AllocationOrigin origin;
      origin.index = static_cast<uint32_t>(i);
      origin.task_index = task.task_index;
      origin.node = task.node;
      payload.allocation =
          create_allocation(args.tensor(i).create_info(), origin, tensor);
      if (payload.allocation == nullptr) task.runnable = false;
      payload.tensor = tensor;
      outputs.materialize_output(tensor);
    } else {
      payload.tensor = args.tensor(i).ref();
      resolve_tensor(task, payload, static_cast<uint32_t>(i));
    }
  }
  for (uint32_t j = 0; j < task.scalars.size(); ++j) {
    task.scalars[j] = args.scalar(static_cast<int32_t>(j));
  }
  for (uint32_t j = 0; j < task.scalar_dtypes.size(); ++j) {
    task.scalar_dtypes[j] = args.scalar_dtypes()[j];
  }
  resolve_predicate(task, args.predicate());
}

Allocation* HostSession::create_allocation(const TensorCreateInfo& info,
                                           AllocationOrigin origin,
                                           ChipTensor& tensor) {
  tensor = ChipTensor{};
  tensor.dtype = info.dtype;
  // Spelled out only for a message.
  const auto what = [&origin] { return origin_text(origin); };
  if (info.ndims == 0 || info.ndims > detail::kMaxTensorRank) {
    report_error(what() + " has rank " +
                 std::to_string(info.ndims) + "; the rank must be 1.." +
                 std::to_string(detail::kMaxTensorRank));
    return nullptr;
  }
  const uint32_t element_size = detail::dtype_size(info.dtype);
  if (element_size == 0) {
    report_error(what() + " has an invalid dtype (" +
                 std::to_string(static_cast<uint32_t>(info.dtype)) + ")");
    return nullptr;
  }
  const uint64_t bytes = dense_bytes(info.dtype, info.shapes, info.ndims);
  Allocation* allocation = allocations_.allocate(bytes, origin.node);
  if (allocation == nullptr) {
    report_error(what() + ": cannot allocate " + std::to_string(bytes) +
                 " bytes for shape " + shape_string(info.shapes, info.ndims));
    return nullptr;
  }
  if (info.has_initial_value) {
    fill_initial_value(allocation->memory, bytes, element_size,
                       info.initial_value);
  }
  tensor = make_dense_tensor(allocation->memory, bytes, info.dtype, info.shapes,
                             info.ndims);
  tensor.owner_task_id = PTO2TaskId{origin.node};
  tensor.manual_dep = info.manual_dep;
  ScopeFrame& frame = frames_.back();
  allocation->scope_serial = frame.serial;
  origin.dtype = info.dtype;
  origin.ndims = info.ndims;
  std::copy(info.shapes, info.shapes + info.ndims, origin.shapes);
  allocation->origin = origin;
  frame.allocations.push_back(allocation);
  return allocation;
}

TaskOutputTensors HostSession::alloc_tensors(const CoreTaskArgs& args) {
  if (fatal()) return TaskOutputTensors{};
  const char* problem = nullptr;
  if (args.tensor_count() <= 0) {
    problem = "alloc_tensors requires at least one TensorCreateInfo";
  } else if (args.scalar_count() != 0) {
    problem = "alloc_tensors only accepts output TensorCreateInfo args";
  }
  for (int32_t i = 0; i < args.tensor_count() && problem == nullptr; ++i) {
    if (args.tag(i) != TensorArgType::OUTPUT) {
      problem = "alloc_tensors only accepts output TensorCreateInfo args";
    }
  }
  if (problem == nullptr && args.has_error) problem = args.error_msg;
  if (problem != nullptr) {
    report_fatal(std::string("alloc_tensors: ") + problem +
                 " (PTO2_ERROR_INVALID_ARGS)");
    return TaskOutputTensors{};
  }
  TaskRecord& allocation = new_node(NodeKind::ALLOCATION, RecordShape{});
  commit_predecessors(allocation);
  TaskOutputTensors outputs;
  outputs.set_task_id(PTO2TaskId{allocation.node});
  for (int32_t k = 0; k < args.tensor_count(); ++k) {
    ChipTensor& tensor = output_tensors_.emplace_back();
    AllocationOrigin origin;
    origin.by_alloc_tensors = true;
    origin.index = static_cast<uint32_t>(k);
    origin.node = allocation.node;
    create_allocation(args.tensor(k).create_info(), origin, tensor);
    outputs.materialize_output(tensor);
  }
  // Complete at once: nothing to schedule.
  allocation.info->finished = true;
  nodes_.release(allocation);
  return outputs;
}

void HostSession::finish_submit(TaskRecord& task, const CoreTaskArgs& args,
                                TaskOutputTensors& outputs) {
  outputs.set_task_id(PTO2TaskId{task.node});
  counters_.tasks_submitted.store(task.task_index + 1, std::memory_order_relaxed);
  scratch_retained_.clear();
  if (!add_explicit_dependencies(task, args)) task.runnable = false;
  // Manual scopes bypass creator retention and the tensor map entirely, as
  // on the device: only explicit dependencies order their tasks.
  if (!task.in_manual_scope) {
    add_creator_dependencies(task);
    add_tensor_map_dependencies(task);
  }
  record_uses(task);
  schedule(task);
}

std::string HostSession::slot_name(const abi::CoreCallable& callable,
                                   uint32_t slot) const {
  std::string text = "slot " + std::to_string(slot);
  const auto func_id = static_cast<size_t>(callable.func_id());
  if (func_id < options_.tensor_param_names.size() &&
      slot < options_.tensor_param_names[func_id].size()) {
    text += " '" + options_.tensor_param_names[func_id][slot] + "'";
  }
  return text;
}

void HostSession::report_error(std::string message) {
  failed_.store(true);
  std::lock_guard<std::mutex> lock(messages_mutex_);
  if (errors_.size() < options_.max_errors) {
    errors_.push_back(std::move(message));
  } else {
    ++suppressed_errors_;
  }
}

void HostSession::report_first(ErrorKind kind, uint32_t site, std::string message) {
  {
    std::lock_guard<std::mutex> lock(messages_mutex_);
    if (!first_errors_.insert({kind, site}).second) {
      ++repeated_errors_[static_cast<size_t>(kind)];
      failed_.store(true);
      return;
    }
  }
  report_error(std::move(message));
}

void HostSession::report_fatal(std::string message) {
  report_error(std::move(message));
  fatal_.store(true);
}

void HostSession::log(std::string line) {
  std::lock_guard<std::mutex> lock(messages_mutex_);
  log_.push_back(std::move(line));
}

void HostSession::finish() {
  // The executor ends its scope when the entry returns; scopes the entry
  // left open (an error of its own) end with it.
  while (!frames_.empty()) {
    close_frame(frames_.back());
    frames_.pop_back();
  }
  scheduler_->wait_all();
}

std::vector<std::string> HostSession::take_errors() {
  std::lock_guard<std::mutex> lock(messages_mutex_);
  std::vector<std::string> errors = std::move(errors_);
  static const char* const kKindNames[] = {"view out of bounds", "signature", "race"};
  static_assert(std::size(kKindNames) == static_cast<size_t>(ErrorKind::kCount));
  for (size_t kind = 0; kind < static_cast<size_t>(ErrorKind::kCount); ++kind) {
    const size_t more = repeated_errors_[kind];
    if (more > 0) {
      errors.push_back(std::to_string(more) + " more " + kKindNames[kind] + " error" +
                       (more == 1 ? " was" : "s were") +
                       " not listed: repeats at a call site already reported");
    }
    repeated_errors_[kind] = 0;
  }
  first_errors_.clear();
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

std::vector<TimingSlotStats> HostSession::timing() const {
  std::lock_guard<std::mutex> lock(timing_mutex_);
  std::vector<TimingSlotStats> used;
  for (const TimingSlotStats& stats : timing_) {
    if (stats.tasks > 0) used.push_back(stats);
  }
  return used;
}

uint32_t HostSession::kernels_used() const {
  uint32_t count = 0;
  for (size_t i = 0; i < callable_.children.size(); ++i) {
    if (kernel_called_[i].load()) ++count;
  }
  return count;
}

}  // namespace taskc::host
