#pragma once

#include "symplex/pde/allen_cahn.h"
#include "symplex/pde/pinn_problem.h"

namespace symplex::pde {

// The Allen–Cahn equation of pde/allen_cahn.h as a PinnProblem: residual u_t − D u_xx + r u³ −
// r u; half the condition points on t = 0, the other half pairs (−1, t), (1, t) at which u and
// u_x must agree (the periodic boundary); scored against a reference solution (no closed form
// exists) at its output times and at every s-th of its x points, s the smallest stride that
// leaves at most test_nx of them.
class AllenCahnProblem : public PinnProblem {
 public:
  AllenCahnProblem(AllenCahnEquation equation, ReferenceSolution reference, int64_t test_nx)
      : equation_(equation), reference_(std::move(reference)), test_nx_(test_nx) {}

  InputBox box() const override { return {{{-1.0, 1.0}, {0.0, equation_.t_max}}}; }
  DifferentialOperator op() const override {
    return {{0.0, 1.0}, {-equation_.diffusion, 0.0}, {0}};
  }
  torch::Tensor residual(const Streams& streams, const torch::Tensor& points) const override;
  TrainingPoints sample(const PointCounts& counts,
                        const torch::TensorOptions& options) const override;
  torch::Tensor condition_loss(const Streams& streams, const TrainingPoints& points) const override;
  Truth truth(const torch::TensorOptions& options) const override;

 private:
  AllenCahnEquation equation_;
  ReferenceSolution reference_;
  int64_t test_nx_;
};

}  // namespace symplex::pde
