// Runs kernel tasks as soon as their predecessors have finished: with one
// thread, each task on the submitting thread as it is submitted (exactly in
// submit order, deterministic, no hand-off between threads); with more, on
// a pool of worker threads that take ready tasks lowest node first. A task
// that is over is marked finished in its NodeInfo and its record given back
// to the NodeStore.
#ifndef TASKC_RUNTIME_ABI_TASK_SCHEDULER_H
#define TASKC_RUNTIME_ABI_TASK_SCHEDULER_H

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "node_store.h"

namespace taskc::host {

class TaskScheduler {
 public:
  using Execute = std::function<void(TaskRecord&)>;

  // `execute` is called once per task: on the submitting thread when
  // threads <= 1, else on a worker thread.
  TaskScheduler(uint32_t threads, NodeStore& nodes, Execute execute);
  ~TaskScheduler();  // waits for every submitted task, then joins
  TaskScheduler(const TaskScheduler&) = delete;
  TaskScheduler& operator=(const TaskScheduler&) = delete;

  // `task`'s predecessors (NodeStore::predecessors) must be set; nodes that
  // are not tasks among them are ignored.
  void submit(TaskRecord* task);
  // Blocks until each task among the nodes [first, last) has finished.
  void wait_for(const uint32_t* first, const uint32_t* last);
  void wait_all();

 private:
  struct LaterNodeFirst {
    bool operator()(const TaskRecord* a, const TaskRecord* b) const {
      return a->node > b->node;
    }
  };

  void worker_loop();
  // Wakes sleeping workers for the ready tasks (caller holds the mutex).
  void wake_workers(bool all);

  NodeStore& nodes_;
  Execute execute_;
  const bool inline_;  // one thread: run each task inside submit()
  std::mutex mutex_;
  std::condition_variable work_available_;
  std::condition_variable task_finished_;
  std::priority_queue<TaskRecord*, std::vector<TaskRecord*>, LaterNodeFirst>
      ready_;
  uint64_t unfinished_ = 0;
  bool stopping_ = false;
  // Workers asleep on work_available_, and threads asleep on
  // task_finished_: a notification (a system call) is only made when
  // someone sleeps.
  uint32_t idle_workers_ = 0;
  uint32_t waiters_ = 0;
  // The waiter (only the orchestration thread waits) is woken when a task
  // up to this node finishes (wait_for), or when none is left (wait_all,
  // -1).
  int64_t wait_horizon_ = -1;
  std::vector<std::thread> workers_;
};

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_TASK_SCHEDULER_H
