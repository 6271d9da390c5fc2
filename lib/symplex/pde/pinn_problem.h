#pragma once

#include <torch/types.h>

#include <array>
#include <cstdint>

#include "symplex/pde/derivatives.h"
#include "symplex/pde/differential_operator.h"
#include "symplex/pde/input_box.h"
#include "symplex/pde/point_counts.h"

namespace symplex::pde {

// The points a PINN trains on, all (·, 2): the residual's, and those of the conditions, which
// are split into points where a condition needs derivatives (a periodic boundary's u_x) and
// points where it needs the value alone.
struct TrainingPoints {
  torch::Tensor residual;
  torch::Tensor condition_derivatives;  // may have no rows
  torch::Tensor condition_values;
};

// What a trained network is scored against: u* at the points of a grid of shape[0] × shape[1]
// over the box (row-major, input 0 slowest), both (N, 2) and (N, 1).
struct Truth {
  torch::Tensor points, values;
  std::array<int64_t, 2> shape{0, 0};
};

// A PINN problem as a small description: its domain and operator, its residual as a function of
// the derivative streams, its conditions, and its true solution. Everything else (networks,
// fused or nested derivatives, optimizers, diagnostics) is shared by every problem.
class PinnProblem {
 public:
  virtual ~PinnProblem() = default;

  virtual InputBox box() const = 0;
  virtual DifferentialOperator op() const = 0;
  // The residual (n, 1) from the streams at the residual points (n, 2).
  virtual torch::Tensor residual(const Streams& streams, const torch::Tensor& points) const = 0;
  // Uniform random points from the global CPU generator in float64, moved to `options`.
  virtual TrainingPoints sample(const PointCounts& counts,
                                const torch::TensorOptions& options) const = 0;
  // The initial and boundary loss, unweighted (the sum of each condition's mean square error),
  // from the streams at points.condition_derivatives (rows) and condition_values (extra_values).
  virtual torch::Tensor condition_loss(const Streams& streams,
                                       const TrainingPoints& points) const = 0;
  // u* on a test grid, in `options`' dtype and device.
  virtual Truth truth(const torch::TensorOptions& options) const = 0;
};

// ‖u − u*‖ / ‖u*‖ over the truth's points.
double relative_l2_error(const Field& u, const Truth& truth);

// The regular grid of n0 × n1 points over a box, both ends included, input 0 slowest: (N, 2).
torch::Tensor grid_points(const InputBox& box, int64_t n0, int64_t n1,
                          const torch::TensorOptions& options);

// n points drawn uniformly from the box by the global CPU generator in float64: (n, 2).
torch::Tensor uniform_points(const InputBox& box, int64_t n);

}  // namespace symplex::pde
