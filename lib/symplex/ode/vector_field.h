#pragma once

#include <torch/torch.h>

namespace symplex::ode {

// The right-hand side of y' = f(y; θ) for a batch of independent problems: y is [batch, dim] and
// f(y)'s row b depends on y's row b only.
class VectorField {
 public:
  virtual ~VectorField() = default;

  virtual torch::Tensor operator()(const torch::Tensor& y) const = 0;

  // ∂f/∂y at y, [batch, dim, dim]. By default autograd's, off the graph (Newton's matrix), by
  // diagnostics::rowwise_jacobian: the rows are independent. A linear field's is J itself, on the
  // graph, so that its direct solve is differentiated.
  virtual torch::Tensor jacobian(const torch::Tensor& y) const;

  // f(y) = J y with J independent of y: the stage equations are one linear solve.
  virtual bool linear() const { return false; }
};

// f(y) = J y, J [batch, dim, dim]; J may require grad (the parameters being learned).
class LinearField : public VectorField {
 public:
  explicit LinearField(torch::Tensor matrix) : matrix_(std::move(matrix)) {}

  torch::Tensor operator()(const torch::Tensor& y) const override;
  torch::Tensor jacobian(const torch::Tensor& /*y*/) const override { return matrix_; }
  bool linear() const override { return true; }

 private:
  torch::Tensor matrix_;
};

}  // namespace symplex::ode
