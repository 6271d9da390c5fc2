#include "symplex/optim/capturable_adam.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <sstream>

namespace symplex::optim {
namespace {

// The parameters after `steps` steps on a fixed least-squares problem from a fixed start, with
// the optimizer `make` builds.
template <typename Make>
std::vector<torch::Tensor> trained(Make make, int steps) {
  torch::manual_seed(3);
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  const auto x = torch::randn({64, 5}, options);
  const auto y = torch::randn({64, 2}, options);
  std::vector<torch::Tensor> parameters = {torch::randn({5, 2}, options).requires_grad_(),
                                           torch::randn({2}, options).requires_grad_()};
  auto optimizer = make(parameters);
  for (int i = 0; i < steps; ++i) {
    optimizer.zero_grad();
    (torch::addmm(parameters[1], x, parameters[0]) - y).pow(2).mean().backward();
    optimizer.step();
  }
  return parameters;
}

// The update is torch::optim::Adam's, bias corrections included: a difference in the first
// steps (where the corrections matter most) or in the later ones shows.
TEST(CapturableAdam, StepsAsTorchAdam) {
  constexpr double kLr = 0.05;
  for (const int steps : {1, 3, 40}) {
    const auto reference = trained(
        [&](const std::vector<torch::Tensor>& p) {
          return torch::optim::Adam(p, torch::optim::AdamOptions(kLr).eps(1e-8));
        },
        steps);
    const auto capturable = trained(
        [&](const std::vector<torch::Tensor>& p) {
          return CapturableAdam(p, CapturableAdamOptions{kLr, 0.9, 0.999, 1e-8});
        },
        steps);
    for (size_t i = 0; i < reference.size(); ++i) {
      EXPECT_LT((reference[i] - capturable[i]).abs().max().item<double>(), 1e-12)
          << "parameter " << i << " after " << steps << " steps";
    }
  }
}

// A checkpoint carries the moments and the count: saved after 5 steps and loaded into a fresh
// optimizer (into its own tensors), 5 more steps land where 10 uninterrupted ones do.
TEST(CapturableAdam, ResumesFromItsCheckpoint) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  const auto gradient_step = [](torch::Tensor& p, CapturableAdam& adam) {
    adam.zero_grad();
    (p - 3.0).pow(4).sum().backward();
    adam.step();
  };
  auto straight = torch::linspace(-1.0, 1.0, 4, options).requires_grad_();
  CapturableAdam straight_adam({straight}, CapturableAdamOptions{0.1});
  for (int i = 0; i < 10; ++i)
    gradient_step(straight, straight_adam);

  auto resumed = torch::linspace(-1.0, 1.0, 4, options).requires_grad_();
  torch::serialize::OutputArchive archive;
  {
    CapturableAdam first({resumed}, CapturableAdamOptions{0.1});
    for (int i = 0; i < 5; ++i)
      gradient_step(resumed, first);
    first.save(archive);
  }
  std::ostringstream bytes;
  archive.save_to(bytes);
  std::istringstream stored(bytes.str());
  torch::serialize::InputArchive loaded;
  loaded.load_from(stored);
  CapturableAdam second({resumed}, CapturableAdamOptions{0.1});
  second.load(loaded);
  for (int i = 0; i < 5; ++i)
    gradient_step(resumed, second);
  EXPECT_LT((straight - resumed).abs().max().item<double>(), 1e-15);
}

// Zeroing keeps the gradient's storage: what a captured backward writes into.
TEST(CapturableAdam, ZeroGradKeepsTheGradientTensor) {
  auto p = torch::ones({3}, torch::dtype(torch::kFloat64)).requires_grad_();
  CapturableAdam adam({p}, {});
  p.sum().backward();
  const auto* storage = p.grad().data_ptr<double>();
  adam.zero_grad();
  ASSERT_TRUE(p.grad().defined());
  EXPECT_EQ(p.grad().data_ptr<double>(), storage);
  EXPECT_EQ(p.grad().abs().sum().item<double>(), 0.0);
}

}  // namespace
}  // namespace symplex::optim
