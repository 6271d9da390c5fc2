#include "symplex/models/pinn_fields.h"

namespace symplex::models {

pde::Field pinn_field(PinnNet net) {
  return [net](const torch::Tensor& points) mutable { return net->forward(points); };
}

pde::Derivatives pinn_derivatives(PinnNet net, DerivativeMethod method) {
  if (method == DerivativeMethod::autograd) return pde::nested_autograd(pinn_field(net));
  return [net](const torch::Tensor& points, const torch::Tensor& value_points,
               const pde::DifferentialOperator& op) mutable {
    const auto jet = net->forward_jet(points, value_points, op);
    pde::Streams streams{jet.value(), {}, jet.op(), jet.extra_values()};
    for (int64_t j = 0; j < jet.streams.count; ++j)
      streams.first.push_back(jet.first(j));
    return streams;
  };
}

}  // namespace symplex::models
