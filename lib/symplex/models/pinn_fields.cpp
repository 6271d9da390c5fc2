#include "symplex/models/pinn_fields.h"

namespace symplex::models {

pde::Field pinn_field(PinnNet net) {
  return [net](const torch::Tensor& x, const torch::Tensor& t) mutable {
    return net->forward(torch::cat({x, t}, 1));
  };
}

pde::Derivatives pinn_derivatives(PinnNet net, DerivativeMethod method) {
  if (method == DerivativeMethod::autograd) return pde::nested_autograd(pinn_field(net));
  return [net](const torch::Tensor& x, const torch::Tensor& t, const torch::Tensor& value_x,
               const torch::Tensor& value_t, double alpha) mutable {
    const auto jet = net->forward_jet(x, t, value_x, value_t, alpha);
    return pde::HeatTerms{jet.heat(), jet.extra_values()};
  };
}

}  // namespace symplex::models
