#include "symplex/ode/vector_field.h"

#include "symplex/diagnostics/jacobian.h"

namespace symplex::ode {

torch::Tensor VectorField::jacobian(const torch::Tensor& y) const {
  torch::AutoGradMode enable(true);  // Newton calls it off the graph
  return diagnostics::rowwise_jacobian([this](const torch::Tensor& x) { return (*this)(x); }, y)
      .detach();
}

torch::Tensor LinearField::operator()(const torch::Tensor& y) const {
  return torch::matmul(matrix_, y.unsqueeze(-1)).squeeze(-1);
}

}  // namespace symplex::ode
