#include "symplex/pde/pinn_loss.h"

namespace symplex::pde {

torch::Tensor residual_loss(const PinnLoss& loss, const torch::Tensor& points,
                            const torch::Tensor& weights, torch::Tensor* residual) {
  const auto streams = loss.derivatives(points, points.narrow(0, 0, 0), loss.problem.op());
  const auto r = loss.problem.residual(streams, points);
  if (residual) *residual = r;
  return weights.defined() ? (weights * r).pow(2).mean() : r.pow(2).mean();
}

torch::Tensor condition_loss(const PinnLoss& loss) {
  const auto streams = loss.derivatives(loss.points.condition_derivatives,
                                        loss.points.condition_values, loss.problem.op());
  return loss.condition_weight * loss.problem.condition_loss(streams, loss.points);
}

ResidualAndConditions residual_and_conditions(const PinnLoss& loss) {
  const auto& points = loss.points;
  const int64_t n = points.residual.size(0);
  const auto streams = loss.derivatives(torch::cat({points.residual, points.condition_derivatives}),
                                        points.condition_values, loss.problem.op());
  auto at_conditions = streams.rows(n, points.condition_derivatives.size(0));
  at_conditions.extra_values = streams.extra_values;
  return {loss.problem.residual(streams.rows(0, n), points.residual),
          loss.condition_weight * loss.problem.condition_loss(at_conditions, points)};
}

}  // namespace symplex::pde
