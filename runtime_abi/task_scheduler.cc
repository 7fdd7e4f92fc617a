#include "task_scheduler.h"

#include <algorithm>
#include <utility>

namespace taskc::host {

TaskScheduler::TaskScheduler(uint32_t threads, NodeStore& nodes,
                             Execute execute)
    : nodes_(nodes), execute_(std::move(execute)), inline_(threads <= 1) {
  if (inline_) return;
  workers_.reserve(threads);
  for (uint32_t i = 0; i < threads; ++i) {
    workers_.emplace_back([this] { worker_loop(); });
  }
}

TaskScheduler::~TaskScheduler() {
  wait_all();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_available_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

// A sleeping worker is woken once this many tasks are ready (or when the
// orchestration waits): waking one per task costs a system call and a
// context switch per task, many times the work of a short kernel. Workers
// that are awake take ready tasks without being woken.
constexpr size_t kWakeBatch = 32;

void TaskScheduler::wake_workers(bool all) {
  if (idle_workers_ == 0 || ready_.empty()) return;
  if (all) {
    work_available_.notify_all();
  } else {
    work_available_.notify_one();
  }
}

void TaskScheduler::submit(TaskRecord* task) {
  if (inline_) {
    // Every earlier task has run, so every predecessor has finished.
    execute_(*task);
    task->info->finished = true;
    nodes_.release(*task);
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ++unfinished_;
  for (const uint32_t p : nodes_.predecessors(task->node)) {
    const NodeInfo& predecessor = nodes_.info(p);
    // A finished task's record may be gone; an unfinished one's is not.
    if (!predecessor.is_task() || predecessor.finished) continue;
    nodes_.record(p).schedule.successors.push_back(task);
    ++task->schedule.pending_predecessors;
  }
  if (task->schedule.pending_predecessors > 0) return;
  ready_.push(task);
  if (ready_.size() >= kWakeBatch) wake_workers(false);
}

void TaskScheduler::wait_for(const uint32_t* first, const uint32_t* last) {
  if (inline_) return;  // every submitted task has run
  std::vector<const NodeInfo*> tasks;
  int64_t last_task = -1;
  for (const uint32_t* node = first; node != last; ++node) {
    if (!nodes_.info(*node).is_task()) continue;
    tasks.push_back(&nodes_.info(*node));
    last_task = std::max<int64_t>(last_task, *node);
  }
  if (tasks.empty()) return;
  std::unique_lock<std::mutex> lock(mutex_);
  wake_workers(true);
  ++waiters_;
  wait_horizon_ = last_task;
  task_finished_.wait(lock, [&tasks] {
    return std::all_of(tasks.begin(), tasks.end(),
                       [](const NodeInfo* task) { return task->finished; });
  });
  wait_horizon_ = -1;
  --waiters_;
}

void TaskScheduler::wait_all() {
  if (inline_) return;
  std::unique_lock<std::mutex> lock(mutex_);
  wake_workers(true);
  ++waiters_;
  task_finished_.wait(lock, [this] { return unfinished_ == 0; });
  --waiters_;
}

void TaskScheduler::worker_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (!stopping_ && ready_.empty()) {
      ++idle_workers_;
      work_available_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
      --idle_workers_;
    }
    if (ready_.empty()) return;  // stopping, nothing left
    TaskRecord* task = ready_.top();
    ready_.pop();

    lock.unlock();
    execute_(*task);
    lock.lock();

    task->info->finished = true;
    --unfinished_;
    uint32_t newly_ready = 0;
    for (TaskRecord* successor : task->schedule.successors) {
      if (--successor->schedule.pending_predecessors == 0) {
        ready_.push(successor);
        ++newly_ready;
      }
    }
    task->schedule.successors.clear();
    // The waiter (the orchestration) only cares about the tasks it waits
    // for, or the last one: waking it for every task would take a core
    // from the workers for each.
    if (waiters_ > 0 &&
        (unfinished_ == 0 || static_cast<int64_t>(task->node) <= wait_horizon_)) {
      task_finished_.notify_all();
    }
    // This worker takes one of the newly ready tasks itself.
    for (uint32_t i = 1; i < newly_ready && i <= idle_workers_; ++i) {
      work_available_.notify_one();
    }
    // Marked finished under the mutex: nothing reads the record any more.
    nodes_.release(*task);
  }
}

}  // namespace taskc::host
