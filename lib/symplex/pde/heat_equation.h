#pragma once

#include <cstdint>
#include <vector>

namespace symplex::pde {

// u_t = α u_xx on x ∈ [0, 1], t ∈ [0, t_max], u(0, t) = u(1, t) = 0,
// u(x, 0) = Σ_k a_k sin(kπx), whose exact solution is u = Σ_k a_k exp(-α k²π² t) sin(kπx).
struct HeatEquation {
  double alpha = 0.1;
  double t_max = 1.0;
  std::vector<double> coefficients{1.0};  // a_1, a_2, ...
};

// Numbers of training points of each kind.
struct CollocationSizes {
  int64_t interior = 1000;
  int64_t initial = 200;
  int64_t boundary = 200;
};

}  // namespace symplex::pde
