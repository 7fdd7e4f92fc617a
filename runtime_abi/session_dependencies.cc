// How a submitted task is ordered and what it keeps alive, as on the device
// (pto_dep_compute.h of the tensormap_and_ringbuffer runtime):
//   * explicit dependencies, in every scope: each must be a valid id of an
//     earlier task (else a fatal error); one whose producer already finished
//     is simply satisfied. By default they wait and retain.
//   * automatic scopes only: a creator edge (wait + retain) to the task that
//     allocated each non-OUTPUT tensor, then the tensor map (add_input and
//     add_inout look up writers; add_inout and add_output of an existing
//     tensor become writers).
//   * a task holds every allocation it uses until it finished; whether it
//     also retains it (the device's fanout reference) decides whether the
//     allocation may be released under it (see session_scopes.cc).
#include <algorithm>
#include <string>

#include "host_session.h"

namespace taskc::host {

bool HostSession::add_explicit_dependencies(TaskRecord& task,
                                            const CoreTaskArgs& args) {
  for (uint32_t i = 0; i < args.explicit_dep_count(); ++i) {
    const PTO2TaskId id = args.explicit_dep(i);
    const std::string where = "task " + std::to_string(task.task_index) +
                              ": set_dependencies entry " + std::to_string(i);
    if (!id.is_valid()) {
      report_fatal(where +
                   " is PTO2TaskId::invalid(); the runtime requires valid task "
                   "ids (leave invalid ones out of the array) "
                   "(PTO2_ERROR_INVALID_ARGS)");
      return false;
    }
    if (id.raw >= task.node ||
        nodes_.info(static_cast<uint32_t>(id.raw)).kind == NodeKind::SYNC_POINT) {
      report_fatal(where + " (raw id " + std::to_string(id.raw) +
                   ") is not the id of an earlier task (PTO2_ERROR_INVALID_ARGS)");
      return false;
    }
    const auto producer = static_cast<uint32_t>(id.raw);
    pending_predecessors_.push_back(producer);
    if (dep_has_retain(args.explicit_dep_kind(i))) {
      scratch_retained_.push_back(producer);
    }
  }
  return true;
}

void HostSession::add_creator_dependencies(TaskRecord& task) {
  for (const PayloadTensor& payload : task.tensors) {
    if (payload.tag == TensorArgType::OUTPUT || payload.allocation == nullptr ||
        payload.allocation->external) {
      continue;
    }
    const auto creator = static_cast<uint32_t>(payload.allocation->creator_node);
    if (creator == task.node) continue;
    pending_predecessors_.push_back(creator);
    scratch_retained_.push_back(creator);
  }
}

void HostSession::add_tensor_map_dependencies(TaskRecord& task) {
  const auto tracked = [](const PayloadTensor& payload) {
    return payload.allocation != nullptr && !payload.tensor.manual_dep;
  };
  // Look up every slot before recording any, so that a task never depends
  // on itself through two slots naming one buffer. Each recording reuses
  // its slot's lookup when nothing changed the buffer in between.
  const uint32_t slots = task.tensors.size();
  std::vector<TensorRegion>& regions = scratch_regions_;
  std::vector<TensorMap::Probe>& probes = scratch_probes_;
  regions.clear();  // keeps its memory; regions are made in place
  if (probes.size() < slots) probes.resize(slots);
  for (uint32_t slot = 0; slot < slots; ++slot) {
    const PayloadTensor& payload = task.tensors[slot];
    probes[slot] = TensorMap::Probe{};
    if (!tracked(payload)) {
      regions.emplace_back();
      continue;
    }
    regions.emplace_back(payload.tensor, payload.allocation);
    if (payload.tag == TensorArgType::INPUT || payload.tag == TensorArgType::INOUT) {
      probes[slot] = tensor_map_.look_up(payload.allocation->id, regions[slot],
                                         payload.tag == TensorArgType::INOUT,
                                         pending_predecessors_);
    }
  }
  std::vector<uint32_t>& ordered_after = pending_predecessors_;
  std::sort(ordered_after.begin(), ordered_after.end());
  ordered_after.erase(std::unique(ordered_after.begin(), ordered_after.end()),
                      ordered_after.end());
  for (uint32_t slot = 0; slot < slots; ++slot) {
    const PayloadTensor& payload = task.tensors[slot];
    if (!tracked(payload)) continue;
    const uint32_t buffer = payload.allocation->id;
    switch (payload.tag) {
      case TensorArgType::INPUT:
        tensor_map_.record_read(buffer, task.node, regions[slot], &probes[slot]);
        break;
      case TensorArgType::INOUT:
        tensor_map_.record_inout(buffer, task.node, regions[slot], &probes[slot]);
        break;
      case TensorArgType::OUTPUT_EXISTING:
        tensor_map_.record_output(buffer, task.node, regions[slot],
                                  ordered_after);
        break;
      case TensorArgType::OUTPUT:  // found through its creator, not the map
      case TensorArgType::NO_DEP:
        break;
    }
  }
}

void HostSession::record_uses(TaskRecord& task) {
  std::vector<uint32_t>& retained = scratch_retained_;
  std::sort(retained.begin(), retained.end());
  // slot: a payload slot, or kPredicate for the predicate's tensor.
  constexpr uint32_t kPredicate = UINT32_MAX;
  const auto use = [this, &task, &retained](Allocation* allocation, uint32_t slot) {
    if (allocation == nullptr || allocation->external) return;
    if (std::find(task.held.begin(), task.held.end(), allocation) !=
        task.held.end()) {
      return;
    }
    if (allocation->scope_ended) {
      // Its memory may be gone: the task must not run, and takes no hold.
      report_error("task " + std::to_string(task.task_index) + ": " +
                   (slot == kPredicate ? std::string("the predicate's tensor")
                                       : "payload tensor " + std::to_string(slot)) +
                   " is " + allocation->label() +
                   ", whose scope has ended: the runtime may already have "
                   "released the buffer and handed it to a later allocation");
      task.runnable = false;
      return;
    }
    add_count(allocation->holds, 1u, one_thread_);
    task.held.push_back(allocation);  // room for every slot and the predicate
    const auto creator = static_cast<uint32_t>(allocation->creator_node);
    if (creator == task.node) return;  // its own output
    if (std::binary_search(retained.begin(), retained.end(), creator)) {
      allocation->retaining_users.push_back(task.node);
    } else {
      allocation->other_users.push_back(
          UnretainedUse{task.node, task.task_index,
                        task.kind == NodeKind::DUMMY_TASK, task.primary_callable(),
                        task.site, task.site_number});
    }
  };
  for (uint32_t slot = 0; slot < task.tensors.size(); ++slot) {
    use(task.tensors[slot].allocation, slot);
  }
  if (task.predicate) use(task.predicate->element.allocation, kPredicate);
  retained.clear();
}

void HostSession::schedule(TaskRecord& task) {
  commit_predecessors(task);
  scheduler_->submit(&task);
}

}  // namespace taskc::host
