#pragma once

#include <torch/torch.h>

#include "symplex/ode/butcher_tableau.h"
#include "symplex/ode/method.h"
#include "symplex/ode/vector_field.h"

namespace symplex::ode {

// How a nonlinear field's stage equations are solved: Newton's method with the exact Jacobian,
// until the largest update is below tolerance · max(1, |Y|).
struct NewtonOptions {
  double tolerance = 1e-12;
  int max_iterations = 50;
};

// The Newton iterations a solve took: the most any step needed, and whether every step met the
// tolerance. A linear field's direct solve counts as one.
struct NewtonReport {
  int max_iterations = 0;
  bool converged = true;
};

// One step of a Runge–Kutta method from y [batch, dim], differentiable by autograd. Explicit stages
// and a linear field's direct solve are on the graph. A nonlinear field's stage equations
// G(Y) = Y − y − h (A ⊗ I) F(Y) = 0 are solved by Newton off the graph and rejoin it through one
// Newton correction Y* − M⁻¹ G(Y*) with M = ∂G/∂Y(Y*) held fixed: its derivative is the implicit
// function theorem's, dY/dθ = −M⁻¹ ∂G/∂θ, while its value is Y* to within Newton's tolerance.
torch::Tensor runge_kutta_step(const VectorField& field, const ButcherTableau& tableau,
                               const torch::Tensor& y, double h, const NewtonOptions& newton,
                               NewtonReport& report);

// One BDF2 step: y_next = (4 y − y_previous) / 3 + (2/3) h f(y_next), solved as above.
torch::Tensor bdf2_step(const VectorField& field, const torch::Tensor& y_previous,
                        const torch::Tensor& y, double h, const NewtonOptions& newton,
                        NewtonReport& report);

// y_0 .. y_steps stacked, [steps + 1, batch, dim]. BDF2's first step is an implicit Euler step.
torch::Tensor solve(const VectorField& field, Method method, const torch::Tensor& y0, double h,
                    int64_t steps, const NewtonOptions& newton, NewtonReport& report);

}  // namespace symplex::ode
