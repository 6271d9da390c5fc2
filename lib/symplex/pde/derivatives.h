#pragma once

#include <torch/types.h>

#include <functional>
#include <vector>

#include "symplex/pde/differential_operator.h"

namespace symplex::pde {

// u as a function of points (N, 2), returning (N, 1).
using Field = std::function<torch::Tensor(const torch::Tensor& points)>;

// What a PINN loss needs of u: at the n points with derivatives its value, its first derivatives
// along the operator's `derivatives` inputs and L u, and at m more points (initial and boundary)
// the value alone, all (·, 1) and with their graphs kept so that the loss can be trained on.
struct Streams {
  torch::Tensor value;
  std::vector<torch::Tensor> first;  // in the order of DifferentialOperator::derivatives
  torch::Tensor op;
  torch::Tensor extra_values;

  // Rows [start, start + count) of the points with derivatives (no value-only points).
  Streams rows(int64_t start, int64_t count) const;
};

// One call takes every point, so that a fused method can carry them through the network in one
// pass: points (n, 2) with derivatives, value_points (m, 2) without.
using Derivatives =
    std::function<Streams(const torch::Tensor& points, const torch::Tensor& value_points,
                          const DifferentialOperator& op)>;

// The streams of any Field by nested reverse-mode autograd: the reference way.
Derivatives nested_autograd(const Field& u);

}  // namespace symplex::pde
