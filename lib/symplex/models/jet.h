#pragma once

#include <torch/types.h>

#include <array>

namespace symplex::models {

// At most this many first derivatives ride along in a jet: one per input of a PINN (x and t, or
// x and y).
inline constexpr int64_t kMaxJetStreams = 2;

// What a jet carries besides the value: the first derivatives ∂_j along `count` inputs, and one
// stream of a second-order operator L = Σ_i a_i ∂_i + Σ_j b_j ∂_j² (pde/differential_operator.h)
// whose second-order part is diagonal and along those inputs. Through tanh, L obeys
// L(σ) = σ' (L(y) + σ Σ_j w_j y_j²) with w_j = −2 b_j (σ'' = −2σσ'), and w_j is all that the
// jet needs to know of L (docs/pinn_bench.md eq. (4b) calls it c_j).
struct JetStreams {
  int64_t count = 1;
  std::array<double, kMaxJetStreams> square_weight{};  // w_j = −2 b_j
};

// A batch of points carried through a network with what a PINN residual needs of them: at the n
// points with derivatives the value u, its first derivatives ∂_j and the operator's stream L u;
// at m more points (initial and boundary) the value alone. All are rows of one matrix,
//   [values at the n points; values at the m value-only points; ∂_1; …; ∂_k; L],
// (n + m + (k + 1)n rows), so that a linear layer is one matrix product on everything.
//
// Why these streams: every ∂_i and ∂_j² propagates through a layer by the same linear map, and
// through tanh as above, so L never needs its second derivatives apart. For the heat operator
// ∂t − α∂xx that is three streams (u, ∂x, L) instead of the four of u, ∂x, ∂t, ∂xx. Propagating
// them forward replaces nested reverse-mode autograd (two backward passes with create_graph,
// then a third through both) by one forward and one first-order backward, and the value-only
// points ride along instead of taking passes of their own.
struct Jet {
  torch::Tensor rows;
  int64_t points;  // n: the points with derivatives
  JetStreams streams;

  int64_t derivative_row_count() const { return (streams.count + 1) * points; }
  int64_t value_rows() const { return rows.size(0) - derivative_row_count(); }
  // Every point's value, then the derivative rows: (n + m, w) and ((k + 1)n, w).
  torch::Tensor values() const { return rows.narrow(0, 0, value_rows()); }
  torch::Tensor derivative_rows() const {
    return rows.narrow(0, value_rows(), derivative_row_count());
  }
  // The n points' values, first derivatives along stream j, and L: (n, w) each.
  torch::Tensor value() const { return rows.narrow(0, 0, points); }
  torch::Tensor first(int64_t j) const { return rows.narrow(0, value_rows() + j * points, points); }
  torch::Tensor op() const { return rows.narrow(0, value_rows() + streams.count * points, points); }
  // The values at the m value-only points: (m, w).
  torch::Tensor extra_values() const { return rows.narrow(0, points, value_rows() - points); }
  // Columns [start, start + count) of every row: q or p of a symplectic trunk.
  Jet columns(int64_t start, int64_t count) const {
    return {rows.narrow(1, start, count), points, streams};
  }
};

// h Wᵀ + b: the derivatives of an affine map are the same linear map of the derivatives, without
// the bias. `bias` may be undefined.
Jet linear(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias);

// tanh(y + b) on every row by the chain rule (b moves the values only), with σ = tanh(y + b),
// σ' = 1 − σ²:  σ_j = σ' y_j,  L(σ) = σ' (L(y) + σ Σ_j w_j y_j²).
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
