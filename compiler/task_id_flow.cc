#include "task_id_flow.h"

namespace taskc {

void TaskIdFlow::declare(const std::string& name, std::vector<int> tasks) {
  Variable& v = variables_[name];
  v.tasks = std::set<int>(tasks.begin(), tasks.end());
  v.branch_depth = branch_depth_;
  v.loop_depth = loops_.size();
}

void TaskIdFlow::assign(const std::string& name, std::vector<int> tasks, bool element) {
  Variable& v = variables_[name];
  if (!element && branch_depth_ <= v.branch_depth) v.tasks.clear();
  v.tasks.insert(tasks.begin(), tasks.end());
  for (size_t i = v.loop_depth; i < loops_.size(); ++i) {
    loops_[i].assignments[name].insert(tasks.begin(), tasks.end());
  }
}

std::vector<int> TaskIdFlow::holds(const std::string& name) const {
  auto it = variables_.find(name);
  if (it == variables_.end()) return {};
  return std::vector<int>(it->second.tasks.begin(), it->second.tasks.end());
}

std::vector<TaskIdFlow::Edge> TaskIdFlow::use(const std::string& name, int consumer) {
  std::vector<Edge> out;
  for (int task : holds(name)) out.push_back(Edge{task, consumer, name, false});
  auto it = variables_.find(name);
  size_t declared_in = it == variables_.end() ? loops_.size() : it->second.loop_depth;
  for (size_t i = declared_in; i < loops_.size(); ++i) loops_[i].uses.emplace_back(name, consumer);
  return out;
}

void TaskIdFlow::enter_loop() { loops_.emplace_back(); }

std::vector<TaskIdFlow::Edge> TaskIdFlow::leave_loop() {
  Loop loop = std::move(loops_.back());
  loops_.pop_back();
  std::vector<Edge> out;
  std::set<std::pair<std::string, int>> seen;
  for (const auto& [name, consumer] : loop.uses) {
    if (!seen.emplace(name, consumer).second) continue;
    auto assigned = loop.assignments.find(name);
    if (assigned == loop.assignments.end()) continue;
    for (int task : assigned->second) out.push_back(Edge{task, consumer, name, true});
  }
  return out;
}

}  // namespace taskc
