#include "symplex/pde/pinn_problem.h"

namespace symplex::pde {

double relative_l2_error(const Field& u, const Truth& truth) {
  torch::NoGradGuard no_grad;
  return ((u(truth.points) - truth.values).norm() / truth.values.norm()).item<double>();
}

torch::Tensor grid_points(const InputBox& box, int64_t n0, int64_t n1,
                          const torch::TensorOptions& options) {
  const auto first = torch::linspace(box[0].lower, box[0].upper, n0, options);
  const auto second = torch::linspace(box[1].lower, box[1].upper, n1, options);
  const auto grid = torch::meshgrid({first, second}, "ij");
  return torch::stack({grid[0].reshape({-1}), grid[1].reshape({-1})}, 1);
}

torch::Tensor uniform_points(const InputBox& box, int64_t n) {
  const auto cpu = torch::TensorOptions().dtype(torch::kFloat64);
  std::vector<torch::Tensor> columns;
  for (const auto& interval : box)
    columns.push_back(interval.lower + (interval.upper - interval.lower) * torch::rand({n}, cpu));
  return torch::stack(columns, 1);
}

}  // namespace symplex::pde
