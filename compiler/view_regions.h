// Where each view of a buffer lies in the buffer's own coordinates, for
// telling views apart (the "may overlap" edges of `taskc graph`). Offsets
// and extents are linear forms over atoms; an atom is a value that is the
// same wherever it is named during a run (a dim, an entry scalar, a `let`
// outside every loop, and opaque expressions of those), so equal atoms
// cancel. A value that can change between two views (a loop variable, a
// `let` inside a loop, a `var`, a `tensor.read`) is a fresh atom at each
// use and cancels with nothing: views in different iterations of a loop
// are different views.
#ifndef TASKC_COMPILER_VIEW_REGIONS_H
#define TASKC_COMPILER_VIEW_REGIONS_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plan.h"

namespace taskc {

// constant + sum of coefficient * atom; no zero coefficients.
struct LinearForm {
  int64_t constant = 0;
  std::map<std::string, int64_t> terms;  // atom key -> coefficient

  // The constant, when no atom is left.
  std::optional<int64_t> as_constant() const {
    return terms.empty() ? std::optional<int64_t>(constant) : std::nullopt;
  }
};

// a - b; nullopt when a coefficient overflows.
std::optional<LinearForm> subtract(const LinearForm& a, const LinearForm& b);

struct ViewRegion {
  TensorId root = kNoTensor;  // the entry or created tensor it is part of
  // The view or reshape this one lies inside (what it views, through
  // aliases), or kNoTensor when that is the root. A view never leaves what
  // it views: one out of bounds is an error of the run (E0305 when known
  // statically), so two views inside disjoint views are disjoint.
  TensorId within = kNoTensor;
  // False when the region is not known in the root's coordinates (the whole
  // buffer, a reshape of it, or a slice of a reshape).
  bool known = false;
  std::vector<LinearForm> offsets;
  std::vector<LinearForm> extents;
};

// The region of every tensor, by TensorId (an alias has its base's, a
// reshape the region of what it reshapes).
std::vector<ViewRegion> view_regions(const Plan& plan);

// Whether the two regions share no element in any run: on some axis, the
// offsets differ by at least the extent of the one that starts first.
bool provably_disjoint(const ViewRegion& a, const ViewRegion& b);

// Whether tensors a and b (indexes into `regions`) share no element in any
// run: the regions of a or a view it lies within, and of b or a view it
// lies within, are provably disjoint.
bool provably_disjoint_views(const std::vector<ViewRegion>& regions, TensorId a, TensorId b);

}  // namespace taskc

#endif  // TASKC_COMPILER_VIEW_REGIONS_H
