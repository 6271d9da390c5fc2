#include "symplex/pde/allen_cahn_problem.h"

#include <algorithm>

namespace symplex::pde {

torch::Tensor AllenCahnProblem::residual(const Streams& streams,
                                         const torch::Tensor& /*points*/) const {
  const auto& u = streams.value;
  return streams.op + equation_.reaction * (u.pow(3) - u);
}

TrainingPoints AllenCahnProblem::sample(const PointCounts& counts,
                                        const torch::TensorOptions& options) const {
  const auto cpu = torch::TensorOptions().dtype(torch::kFloat64);
  const auto residual = uniform_points(box(), counts.residual);
  const int64_t initial = counts.condition / 2;
  const int64_t pairs = std::max<int64_t>(1, (counts.condition - initial) / 2);
  const auto x0 = 2 * torch::rand({initial, 1}, cpu) - 1;
  const auto t = torch::rand({pairs, 1}, cpu) * equation_.t_max;
  const auto ones = torch::ones_like(t);
  return {residual.to(options),
          torch::cat({torch::cat({-ones, t}, 1), torch::cat({ones, t}, 1)}).to(options),
          torch::cat({x0, torch::zeros_like(x0)}, 1).to(options)};
}

torch::Tensor AllenCahnProblem::condition_loss(const Streams& streams,
                                               const TrainingPoints& points) const {
  const int64_t pairs = points.condition_derivatives.size(0) / 2;
  const auto left = streams.rows(0, pairs);
  const auto right = streams.rows(pairs, pairs);
  const auto initial =
      (streams.extra_values - allen_cahn_initial(points.condition_values.narrow(1, 0, 1)))
          .pow(2)
          .mean();
  return initial + (left.value - right.value).pow(2).mean() +
         (left.first[0] - right.first[0]).pow(2).mean();
}

Truth AllenCahnProblem::truth(const torch::TensorOptions& options) const {
  const int64_t nx = reference_.x.size(0);
  const int64_t stride = (nx + test_nx_ - 1) / test_nx_;
  const auto x = reference_.x.slice(0, 0, nx, stride);
  const auto grid = torch::meshgrid({x, reference_.t}, "ij");
  Truth truth;
  truth.points = torch::stack({grid[0].reshape({-1}), grid[1].reshape({-1})}, 1).to(options);
  truth.values = reference_.u.slice(1, 0, nx, stride).t().reshape({-1, 1}).to(options);
  truth.shape = {x.size(0), reference_.t.size(0)};
  return truth;
}

}  // namespace symplex::pde
