#pragma once

#include <torch/types.h>

namespace symplex::models {

// A batch of points carried through a network with what the heat loss needs of them: at the n
// interior points the value u, its ∂x and the heat operator's stream u_t − α u_xx; at m more
// points (initial and boundary) the value alone. All are rows of one (n + m + 2n, w) matrix,
//   [values at the n interior points; values at the m value-only points; ∂x; ∂t − α∂xx],
// so that a linear layer is one matrix product on everything.
//
// Why these streams: u_t and u_xx propagate through a layer by the same linear map, and through
// tanh as σ_t = σ' y_t and σ_xx = σ' y_xx − 2σσ' y_x², so their combination c = ∂t − α∂xx obeys
// c(σ) = σ' (c(y) + 2ασ y_x²) and never needs u_t and u_xx apart. Three streams instead of the
// four of u, ∂x, ∂t, ∂xx: a quarter fewer multiply-adds. Propagating them forward replaces nested
// reverse-mode autograd (two backward passes with create_graph, then a third through both) by
// one forward and one first-order backward, and the value-only points ride along instead of
// taking passes of their own.
struct Jet {
  torch::Tensor rows;
  int64_t points;  // n: the points with derivatives
  double alpha;    // α of the operator ∂t − α∂xx

  int64_t value_rows() const { return rows.size(0) - 2 * points; }
  // Every point's value, then the ∂x and ∂t − α∂xx rows: (n + m, w) and (2n, w).
  torch::Tensor values() const { return rows.narrow(0, 0, value_rows()); }
  torch::Tensor derivative_rows() const { return rows.narrow(0, value_rows(), 2 * points); }
  // The interior points' values, ∂x and ∂t − α∂xx: (n, w) each.
  torch::Tensor value() const { return rows.narrow(0, 0, points); }
  torch::Tensor dx() const { return rows.narrow(0, value_rows(), points); }
  torch::Tensor heat() const { return rows.narrow(0, value_rows() + points, points); }
  // The values at the m value-only points: (m, w).
  torch::Tensor extra_values() const { return rows.narrow(0, points, value_rows() - points); }
  // Columns [start, start + count) of every row: q or p of a symplectic trunk.
  Jet columns(int64_t start, int64_t count) const {
    return {rows.narrow(1, start, count), points, alpha};
  }
};

// h Wᵀ + b: the derivatives of an affine map are the same linear map of the derivatives, without
// the bias. `bias` may be undefined.
Jet linear(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias);

// tanh(y + b) on every row by the chain rule (b moves the values only), with σ = tanh(y + b),
// σ' = 1 − σ²:  σ_x = σ' y_x,  c(σ) = σ' (c(y) + 2ασ y_x²).
// Its backward is written out (one pass over the elements on the CPU, models/jet_kernels.h)
// rather than recorded op by op.
Jet tanh(const Jet& y, const torch::Tensor& bias);

// The forward and backward maps of tanh's rows as tensor operations: the path tanh takes on
// devices other than the CPU (declared here so that the CPU tests can hold it to the CPU loops).
// y has its bias already added; out (tanh_streams(y)) and g (∂L/∂out) are rows of jets like y.
torch::Tensor tanh_streams(const Jet& y);
torch::Tensor tanh_streams_backward(const Jet& y, const torch::Tensor& out, const torch::Tensor& g);

// tanh(h Wᵀ + b): one matrix product and one pass over the elements, forward and backward.
Jet tanh_layer(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias);

// h + scale · (x Wᵀ + b), with b on the values only: one matrix product that accumulates into a
// copy of h (a residual block's or a shear's update). `bias` may be undefined.
Jet add_linear(const Jet& h, const Jet& x, const torch::Tensor& weight, const torch::Tensor& bias,
               double scale = 1.0);
// The columns of a and b side by side: (q, p) back into one state.
Jet concat(const Jet& a, const Jet& b);

}  // namespace symplex::models
