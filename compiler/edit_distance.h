// "Did you mean" suggestions.
#ifndef TASKC_COMPILER_EDIT_DISTANCE_H
#define TASKC_COMPILER_EDIT_DISTANCE_H

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace taskc {

// Levenshtein distance, giving up (returning max + 1) once it exceeds `max`.
size_t edit_distance(std::string_view a, std::string_view b, size_t max);

// The candidate closest to `name` within a distance that scales with the
// name's length, or "" when none is close enough. Ties go to the first.
std::string closest_name(std::string_view name,
                         const std::vector<std::string_view>& candidates);

}  // namespace taskc

#endif  // TASKC_COMPILER_EDIT_DISTANCE_H
