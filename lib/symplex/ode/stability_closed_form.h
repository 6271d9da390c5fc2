#pragma once

#include <cstdint>
#include <vector>

#include "symplex/ode/method.h"

namespace symplex::ode {

// A method's stability function on the test equation y' = λy at z = hλ (real, z <= 0), and its
// derivative, from the closed forms of docs/stiffness.md. For BDF2, the growth factor: the larger
// magnitude of the roots ζ of (3 − 2z)ζ² − 4ζ + 1 = 0, and its derivative.
struct StabilityValue {
  double r;   // R(z)
  double dr;  // R'(z)
};

StabilityValue closed_form_stability(Method method, double z);

// y_k and dy_k/dλ for k = 0..steps on y' = λy, y(0) = y0, step h.
struct TrajectorySensitivity {
  std::vector<double> y;
  std::vector<double> dy_dlambda;
};

// The method's: y_k = R(z)^k y0 and dy_k/dλ = k h R^(k−1) R' y0 for the one-step methods; for
// BDF2 its recurrence (3 − 2z) y_{k+2} = 4 y_{k+1} − y_k, differentiated by hand, started by one
// implicit Euler step as ode/stepper.h starts it.
TrajectorySensitivity closed_form_trajectory(Method method, double lambda, double h, int64_t steps,
                                             double y0);

// The exact flow's: y(t_k) = e^(λ t_k) y0 and t_k e^(λ t_k) y0 at t_k = k h.
TrajectorySensitivity exact_flow_trajectory(double lambda, double h, int64_t steps, double y0);

}  // namespace symplex::ode
