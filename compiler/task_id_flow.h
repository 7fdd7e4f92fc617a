// Which tasks' ids a task id variable may hold, followed through the body
// in file order (for drawing the dependencies that variables carry, also
// from one loop iteration into the next). Tasks are plain ints (graph
// nodes); an array counts as one variable whose elements are only added to.
#ifndef TASKC_COMPILER_TASK_ID_FLOW_H
#define TASKC_COMPILER_TASK_ID_FLOW_H

#include <map>
#include <set>
#include <string>
#include <vector>

namespace taskc {

class TaskIdFlow {
 public:
  struct Edge {
    int from;
    int to;
    std::string variable;
    bool loop_carried;  // from an assignment in an earlier iteration
  };

  // `name` is declared holding the ids `tasks` may hold.
  void declare(const std::string& name, std::vector<int> tasks);
  // `name` (or, when `element`, one element of it) now holds `tasks`. An
  // assignment in a branch opened after the declaration adds to what the
  // variable may hold; elsewhere it replaces it.
  void assign(const std::string& name, std::vector<int> tasks, bool element);
  // What `name` may hold now.
  std::vector<int> holds(const std::string& name) const;
  // Task `consumer` depends on `name`: the edges from what it may hold.
  std::vector<Edge> use(const std::string& name, int consumer);

  void enter_branch() { ++branch_depth_; }
  void leave_branch() { --branch_depth_; }
  void enter_loop();
  // Closes the innermost loop; returns the loop-carried edges: from the
  // tasks assigned to a variable declared outside the loop to its uses in
  // the loop.
  std::vector<Edge> leave_loop();

 private:
  struct Variable {
    std::set<int> tasks;
    int branch_depth = 0;
    size_t loop_depth = 0;
  };
  struct Loop {
    std::vector<std::pair<std::string, int>> uses;       // (variable, consumer)
    std::map<std::string, std::set<int>> assignments;    // variable -> tasks
  };
  std::map<std::string, Variable> variables_;
  std::vector<Loop> loops_;
  int branch_depth_ = 0;
};

}  // namespace taskc

#endif  // TASKC_COMPILER_TASK_ID_FLOW_H
