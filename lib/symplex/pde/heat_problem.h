#pragma once

#include "symplex/pde/heat.h"
#include "symplex/pde/pinn_problem.h"

namespace symplex::pde {

// The heat equation of pde/heat.h as a PinnProblem: residual u_t − α u_xx, half the condition
// points on t = 0 and half on x ∈ {0, 1}, scored on a test_nx × test_nt grid.
class HeatProblem : public PinnProblem {
 public:
  HeatProblem(HeatEquation equation, int64_t test_nx, int64_t test_nt)
      : equation_(std::move(equation)), test_nx_(test_nx), test_nt_(test_nt) {}

  InputBox box() const override { return heat_box(equation_); }
  DifferentialOperator op() const override { return heat_operator(equation_); }
  torch::Tensor residual(const Streams& streams, const torch::Tensor& points) const override;
  TrainingPoints sample(const PointCounts& counts,
                        const torch::TensorOptions& options) const override;
  torch::Tensor condition_loss(const Streams& streams, const TrainingPoints& points) const override;
  Truth truth(const torch::TensorOptions& options) const override;

 private:
  HeatEquation equation_;
  int64_t test_nx_, test_nt_;
};

}  // namespace symplex::pde
