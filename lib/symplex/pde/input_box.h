#pragma once

#include <array>

namespace symplex::pde {

// The closed interval [lower, upper] of one input of a PINN.
struct Interval {
  double lower = 0.0;
  double upper = 1.0;
};

// The domain of a PINN's two inputs: (x, t) or (x, y).
using InputBox = std::array<Interval, 2>;

}  // namespace symplex::pde
