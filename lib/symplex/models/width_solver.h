#pragma once

#include <cstdint>

#include "symplex/models/architecture.h"

namespace symplex::models {

// Trainable parameters of a PinnNet, counted from its layer shapes (tests check the count
// against the built module).
int64_t pinn_parameter_count(Architecture architecture, int64_t width, int64_t depth);

struct SolvedWidth {
  int64_t width;
  int64_t parameters;
};

// The trunk width whose parameter count is closest to `budget` (even widths for the symplectic
// trunk, whose state is (q, p)).
SolvedWidth solve_width(Architecture architecture, int64_t depth, int64_t budget);

}  // namespace symplex::models
