#pragma once

#include "symplex/ode/vector_field.h"

namespace symplex::ode {

// Van der Pol's oscillator y1' = y2, y2' = μ(1 − y1²) y2 − y1 (Hairer & Wanner, Solving ODEs II,
// §IV.1). For large μ it is stiff: on its slow branch (|y1| > 1) the Jacobian has an eigenvalue
// ≈ μ(1 − y1²), while the state drifts at a rate ≈ 1 / μ.
class VanDerPol : public VectorField {
 public:
  explicit VanDerPol(double mu) : mu_(mu) {}

  torch::Tensor operator()(const torch::Tensor& y) const override;
  torch::Tensor jacobian(const torch::Tensor& y) const override;

 private:
  double mu_;
};

// The largest eigenvalue magnitude of each matrix of a batch [batch, dim, dim]: [batch].
torch::Tensor spectral_radius(const torch::Tensor& matrices);

}  // namespace symplex::ode
