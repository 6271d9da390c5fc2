#include "symplex/ablation/fresh_storage.h"

#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <stdexcept>

#include "symplex/optim/leapfrog.h"

namespace symplex::ablation {
namespace {

// A copy in storage allocated now, while the original is still alive, so it cannot reuse the
// original's memory.
torch::Tensor fresh_copy(const torch::Tensor& tensor) {
  if (!tensor.defined()) return tensor;
  auto copy = torch::empty_like(tensor, torch::MemoryFormat::Preserve);
  copy.copy_(tensor);
  return copy;
}

}  // namespace

void move_module_to_fresh_storage(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& parameter : module.parameters()) {
    if (parameter.grad().defined()) parameter.mutable_grad() = fresh_copy(parameter.grad());
    parameter.set_data(fresh_copy(parameter));
  }
  for (auto& buffer : module.buffers())
    buffer.set_data(fresh_copy(buffer));
}

void move_optimizer_state_to_fresh_storage(torch::optim::Optimizer& optimizer) {
  torch::NoGradGuard no_grad;
  for (auto& entry : optimizer.state()) {
    auto* state = entry.second.get();
    if (auto* leapfrog = dynamic_cast<optim::LeapfrogParamState*>(state)) {
      leapfrog->momentum(fresh_copy(leapfrog->momentum()));
    } else if (auto* adamw = dynamic_cast<torch::optim::AdamWParamState*>(state)) {
      adamw->exp_avg(fresh_copy(adamw->exp_avg()));
      adamw->exp_avg_sq(fresh_copy(adamw->exp_avg_sq()));
      adamw->max_exp_avg_sq(fresh_copy(adamw->max_exp_avg_sq()));
    } else if (auto* adam = dynamic_cast<torch::optim::AdamParamState*>(state)) {
      adam->exp_avg(fresh_copy(adam->exp_avg()));
      adam->exp_avg_sq(fresh_copy(adam->exp_avg_sq()));
      adam->max_exp_avg_sq(fresh_copy(adam->max_exp_avg_sq()));
    } else if (auto* sgd = dynamic_cast<torch::optim::SGDParamState*>(state)) {
      sgd->momentum_buffer(fresh_copy(sgd->momentum_buffer()));
    } else {
      throw std::logic_error("move_optimizer_state_to_fresh_storage: unknown optimizer state");
    }
  }
}

}  // namespace symplex::ablation
