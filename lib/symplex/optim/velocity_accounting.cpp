#include "symplex/optim/velocity_accounting.h"

#include <ATen/core/grad_mode.h>
#include <torch/utils.h>

namespace symplex::optim {

VelocityAccounting::VelocityAccounting(std::unique_ptr<torch::optim::Optimizer> optimizer,
                                       double lr)
    : optimizer_(std::move(optimizer)), lr_(lr) {}

EnergyStep VelocityAccounting::step(const torch::optim::Optimizer::LossClosure& closure,
                                    const std::function<torch::Tensor()>& loss_only,
                                    const std::function<void()>& mid_step) {
  std::vector<torch::Tensor> before;
  for (const auto& group : optimizer_->param_groups()) {
    for (const auto& p : group.params())
      before.push_back(p.detach().clone());
  }
  EnergyStep report;
  report.kinetic_before = kinetic_;
  report.kinetic_before_per_step = kinetic_per_step_;
  {
    at::AutoGradMode enable_grad(true);
    report.loss_before = closure().item<double>();
  }
  optimizer_->step();

  torch::NoGradGuard no_grad;
  double kinetic = 0.0;
  double kinetic_per_step = 0.0;
  size_t i = 0;
  for (const auto& group : optimizer_->param_groups()) {
    for (const auto& p : group.params()) {
      const auto step = (p.detach() - before[i++]).to(torch::kFloat64);
      kinetic += 0.5 * (step / lr_).pow(2).sum().item<double>();
      kinetic_per_step += 0.5 * step.pow(2).sum().item<double>();
    }
  }
  if (mid_step) mid_step();
  report.loss_after = loss_only().item<double>();
  report.kinetic_uncapped = report.kinetic_after = kinetic_ = kinetic;
  report.kinetic_after_per_step = kinetic_per_step_ = kinetic_per_step;
  return report;
}

void VelocityAccounting::save(torch::serialize::OutputArchive& archive) const {
  torch::serialize::OutputArchive optimizer;
  optimizer_->save(optimizer);
  archive.write("optimizer", optimizer);
  archive.write("kinetic", c10::IValue(kinetic_));
  archive.write("kinetic_per_step", c10::IValue(kinetic_per_step_));
}

void VelocityAccounting::load(torch::serialize::InputArchive& archive) {
  torch::serialize::InputArchive optimizer;
  archive.read("optimizer", optimizer);
  optimizer_->load(optimizer);
  c10::IValue value;
  archive.read("kinetic", value);
  kinetic_ = value.toDouble();
  archive.read("kinetic_per_step", value);
  kinetic_per_step_ = value.toDouble();
}

}  // namespace symplex::optim
