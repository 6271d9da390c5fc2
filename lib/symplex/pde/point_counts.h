#pragma once

#include <cstdint>

namespace symplex::pde {

// How many training points of each kind a problem draws: `residual` interior points, and
// `condition` points for its initial and boundary conditions, split between them by the problem.
struct PointCounts {
  int64_t residual = 2000;
  int64_t condition = 400;
};

}  // namespace symplex::pde
