#pragma once

#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>

#include <functional>
#include <memory>
#include <vector>

#include "symplex/optim/energy_stepper.h"

namespace symplex::optim {

// Gives an optimizer without a Hamiltonian (AdamW, SGD with momentum) the leapfrog's energy
// accounting: the velocity its update implies, v_{t+1} = (θ_{t+1} − θ_t)/lr, kinetic energy
// K = ½‖v‖², and L evaluated on the step's own batch before and after the update. The kinetic
// energy per step, of v = θ_{t+1} − θ_t, is reported beside it.
class VelocityAccounting final : public EnergyStepper {
 public:
  VelocityAccounting(std::unique_ptr<torch::optim::Optimizer> optimizer, double lr);

  EnergyStep step(const torch::optim::Optimizer::LossClosure& closure,
                  const std::function<torch::Tensor()>& loss_only,
                  const std::function<void()>& mid_step) override;

  torch::optim::Optimizer& optimizer() override { return *optimizer_; }

  // The optimizer's state and the last velocity's kinetic energies, for a run's checkpoint.
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  double lr_;
  double kinetic_ = 0.0;           // K_t, from the previous step's velocity per unit lr
  double kinetic_per_step_ = 0.0;  // the same, per step
};

}  // namespace symplex::optim
