#include "symplex/optim/euler.h"

#include <ATen/core/grad_mode.h>
#include <torch/utils.h>

namespace symplex::optim {

void euler_step(EulerKind kind, const std::vector<torch::Tensor>& parameters,
                std::vector<torch::Tensor>& momenta, const std::vector<double>& inverse_masses,
                const torch::optim::Optimizer::LossClosure& closure, double dt) {
  {
    at::AutoGradMode enable_grad(true);
    closure();
  }
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < parameters.size(); ++i) {
    const auto old_momentum = kind == EulerKind::explicit_euler ? momenta[i].clone() : momenta[i];
    if (parameters[i].grad().defined()) momenta[i].add_(parameters[i].grad(), -dt);
    parameters[i].add_(kind == EulerKind::explicit_euler ? old_momentum : momenta[i],
                       dt * inverse_masses[i]);
  }
}

}  // namespace symplex::optim
