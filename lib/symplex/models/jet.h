#pragma once

#include <torch/types.h>

namespace symplex::models {

// A batch of points carried through a network with the derivatives the heat residual needs: the
// value and its ∂x, ∂t and ∂xx, stacked as one (4, N, w) tensor so that a linear layer is one
// matrix product on all four streams. Propagating them forward replaces nested reverse-mode
// autograd (two backward passes with create_graph, then a third through both) by one forward and
// one first-order backward.
struct Jet {
  torch::Tensor streams;  // (4, N, w): value, ∂x, ∂t, ∂xx

  torch::Tensor value() const { return streams.select(0, 0); }
  torch::Tensor dx() const { return streams.select(0, 1); }
  torch::Tensor dt() const { return streams.select(0, 2); }
  torch::Tensor dxx() const { return streams.select(0, 3); }
  // Columns [start, start + count) of every stream: q or p of a symplectic trunk.
  Jet columns(int64_t start, int64_t count) const { return {streams.narrow(2, start, count)}; }
};

// h Wᵀ + b: the derivatives of an affine map are the same linear map of the derivatives, without
// the bias. `bias` may be undefined.
Jet linear(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias);

// tanh(y + b) on every stream by the chain rule (b moves the value only), with σ = tanh(y + b),
// σ' = 1 − σ², σ'' = −2σσ':
//   σ_x = σ' y_x,  σ_t = σ' y_t,  σ_xx = σ' y_xx + σ'' y_x² = σ' (y_xx − 2σ y_x²).
// Its backward is written out (one pass over the elements on the CPU) rather than recorded op by
// op.
Jet tanh(const Jet& y, const torch::Tensor& bias);

// The forward and backward maps of tanh's streams as tensor operations: the path tanh takes on
// devices other than the CPU (declared here so that the CPU tests can hold it to the CPU loops).
// y and out are (4, N, w) streams, y with its bias already added; g is ∂L/∂out.
torch::Tensor tanh_streams(const torch::Tensor& y);
torch::Tensor tanh_streams_backward(const torch::Tensor& y, const torch::Tensor& out,
                                    const torch::Tensor& g);

// tanh(h Wᵀ + b): one matrix product and one pass over the elements, forward and backward.
Jet tanh_layer(const Jet& h, const torch::Tensor& weight, const torch::Tensor& bias);

// a + scale · b, stream by stream.
Jet add(const Jet& a, const Jet& b, double scale = 1.0);
// The columns of a and b side by side: (q, p) back into one state.
Jet concat(const Jet& a, const Jet& b);

}  // namespace symplex::models
