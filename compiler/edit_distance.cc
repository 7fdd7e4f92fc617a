#include "edit_distance.h"

#include <algorithm>

namespace taskc {

size_t edit_distance(std::string_view a, std::string_view b, size_t max) {
  size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap > max) return max + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t row_min = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > max) return max + 1;
  }
  return row[b.size()];
}

std::string closest_name(std::string_view name,
                         const std::vector<std::string_view>& candidates) {
  if (name.empty()) return "";
  // A suggestion must keep more than it changes: 'x' is not a typo of 'N'.
  size_t max = std::max<size_t>(1, name.size() / 3);
  if (name.size() <= max) max = name.size() - 1;
  std::string best;
  size_t best_distance = max + 1;
  for (std::string_view c : candidates) {
    size_t d = edit_distance(name, c, max);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

}  // namespace taskc
