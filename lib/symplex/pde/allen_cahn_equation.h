#pragma once

#include <cstdint>

namespace symplex::pde {

// u_t − D u_xx + r u³ − r u = 0 on x ∈ [−1, 1] periodic, t ∈ [0, t_max], u(x, 0) = x² cos(πx).
struct AllenCahnEquation {
  double diffusion = 1e-4;
  double reaction = 5.0;
  double t_max = 1.0;
};

// Grid points in x (= nx, even), ETDRK4 steps over [0, t_max], and output times (= nt, on the
// step grid: time_steps must be a multiple of output_times − 1).
struct ReferenceResolution {
  int64_t modes = 512;
  int64_t time_steps = 20000;
  int64_t output_times = 101;
};

}  // namespace symplex::pde
