// Counters that other threads may read while the run goes on. With a single
// thread writing them (a run on one thread), a relaxed load and store are
// enough and cost nothing extra; a locked read-modify-write costs more than
// many of a task's steps, and a task makes about ten of them.
#ifndef TASKC_RUNTIME_ABI_ATOMIC_COUNT_H
#define TASKC_RUNTIME_ABI_ATOMIC_COUNT_H

#include <atomic>

namespace taskc::host {

// Adds `amount` (which may wrap, to subtract) and returns the new value.
// `one_writer`: only the calling thread ever changes `value`. Otherwise an
// acquire-release read-modify-write, so that the thread that takes a count
// to 0 sees everything the others did before their last change.
template <typename T>
T add_count(std::atomic<T>& value, T amount, bool one_writer) {
  if (one_writer) {
    const T updated = static_cast<T>(value.load(std::memory_order_relaxed) + amount);
    value.store(updated, std::memory_order_relaxed);
    return updated;
  }
  return static_cast<T>(value.fetch_add(amount, std::memory_order_acq_rel) + amount);
}

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_ATOMIC_COUNT_H
