#pragma once

#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>

#include <functional>

#include "symplex/optim/energy_step.h"

namespace symplex::optim {

// An optimizer step with its energy bookkeeping (EnergyStep), the one interface through which a
// training loop steps the leapfrog and the baselines alike.
class EnergyStepper {
 public:
  virtual ~EnergyStepper() = default;

  // One step on one minibatch. `closure` zeroes the gradients, evaluates the batch loss at the
  // current parameters, calls backward() and returns the loss; `loss_only` evaluates the same
  // batch's loss without gradients. `mid_step`, when set, runs once the parameters have moved and
  // before L(θ_{t+1}) is evaluated (the memory ablations disturb memory there).
  virtual EnergyStep step(const torch::optim::Optimizer::LossClosure& closure,
                          const std::function<torch::Tensor()>& loss_only,
                          const std::function<void()>& mid_step) = 0;

  // The LibTorch optimizer underneath, whose state() holds every tensor the step keeps.
  virtual torch::optim::Optimizer& optimizer() = 0;

  // Everything the next step depends on, for a run's checkpoint.
  virtual void save(torch::serialize::OutputArchive& archive) const = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;
};

}  // namespace symplex::optim
