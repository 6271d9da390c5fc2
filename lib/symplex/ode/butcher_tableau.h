#pragma once

#include <vector>

#include "symplex/ode/method.h"

namespace symplex::ode {

// A Runge–Kutta method's coefficients: stages Y_i = y + h Σ_j a_ij f(Y_j), and the step
// y₁ = y + h Σ_j b_j f(Y_j) (Hairer & Wanner, Solving ODEs II, §IV.3).
struct ButcherTableau {
  int stages = 0;
  std::vector<double> a;  // stages × stages, row-major
  std::vector<double> b;
  std::vector<double> c;

  double at(int i, int j) const { return a[static_cast<size_t>(i * stages + j)]; }
  // a_ij = 0 for j >= i: each stage follows from the previous ones.
  bool explicit_stages() const;
  // b is A's last row, so y₁ is the last stage: taking it as such avoids the cancellation of
  // y + h Σ b_j f(Y_j) when |hλ| is large (why Radau codes do so).
  bool stiffly_accurate() const;
};

// The tableau of a one-step method; throws std::invalid_argument for BDF2.
ButcherTableau tableau_of(Method method);

}  // namespace symplex::ode
