#include "line_diff.h"

#include <algorithm>
#include <unordered_map>

namespace taskc {

namespace {

// A box of the edit graph: old lines [a_lo, a_hi), new lines [b_lo, b_hi).
struct Box {
  int64_t a_lo, a_hi, b_lo, b_hi;
};

// The bisection of one box: a snake (a run of equal lines) from (x0, y0) to
// (x1, y1) on an optimal path, as Myers' paper section 4b finds it.
struct Snake {
  int64_t x0, y0, x1, y1;
};

class Differ {
 public:
  Differ(std::vector<uint32_t> a, std::vector<uint32_t> b, uint64_t work_limit)
      : a_(std::move(a)), b_(std::move(b)), budget_(work_limit) {
    // Step d costs at least 2d + 1, so the budget bounds d, and with it the
    // diagonals the search can reach.
    uint64_t root = 1;
    while (root * root < work_limit) root *= 2;
    max_d_ = static_cast<int64_t>(std::min<uint64_t>(a_.size() + b_.size(), root));
    offset_ = max_d_ + 2;
    forward_.assign(static_cast<size_t>(2 * offset_ + 1), 0);
    backward_.assign(static_cast<size_t>(2 * offset_ + 1), 0);
  }

  std::vector<LineOp> run() {
    // Boxes are solved first to last, so the script comes out in order; an
    // explicit stack keeps deep bisections off the call stack.
    std::vector<Box> stack{{0, static_cast<int64_t>(a_.size()), 0,
                            static_cast<int64_t>(b_.size())}};
    while (!stack.empty()) {
      Box box = stack.back();
      stack.pop_back();
      if (box.a_lo < 0) {  // a snake to emit (marked by negative a_lo)
        keep(-box.a_lo - 1, box.a_hi);
        continue;
      }
      // Common lines at both ends are kept without search.
      int64_t prefix = 0;
      while (box.a_lo + prefix < box.a_hi && box.b_lo + prefix < box.b_hi &&
             a_[box.a_lo + prefix] == b_[box.b_lo + prefix]) {
        ++prefix;
      }
      keep(box.a_lo, box.a_lo + prefix);
      box.a_lo += prefix;
      box.b_lo += prefix;
      int64_t suffix = 0;
      while (box.a_hi - suffix > box.a_lo && box.b_hi - suffix > box.b_lo &&
             a_[box.a_hi - suffix - 1] == b_[box.b_hi - suffix - 1]) {
        ++suffix;
      }
      if (suffix > 0) stack.push_back({-(box.a_hi - suffix) - 1, box.a_hi, 0, 0});
      box.a_hi -= suffix;
      box.b_hi -= suffix;
      Snake s;
      if (box.a_lo == box.a_hi || box.b_lo == box.b_hi || !bisect(box, &s) ||
          (s.x0 == box.a_lo && s.y0 == box.b_lo && s.x1 == box.a_hi &&
           s.y1 == box.b_hi)) {
        replace(box);
        continue;
      }
      stack.push_back({s.x1, box.a_hi, s.y1, box.b_hi});
      if (s.x1 > s.x0) stack.push_back({-s.x0 - 1, s.x1, 0, 0});
      stack.push_back({box.a_lo, s.x0, box.b_lo, s.y0});
    }
    return std::move(ops_);
  }

 private:
  void keep(int64_t from, int64_t to) {
    ops_.insert(ops_.end(), static_cast<size_t>(to - from), LineOp::kKeep);
  }
  void replace(const Box& box) {
    ops_.insert(ops_.end(), static_cast<size_t>(box.a_hi - box.a_lo), LineOp::kDelete);
    ops_.insert(ops_.end(), static_cast<size_t>(box.b_hi - box.b_lo), LineOp::kInsert);
  }
  int64_t& f(int64_t k) { return forward_[static_cast<size_t>(k + offset_)]; }
  int64_t& r(int64_t k) { return backward_[static_cast<size_t>(k + offset_)]; }
  bool spend(uint64_t steps) {
    if (budget_ < steps) return false;
    budget_ -= steps;
    return true;
  }

  // Finds the middle snake of a box whose ends differ. Forward paths run
  // from the box's start; reverse paths from its end, in reversed
  // coordinates (xr = a_hi - x), where forward diagonal k = x - y is reverse
  // diagonal delta - k. False when the work budget ran out.
  bool bisect(const Box& box, Snake* snake) {
    const int64_t n = box.a_hi - box.a_lo, m = box.b_hi - box.b_lo;
    const int64_t delta = n - m;
    const bool odd = (delta & 1) != 0;
    const int64_t max_d = (n + m + 1) / 2;
    f(1) = 0;
    r(1) = 0;
    for (int64_t d = 0; d <= max_d; ++d) {
      if (d > max_d_ || !spend(static_cast<uint64_t>(2 * d + 1))) return false;
      for (int64_t k = -d; k <= d; k += 2) {
        int64_t x = (k == -d || (k != d && f(k - 1) < f(k + 1))) ? f(k + 1) : f(k - 1) + 1;
        int64_t y = x - k;
        const int64_t x0 = x, y0 = y;
        while (x < n && y < m && a_[box.a_lo + x] == b_[box.b_lo + y]) ++x, ++y;
        if (!spend(static_cast<uint64_t>(x - x0))) return false;
        f(k) = x;
        const int64_t kr = delta - k;
        if (odd && kr >= -(d - 1) && kr <= d - 1 && x + r(kr) >= n) {
          *snake = {box.a_lo + x0, box.b_lo + y0, box.a_lo + x, box.b_lo + y};
          return true;
        }
      }
      for (int64_t kr = -d; kr <= d; kr += 2) {
        int64_t xr = (kr == -d || (kr != d && r(kr - 1) < r(kr + 1))) ? r(kr + 1)
                                                                       : r(kr - 1) + 1;
        int64_t yr = xr - kr;
        const int64_t xr0 = xr, yr0 = yr;
        while (xr < n && yr < m &&
               a_[box.a_hi - 1 - xr] == b_[box.b_hi - 1 - yr]) {
          ++xr, ++yr;
        }
        if (!spend(static_cast<uint64_t>(xr - xr0))) return false;
        r(kr) = xr;
        const int64_t k = delta - kr;
        if (!odd && k >= -d && k <= d && f(k) + xr >= n) {
          *snake = {box.a_hi - xr, box.b_hi - yr, box.a_hi - xr0, box.b_hi - yr0};
          return true;
        }
      }
    }
    return false;  // unreachable for a box whose ends differ
  }

  std::vector<uint32_t> a_, b_;
  uint64_t budget_;
  std::vector<int64_t> forward_, backward_;
  int64_t max_d_ = 0;
  int64_t offset_ = 0;
  std::vector<LineOp> ops_;
};

// "-l,s": the first line and the count; an empty range names the line
// before it, and a count of 1 is left out, as diff -u does.
std::string range_text(size_t first, size_t count) {
  if (count == 0) return std::to_string(first) + ",0";
  if (count == 1) return std::to_string(first + 1);
  return std::to_string(first + 1) + "," + std::to_string(count);
}

void append_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out.append(line.data(), line.size());
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::vector<LineOp> diff_lines(const std::vector<std::string_view>& old_lines,
                               const std::vector<std::string_view>& new_lines,
                               uint64_t work_limit) {
  // Lines become numbers, so that the search compares integers.
  std::unordered_map<std::string_view, uint32_t> ids;
  auto number = [&ids](const std::vector<std::string_view>& lines) {
    std::vector<uint32_t> out;
    out.reserve(lines.size());
    for (std::string_view line : lines) {
      out.push_back(ids.emplace(line, static_cast<uint32_t>(ids.size())).first->second);
    }
    return out;
  };
  std::vector<uint32_t> a = number(old_lines);
  std::vector<uint32_t> b = number(new_lines);
  std::vector<LineOp> ops = Differ(std::move(a), std::move(b), work_limit).run();
  // Between two kept lines, deletions first, as diff -u shows a change.
  for (size_t i = 0; i < ops.size();) {
    size_t end = i;
    while (end < ops.size() && ops[end] != LineOp::kKeep) ++end;
    std::stable_partition(ops.begin() + static_cast<std::ptrdiff_t>(i),
                          ops.begin() + static_cast<std::ptrdiff_t>(end),
                          [](LineOp op) { return op == LineOp::kDelete; });
    i = end + 1;
  }
  return ops;
}

std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         const std::string& old_label,
                         const std::string& new_label, size_t context) {
  if (old_text == new_text) return "";
  const std::vector<std::string_view> a = split_lines(old_text);
  const std::vector<std::string_view> b = split_lines(new_text);
  const std::vector<LineOp> ops = diff_lines(a, b);
  std::string out = "--- " + old_label + "\n+++ " + new_label + "\n";
  size_t a_pos = 0, b_pos = 0;  // the lines where op i starts
  size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == LineOp::kKeep) {
      ++i, ++a_pos, ++b_pos;
      continue;
    }
    // A hunk: this change, and the next ones while the unchanged lines
    // between them are at most two contexts long. The lines before `i` in
    // it are unchanged (an earlier hunk ends more than a context before).
    const size_t lead = std::min(i, context);
    size_t last_change = i;
    size_t j = i;
    while (j < ops.size() && (ops[j] != LineOp::kKeep || j - last_change <= 2 * context)) {
      if (ops[j] != LineOp::kKeep) last_change = j;
      ++j;
    }
    const size_t end = std::min(ops.size(), last_change + 1 + context);
    size_t a_count = lead, b_count = lead;
    for (size_t k = i; k < end; ++k) {
      a_count += ops[k] != LineOp::kInsert ? 1 : 0;
      b_count += ops[k] != LineOp::kDelete ? 1 : 0;
    }
    size_t x = a_pos - lead, y = b_pos - lead;
    out += "@@ -" + range_text(x, a_count) + " +" + range_text(y, b_count) + " @@\n";
    for (size_t k = i - lead; k < end; ++k) {
      if (ops[k] == LineOp::kInsert) {
        append_line(out, '+', b[y++]);
      } else if (ops[k] == LineOp::kDelete) {
        append_line(out, '-', a[x++]);
      } else {
        append_line(out, ' ', a[x++]);
        ++y;
      }
    }
    a_pos = x;
    b_pos = y;
    i = end;
  }
  return out;
}

}  // namespace taskc
