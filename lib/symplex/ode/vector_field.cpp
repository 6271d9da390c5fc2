#include "symplex/ode/vector_field.h"

namespace symplex::ode {

torch::Tensor VectorField::jacobian(const torch::Tensor& y) const {
  torch::AutoGradMode enable(true);
  const auto point = y.detach().requires_grad_(true);
  const auto value = (*this)(point);
  std::vector<torch::Tensor> rows;
  for (int64_t i = 0; i < value.size(1); ++i) {
    rows.push_back(torch::autograd::grad({value.select(1, i).sum()}, {point},
                                         /*grad_outputs=*/{}, /*retain_graph=*/true)[0]);
  }
  return torch::stack(rows, 1).detach();
}

torch::Tensor LinearField::operator()(const torch::Tensor& y) const {
  return torch::matmul(matrix_, y.unsqueeze(-1)).squeeze(-1);
}

}  // namespace symplex::ode
