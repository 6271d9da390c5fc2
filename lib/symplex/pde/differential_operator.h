#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace symplex::pde {

// A linear differential operator on the two inputs of a PINN (x and t, or x and y) whose
// second-order part is diagonal, L = Σ_i a_i ∂_i + Σ_i b_i ∂_i², and the inputs along which a
// problem needs u's first derivatives: every input with b_i ≠ 0, and those its conditions or
// nonlinear terms use. Heat ∂t − α∂xx is a = (0, 1), b = (−α, 0), derivatives along x.
struct DifferentialOperator {
  std::array<double, 2> first{0.0, 0.0};   // a_i
  std::array<double, 2> second{0.0, 0.0};  // b_i
  std::vector<int64_t> derivatives{0};     // inputs, each once
};

}  // namespace symplex::pde
