// Running one task when its turn comes (on a worker, or inline with one
// thread): the dispatch predicate, the kernels of every block and active
// lane, the tensor dump around them, the direction check (an IN tensor must
// not change), timing, and releasing what the task held.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "host_session.h"
#include "tensor_dump.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {

// A 64-bit checksum of the tensor's elements (row-major over its shape).
uint64_t content_hash(const ChipTensor& tensor) {
  thread_local std::vector<uint8_t> bytes;
  gather_elements(tensor, bytes);
  uint64_t hash = 0xcbf29ce484222325ull;
  for (uint8_t byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ull;
  }
  return hash ^ bytes.size();
}

// The IN slots whose contents a kernel must leave alone, with their
// checksums: a slot that overlaps a slot the task writes is left out (the
// kernel may change it through that one).
struct InSnapshot {
  uint32_t slot = 0;
  uint64_t hash = 0;
  bool reported = false;
};

std::vector<InSnapshot> snapshot_inputs(const TaskRecord& task) {
  std::vector<InSnapshot> snapshots;
  const abi::CoreCallable* callable = task.primary_callable();
  const auto writes = [callable](uint32_t slot) {
    const abi::ArgDirection direction = callable->signature(slot);
    return direction == abi::ArgDirection::OUT ||
           direction == abi::ArgDirection::INOUT;
  };
  for (uint32_t slot = 0; slot < task.tensors.size(); ++slot) {
    if (callable->signature(slot) != abi::ArgDirection::IN) continue;
    const TensorRegion region = task.tensors[slot].region();
    if (region.empty()) continue;
    bool overlaps_write = false;
    for (uint32_t other = 0; other < task.tensors.size(); ++other) {
      if (writes(other) && task.tensors[other].region().overlaps(region)) {
        overlaps_write = true;
      }
    }
    if (!overlaps_write) {
      snapshots.push_back(
          InSnapshot{slot, content_hash(task.tensors[slot].tensor), false});
    }
  }
  return snapshots;
}

int64_t sign_extended(const uint8_t* bytes, uint32_t size) {
  uint64_t raw = 0;
  std::memcpy(&raw, bytes, size);
  if (size < 8) {
    const uint32_t shift = 64 - 8 * size;
    return static_cast<int64_t>(raw << shift) >> shift;
  }
  return static_cast<int64_t>(raw);
}

}  // namespace

void HostSession::run_task(TaskRecord& task) {
  // Timed only when asked: reading the clock costs as much as a short task.
  const bool timed = options_.record_timing && task.timing_slot >= 0;
  const auto start =
      timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  if (task.kind == NodeKind::DUMMY_TASK) {
    task.outcome = TaskOutcome::DUMMY;
  } else if (!task.runnable || failed()) {
    task.outcome = TaskOutcome::NOT_RUN;
  } else if (!predicate_passes(task)) {
    task.outcome = TaskOutcome::SKIPPED_BY_PREDICATE;
    add_count(counters_.tasks_skipped, 1u, one_thread_);
  } else {
    run_kernels(task);
    task.outcome = TaskOutcome::RAN;
    add_count(counters_.tasks_run, 1u, one_thread_);
  }
  if (timed && task.outcome != TaskOutcome::NOT_RUN) {
    record_timing(task.timing_slot,
                  static_cast<uint64_t>(
                      std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count()));
  }
  for (Allocation* allocation : task.held) {
    AllocationTable::release_hold(*allocation, one_thread_);
  }
  add_count(counters_.tasks_finished, 1u, one_thread_);
}

bool HostSession::predicate_passes(const TaskRecord& task) {
  if (!task.predicate) return true;
  const ChipTensor& element = task.predicate->element.tensor;
  const int64_t value =
      sign_extended(static_cast<const uint8_t*>(element.buffer) +
                        element.start_offset,
                    detail::dtype_size(element.dtype));
  const int64_t target = task.predicate->target;
  switch (task.predicate->op) {
    case PredicateOp::EQ:
      return value == target;
    case PredicateOp::NE:
      return value != target;
    case PredicateOp::GT:
      return value > target;
    case PredicateOp::LT:
      return value < target;
    case PredicateOp::GE:
      return value >= target;
    case PredicateOp::LE:
      return value <= target;
    case PredicateOp::NONE:
      break;
  }
  return true;
}

void HostSession::run_kernels(TaskRecord& task) {
  const DumpLevel dump_level = options_.dump_level;
  if (dump_level != DumpLevel::OFF) capture_before(task, dump_level);
  std::vector<InSnapshot> inputs;
  if (options_.check_directions) inputs = snapshot_inputs(task);
  // Kernel argument words: tensor addresses, then scalars (at most 32 + 16).
  int64_t args[detail::kMaxCoreTensorArgs + detail::kMaxCoreScalarArgs] = {};
  // The addresses are of copies: a kernel that changes a descriptor it
  // receives (its shape, buffer or dtype) changes only its own copy, never
  // the validated one that the dump, the checks and the next call read.
  // Left uninitialized (a union with an empty constructor): each call
  // copy-constructs the slots it uses.
  union Descriptors {
    Descriptors() {}
    ChipTensor slot[detail::kMaxCoreTensorArgs];
  } descriptors;
  for (uint32_t block = 0; block < task.block_num; ++block) {
    for (uint32_t lane = 0; lane < kLaneCount; ++lane) {
      const abi::CoreCallable* callable = task.lane_callables[lane];
      if (callable == nullptr) continue;
      // Rebuilt per call: a kernel may scribble on its argument words and
      // on the descriptors they point to.
      for (size_t slot = 0; slot < task.tensors.size(); ++slot) {
        ChipTensor* copy = new (&descriptors.slot[slot]) ChipTensor(task.tensors[slot].tensor);
        args[slot] = static_cast<int64_t>(reinterpret_cast<intptr_t>(copy));
      }
      for (size_t j = 0; j < task.scalars.size(); ++j) {
        args[task.tensors.size() + j] = static_cast<int64_t>(task.scalars[j]);
      }
      // Built only for a report: most calls succeed.
      const auto where = [&task, lane, callable] {
        return task.name() + ": " + lane_kernel_text(static_cast<Lane>(lane), *callable);
      };
      {
        KernelInvocationScope invocation(block, task.block_num,
                                         static_cast<Lane>(lane));
        try {
          callable->entry()(args);
        } catch (const std::exception& exception) {
          report_error(where() + " threw in block " + std::to_string(block) +
                       ": " + exception.what());
        } catch (...) {
          report_error(where() + " threw a non-standard exception in block " +
                       std::to_string(block));
        }
      }
      add_count(counters_.kernel_invocations, uint64_t{1}, one_thread_);
      kernel_called_[static_cast<size_t>(callable - callable_.children.data())]
          .store(true, std::memory_order_relaxed);
      for (InSnapshot& input : inputs) {
        if (input.reported ||
            content_hash(task.tensors[input.slot].tensor) == input.hash) {
          continue;
        }
        input.reported = true;
        report_error(where() + " changed payload tensor " +
                     slot_name(*callable, input.slot) +
                     argument_spelling(task.site, input.slot) + " (" +
                     task.tensors[input.slot].allocation->label() +
                     "), which it receives as IN, in block " +
                     std::to_string(block) +
                     "; if the kernel writes it, declare the parameter inout "
                     "(or out)");
      }
    }
  }
  if (dump_level != DumpLevel::OFF) capture_after(task, dump_level);
}

void HostSession::record_timing(int32_t slot, uint64_t nanoseconds) {
  std::lock_guard<std::mutex> lock(timing_mutex_);
  if (timing_.empty()) {
    timing_.resize(NUM_TASK_TIMING_SLOTS);
    for (int32_t i = 0; i < NUM_TASK_TIMING_SLOTS; ++i) timing_[i].slot = i;
  }
  TimingSlotStats& stats = timing_[static_cast<size_t>(slot)];
  ++stats.tasks;
  stats.total_ns += nanoseconds;
  stats.max_ns = std::max(stats.max_ns, nanoseconds);
}

}  // namespace taskc::host
