#include "symplex/optim/capturable_adam.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <stdexcept>
#include <string>

namespace symplex::optim {

CapturableAdam::CapturableAdam(std::vector<torch::Tensor> parameters, CapturableAdamOptions options)
    : parameters_(std::move(parameters)), options_(options) {
  if (parameters_.empty()) throw std::invalid_argument("CapturableAdam: no parameters");
  for (const auto& p : parameters_) {
    first_moments_.push_back(torch::zeros_like(p));
    second_moments_.push_back(torch::zeros_like(p));
  }
  steps_ = torch::zeros({}, parameters_.front().options().dtype(torch::kFloat64));
}

void CapturableAdam::zero_grad() {
  for (auto& p : parameters_) {
    if (p.grad().defined()) p.mutable_grad().zero_();
  }
}

void CapturableAdam::step() {
  torch::NoGradGuard no_grad;
  const auto& o = options_;
  steps_.add_(1.0);
  const auto [correction1, correction2_root] = bias_corrections();
  const auto step_size = o.lr / correction1;
  for (size_t i = 0; i < parameters_.size(); ++i) {
    const auto& grad = parameters_[i].grad();
    if (!grad.defined()) continue;
    auto& m = first_moments_[i];
    auto& v = second_moments_[i];
    m.mul_(o.beta1).add_(grad, 1.0 - o.beta1);
    v.mul_(o.beta2).addcmul_(grad, grad, 1.0 - o.beta2);
    const auto denominator = (v.sqrt() / correction2_root).add_(o.eps);
    parameters_[i].sub_(m / denominator * step_size);
  }
}

// Algorithm 1: α_t = α √(1 − β₂ᵗ) / (1 − β₁ᵗ).
std::pair<torch::Tensor, torch::Tensor> CapturableAdam::bias_corrections() const {
  return {1.0 - torch::pow(options_.beta1, steps_),
          (1.0 - torch::pow(options_.beta2, steps_)).sqrt()};
}

CapturableAdam::CorrectedMoments CapturableAdam::corrected_moments(size_t i) const {
  torch::NoGradGuard no_grad;
  const auto [correction1, correction2_root] = bias_corrections();
  return {first_moments_[i] / correction1,
          (second_moments_[i].sqrt() / correction2_root).add_(options_.eps)};
}

void CapturableAdam::save(torch::serialize::OutputArchive& archive) const {
  archive.write("steps", steps_, /*is_buffer=*/true);
  for (size_t i = 0; i < parameters_.size(); ++i) {
    archive.write(fmt::format("m{}", i), first_moments_[i], /*is_buffer=*/true);
    archive.write(fmt::format("v{}", i), second_moments_[i], /*is_buffer=*/true);
  }
}

void CapturableAdam::load(torch::serialize::InputArchive& archive) {
  torch::NoGradGuard no_grad;
  const auto read_into = [&](const std::string& key, torch::Tensor& target) {
    torch::Tensor stored;
    archive.read(key, stored, /*is_buffer=*/true);
    if (!stored.sizes().equals(target.sizes())) {
      throw std::runtime_error("CapturableAdam: the checkpoint's " + key + " has another shape");
    }
    target.copy_(stored);
  };
  read_into("steps", steps_);
  for (size_t i = 0; i < parameters_.size(); ++i) {
    read_into(fmt::format("m{}", i), first_moments_[i]);
    read_into(fmt::format("v{}", i), second_moments_[i]);
  }
}

}  // namespace symplex::optim
