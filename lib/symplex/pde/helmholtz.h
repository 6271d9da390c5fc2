#pragma once

#include "symplex/pde/helmholtz_equation.h"
#include "symplex/pde/pinn_problem.h"

namespace symplex::pde {

// u* at the points (n, 2).
torch::Tensor helmholtz_solution(const HelmholtzEquation& equation, const torch::Tensor& points);

// The problem: every condition point on the boundary (a side drawn at random, then a position
// on it), scored on a test_n × test_n grid.
class HelmholtzProblem : public PinnProblem {
 public:
  HelmholtzProblem(HelmholtzEquation equation, int64_t test_n)
      : equation_(equation), test_n_(test_n) {}

  InputBox box() const override { return {{{-1.0, 1.0}, {-1.0, 1.0}}}; }
  DifferentialOperator op() const override { return {{0.0, 0.0}, {1.0, 1.0}, {0, 1}}; }
  torch::Tensor residual(const Streams& streams, const torch::Tensor& points) const override;
  TrainingPoints sample(const PointCounts& counts,
                        const torch::TensorOptions& options) const override;
  torch::Tensor condition_loss(const Streams& streams, const TrainingPoints& points) const override;
  Truth truth(const torch::TensorOptions& options) const override;

 private:
  HelmholtzEquation equation_;
  int64_t test_n_;
};

}  // namespace symplex::pde
