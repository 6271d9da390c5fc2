#include "symplex/pde/derivatives.h"

#include <torch/autograd.h>

namespace symplex::pde {

Streams Streams::rows(int64_t start, int64_t count) const {
  Streams part{
      value.narrow(0, start, count), {}, op.narrow(0, start, count), extra_values.narrow(0, 0, 0)};
  for (const auto& derivative : first)
    part.first.push_back(derivative.narrow(0, start, count));
  return part;
}

Derivatives nested_autograd(const Field& u) {
  return [u](const torch::Tensor& points, const torch::Tensor& value_points,
             const DifferentialOperator& op) {
    const auto inputs = points.detach().requires_grad_(true);
    Streams streams;
    streams.value = u(inputs);
    // The points are independent, so the gradient of the sum is every point's derivative.
    const auto gradient = torch::autograd::grad({streams.value.sum()}, {inputs}, {},
                                                /*retain_graph=*/true, /*create_graph=*/true)[0];
    const auto along = [&](int64_t i) { return gradient.narrow(1, i, 1); };
    for (const int64_t i : op.derivatives)
      streams.first.push_back(along(i));
    torch::Tensor lu;
    const auto add = [&lu](const torch::Tensor& term) { lu = lu.defined() ? lu + term : term; };
    for (int64_t i = 0; i < 2; ++i) {
      if (op.first[i] != 0.0) add(op.first[i] * along(i));
    }
    for (int64_t i = 0; i < 2; ++i) {
      if (op.second[i] == 0.0) continue;
      const auto second =
          torch::autograd::grad({along(i).sum()}, {inputs}, {}, true, true)[0].narrow(1, i, 1);
      add(op.second[i] * second);
    }
    streams.op = lu.defined() ? lu : torch::zeros_like(streams.value);
    streams.extra_values = u(value_points);
    return streams;
  };
}

}  // namespace symplex::pde
