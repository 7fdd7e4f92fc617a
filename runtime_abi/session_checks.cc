// The checks of a submitted task: every tensor against the allocation it
// claims (before any byte of it is touched), the dispatch predicate, the
// launch spec, and every active lane against its kernel's signature. A
// failed check is an error naming the task; the task is not run.
#include <string>
#include <vector>

#include "host_session.h"
#include "tensor_dump.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {

const char* tag_method(TensorArgType tag) {
  switch (tag) {
    case TensorArgType::INPUT:
      return "add_input";
    case TensorArgType::OUTPUT:
      return "add_output(TensorCreateInfo)";
    case TensorArgType::INOUT:
      return "add_inout";
    case TensorArgType::OUTPUT_EXISTING:
      return "add_output";
    case TensorArgType::NO_DEP:
      return "add_no_dep";
  }
  return "add_?";
}

bool tag_matches(TensorArgType tag, abi::ArgDirection direction) {
  switch (tag) {
    case TensorArgType::INPUT:
      return direction == abi::ArgDirection::IN;
    case TensorArgType::OUTPUT:
    case TensorArgType::OUTPUT_EXISTING:
      return direction == abi::ArgDirection::OUT;
    case TensorArgType::INOUT:
      return direction == abi::ArgDirection::INOUT;
    case TensorArgType::NO_DEP:
      return true;
  }
  return false;
}

abi::CoreType lane_core_type(Lane lane) {
  return lane == Lane::AIC ? abi::CoreType::AIC : abi::CoreType::AIV;
}

// The device's AIV shape: exactly one active lane, a vector one. Every
// other task needs a whole cluster.
bool single_vector_lane(const TaskRecord& task) {
  uint32_t active = 0;
  for (int32_t id : task.lane_kernel_ids) active += id != INVALID_KERNEL_ID;
  return active == 1 && task.lane_kernel_ids[static_cast<uint32_t>(Lane::AIC)] ==
                            INVALID_KERNEL_ID;
}

}  // namespace

void HostSession::resolve_tensor(TaskRecord& task, PayloadTensor& payload,
                                 uint32_t slot) {
  std::string error;
  payload.allocation = allocations_.resolve(payload.tensor, error);
  if (payload.allocation == nullptr) {
    report_error(task.name() + ": payload tensor " +
                 std::to_string(slot) + ": " + error);
    task.runnable = false;
  }
}

void HostSession::resolve_predicate(TaskRecord& task,
                                    const CoreTaskPredicate& predicate) {
  if (predicate.op == PredicateOp::NONE) return;
  // new_task made room for it.
  task.predicate->op = predicate.op;
  task.predicate->target = predicate.target;
  const std::string where =
      task.name() + ": the dispatch predicate";
  const auto fail = [this, &task](std::string message) {
    report_error(std::move(message));
    task.runnable = false;
  };
  if (predicate.op > PredicateOp::LE) {
    fail(where + " has an unknown operator (" +
         std::to_string(static_cast<unsigned>(predicate.op)) + ")");
    return;
  }
  if (predicate.operand.tensor == nullptr) {
    fail(where + "'s operand has no tensor");
    return;
  }
  PayloadTensor& element = task.predicate->element;
  element.tensor = *predicate.operand.tensor;
  element.tag = TensorArgType::INPUT;
  std::string error;
  element.allocation = allocations_.resolve(element.tensor, error);
  if (element.allocation == nullptr) {
    fail(where + "'s tensor: " + error);
    return;
  }
  uint64_t byte_offset = 0;
  if (!element_byte_offset(element.tensor, predicate.operand.ndims,
                           predicate.operand.indices, byte_offset, error)) {
    fail(where + ": " + error);
    element.allocation = nullptr;
    return;
  }
  const uint32_t ones[detail::kMaxTensorRank] = {1, 1, 1, 1, 1};
  element.tensor = checked_view(element.tensor, ones, predicate.operand.indices,
                                error);
}

// " (arguments x, y[0:4])": the task's tensors as the .kir spells them.
std::string HostSession::arguments_text(const TaskRecord& task) {
  if (task.site == nullptr || task.site->tensors.empty()) return "";
  std::string text = " (tensor arguments ";
  for (size_t i = 0; i < task.site->tensors.size(); ++i) {
    text += (i > 0 ? ", " : "") + task.site->tensors[i];
  }
  return text + ")";
}

void HostSession::validate(TaskRecord& task, const CoreTaskArgs& args) {
  // Built only for a report: most tasks are valid.
  const auto prefix = [&task] { return task.name() + ": "; };
  const auto fail = [this, &task](std::string message) {
    report_error(std::move(message));
    task.runnable = false;
  };
  const int16_t width = args.launch_spec.taskc_launch_width();
  if (width < 1) {
    fail(prefix() + "block_num is " + std::to_string(width) +
         "; it must be at least 1");
  }
  bool any_lane = false;
  for (uint32_t lane = 0; lane < kLaneCount; ++lane) {
    if (task.lane_kernel_ids[lane] == INVALID_KERNEL_ID) continue;
    any_lane = true;
    if (check_lane(task, static_cast<Lane>(lane), nullptr)) continue;
    // A second pass spells out the problems the quick one found.
    std::vector<std::string> problems;
    check_lane(task, static_cast<Lane>(lane), &problems);
    // A loop repeats a call's mismatch on every iteration: with call
    // sites, the first per site is listed. Without, every task is.
    for (std::string& problem : problems) {
      if (task.site != nullptr) {
        report_first(ErrorKind::kSignature, task.site_number,
                     prefix() + problem + arguments_text(task));
        task.runnable = false;
      } else {
        fail(prefix() + problem);
      }
    }
  }
  if (!any_lane) {
    fail(prefix() + "no lane has a kernel (every kernel id is INVALID_KERNEL_ID)");
  }
  // As on the device: a synchronous start of more blocks than the cores
  // that can take them could never begin.
  if (width > 1 && task.require_sync_start) {
    const bool vector_only = single_vector_lane(task);
    const int32_t limit =
        vector_only ? options_.aiv_count : options_.cluster_count;
    if (limit > 0 && width > limit) {
      report_fatal(prefix() + "require_sync_start with block_num " +
                   std::to_string(width) + " > " + std::to_string(limit) +
                   (vector_only ? " AIV cores" : " clusters") +
                   " available: the blocks could never all start "
                   "(PTO2_ERROR_REQUIRE_SYNC_START_INVALID)");
      task.runnable = false;
    }
  }
  if (options_.dump_level != DumpLevel::OFF) {
    std::string problem = dump_problem(task);
    if (!problem.empty()) report_error(std::move(problem));
  }
}

bool HostSession::check_lane(const TaskRecord& task, Lane lane,
                             std::vector<std::string>* problems) const {
  const int32_t kernel_id = task.lane_kernel_ids[static_cast<uint32_t>(lane)];
  const abi::CoreCallable* callable =
      task.lane_callables[static_cast<uint32_t>(lane)];
  if (callable == nullptr) {
    if (problems == nullptr) return false;
    problems->push_back(std::string("lane ") + lane_name(lane) + ": kernel id " +
                        std::to_string(kernel_id) +
                        " is not registered (the orchestration has " +
                        std::to_string(callable_.children.size()) + " kernels)");
    return false;
  }
  bool ok = true;
  // Without `problems`, the first problem ends the check; with it, each
  // problem is spelled out.
  const auto problem = [&ok, problems](auto spell) {
    ok = false;
    if (problems != nullptr) problems->push_back(spell());
    return problems == nullptr;
  };
  const auto where = [lane, callable] { return lane_kernel_text(lane, *callable); };
  if (callable->core_type() != lane_core_type(lane) && problem([&] {
        return where() + " has core type " +
               abi::core_type_name(callable->core_type()) +
               " but the lane needs " + abi::core_type_name(lane_core_type(lane));
      })) {
    return false;
  }
  if (callable->entry() == nullptr &&
      problem([&] { return where() + " has no host entry"; })) {
    return false;
  }
  const size_t tensor_count = task.tensors.size();
  if (callable->sig_count() != tensor_count) {
    if (problem([&] {
          return where() + ": the signature has " +
                 std::to_string(callable->sig_count()) +
                 " entries (sig_count) but the payload carries " +
                 std::to_string(tensor_count) + " tensors (tensor_count)";
        })) {
      return false;
    }
  } else {
    for (uint32_t slot = 0; slot < tensor_count; ++slot) {
      const abi::ArgDirection direction = callable->signature(slot);
      if (!tag_matches(task.tensors[slot].tag, direction) && problem([&] {
            return where() + ": payload tensor " + std::to_string(slot) +
                   " was added with " + tag_method(task.tensors[slot].tag) +
                   " but signature entry " + std::to_string(slot) + " is " +
                   abi::direction_name(direction);
          })) {
        return false;
      }
    }
  }
  if (callable->scalar_count() != task.scalars.size() && problem([&] {
        return where() + ": the kernel takes " +
               std::to_string(callable->scalar_count()) +
               (callable->scalar_count() == 1 ? " scalar" : " scalars") +
               " but the payload carries " +
               std::to_string(task.scalars.size());
      })) {
    return false;
  }
  return ok;
}

}  // namespace taskc::host
