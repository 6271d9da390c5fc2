#include "symplex/pde/helmholtz.h"

#include <cmath>

namespace symplex::pde {

torch::Tensor helmholtz_solution(const HelmholtzEquation& equation, const torch::Tensor& points) {
  return torch::sin(equation.a1 * M_PI * points.narrow(1, 0, 1)) *
         torch::sin(equation.a2 * M_PI * points.narrow(1, 1, 1));
}

torch::Tensor HelmholtzProblem::residual(const Streams& streams,
                                         const torch::Tensor& points) const {
  const double k2 = equation_.k * equation_.k;
  const double source_factor =
      k2 - (equation_.a1 * equation_.a1 + equation_.a2 * equation_.a2) * M_PI * M_PI;
  return streams.op + k2 * streams.value - source_factor * helmholtz_solution(equation_, points);
}

TrainingPoints HelmholtzProblem::sample(const PointCounts& counts,
                                        const torch::TensorOptions& options) const {
  const auto cpu = torch::TensorOptions().dtype(torch::kFloat64);
  const auto residual = uniform_points(box(), counts.residual);
  // Side s: x = −1, x = 1, y = −1, y = 1; the free coordinate uniform on [−1, 1].
  const auto side = torch::randint(0, 4, {counts.condition}, cpu.dtype(torch::kLong));
  const auto free = 2 * torch::rand({counts.condition}, cpu) - 1;
  const auto fixed =
      torch::where(side.remainder(2) == 0, -torch::ones_like(free), torch::ones_like(free));
  const auto on_x_side = side < 2;
  const auto boundary =
      torch::stack({torch::where(on_x_side, fixed, free), torch::where(on_x_side, free, fixed)}, 1);
  return {residual.to(options), torch::empty({0, 2}, options), boundary.to(options)};
}

torch::Tensor HelmholtzProblem::condition_loss(const Streams& streams,
                                               const TrainingPoints& points) const {
  return (streams.extra_values - helmholtz_solution(equation_, points.condition_values))
      .pow(2)
      .mean();
}

Truth HelmholtzProblem::truth(const torch::TensorOptions& options) const {
  Truth truth;
  truth.points = grid_points(box(), test_n_, test_n_, options);
  truth.values = helmholtz_solution(equation_, truth.points);
  truth.shape = {test_n_, test_n_};
  return truth;
}

}  // namespace symplex::pde
