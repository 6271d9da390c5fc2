#include "symplex/pde/heat_problem.h"

namespace symplex::pde {

torch::Tensor HeatProblem::residual(const Streams& streams, const torch::Tensor& /*points*/) const {
  return streams.op;
}

TrainingPoints HeatProblem::sample(const PointCounts& counts,
                                   const torch::TensorOptions& options) const {
  const int64_t initial = counts.condition / 2;
  const auto p = sample_collocation(
      equation_, CollocationSizes{counts.residual, initial, counts.condition - initial}, options);
  return {torch::cat({p.interior_x, p.interior_t}, 1), torch::empty({0, 2}, options),
          torch::cat({torch::cat({p.initial_x, torch::zeros_like(p.initial_x)}, 1),
                      torch::cat({p.boundary_x, p.boundary_t}, 1)})};
}

torch::Tensor HeatProblem::condition_loss(const Streams& streams,
                                          const TrainingPoints& points) const {
  const auto initial_x =
      points.condition_values.narrow(1, 0, 1).narrow(0, 0, points.condition_values.size(0) / 2);
  const auto errors = heat_condition_errors(equation_, streams.extra_values, initial_x);
  return errors.initial + errors.boundary;
}

Truth HeatProblem::truth(const torch::TensorOptions& options) const {
  return heat_truth(equation_, test_nx_, test_nt_, options);
}

}  // namespace symplex::pde
