#include "symplex/ode/stability_closed_form.h"

#include <cmath>

namespace symplex::ode {
namespace {

// P/Q and (P'Q − PQ')/Q².
StabilityValue rational(double p, double dp, double q, double dq) {
  return {p / q, (dp * q - p * dq) / (q * q)};
}

// The larger root magnitude of BDF2's (3 − 2z)ζ² − 4ζ + 1 = 0: ζ = (2 ± √(1 + 2z)) / (3 − 2z),
// complex conjugates with |ζ|² = 1 / (3 − 2z) once z < −1/2.
StabilityValue bdf2_growth(double z) {
  const double q = 3.0 - 2.0 * z;
  const double discriminant = 1.0 + 2.0 * z;
  if (discriminant >= 0.0) {
    const double s = std::sqrt(discriminant);
    return {(2.0 + s) / q, (q / s + 2.0 * (2.0 + s)) / (q * q)};
  }
  return {1.0 / std::sqrt(q), 1.0 / (q * std::sqrt(q))};
}

}  // namespace

StabilityValue closed_form_stability(Method method, double z) {
  switch (method) {
    case Method::explicit_euler:
      return {1.0 + z, 1.0};
    case Method::rk4:
      return {1.0 + z + z * z / 2.0 + z * z * z / 6.0 + z * z * z * z / 24.0,
              1.0 + z + z * z / 2.0 + z * z * z / 6.0};
    case Method::implicit_euler:
      return {1.0 / (1.0 - z), 1.0 / ((1.0 - z) * (1.0 - z))};
    case Method::trapezoid: {
      const double q = 1.0 - z / 2.0;
      return {(1.0 + z / 2.0) / q, 1.0 / (q * q)};
    }
    case Method::sdirk2: {
      // R = (1 + (1 − 2γ)z) / (1 − γz)², R' = (1 + γ(1 − 2γ)z) / (1 − γz)³.
      const double g = 1.0 - 1.0 / std::sqrt(2.0);
      const double q = 1.0 - g * z;
      return {(1.0 + (1.0 - 2.0 * g) * z) / (q * q), (1.0 + g * (1.0 - 2.0 * g) * z) / (q * q * q)};
    }
    case Method::radau_iia2:
      // The (1, 2) Padé approximant of e^z.
      return rational(1.0 + z / 3.0, 1.0 / 3.0, 1.0 - 2.0 * z / 3.0 + z * z / 6.0,
                      -2.0 / 3.0 + z / 3.0);
    case Method::radau_iia3:
      // The (2, 3) Padé approximant of e^z.
      return rational(1.0 + 2.0 * z / 5.0 + z * z / 20.0, 2.0 / 5.0 + z / 10.0,
                      1.0 - 3.0 * z / 5.0 + 3.0 * z * z / 20.0 - z * z * z / 60.0,
                      -3.0 / 5.0 + 3.0 * z / 10.0 - z * z / 20.0);
    case Method::bdf2:
      return bdf2_growth(z);
  }
  return {NAN, NAN};
}

TrajectorySensitivity closed_form_trajectory(Method method, double lambda, double h, int64_t steps,
                                             double y0) {
  const double z = h * lambda;
  TrajectorySensitivity t;
  t.y.push_back(y0);
  t.dy_dlambda.push_back(0.0);
  if (steps == 0) return t;
  if (method == Method::bdf2) {
    const auto start = closed_form_stability(Method::implicit_euler, z);
    t.y.push_back(start.r * y0);
    t.dy_dlambda.push_back(h * start.dr * y0);
    const double q = 3.0 - 2.0 * z;
    for (int64_t k = 2; k <= steps; ++k) {
      const size_t n = static_cast<size_t>(k);
      const double y = (4.0 * t.y[n - 1] - t.y[n - 2]) / q;
      t.y.push_back(y);
      t.dy_dlambda.push_back((4.0 * t.dy_dlambda[n - 1] - t.dy_dlambda[n - 2] + 2.0 * h * y) / q);
    }
    return t;
  }
  const auto s = closed_form_stability(method, z);
  double power = 1.0;  // R^(k−1)
  for (int64_t k = 1; k <= steps; ++k) {
    t.dy_dlambda.push_back(static_cast<double>(k) * h * power * s.dr * y0);
    power *= s.r;
    t.y.push_back(power * y0);
  }
  return t;
}

TrajectorySensitivity exact_flow_trajectory(double lambda, double h, int64_t steps, double y0) {
  TrajectorySensitivity t;
  for (int64_t k = 0; k <= steps; ++k) {
    const double time = static_cast<double>(k) * h;
    t.y.push_back(std::exp(lambda * time) * y0);
    t.dy_dlambda.push_back(time * std::exp(lambda * time) * y0);
  }
  return t;
}

}  // namespace symplex::ode
