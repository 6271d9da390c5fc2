#include "symplex/cuda/graphed_step.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <optional>

#include "symplex/models/pinn_fields.h"
#include "symplex/models/pinn_net.h"
#include "symplex/optim/capturable_adam.h"
#include "symplex/pde/heat.h"

namespace symplex::cuda {
namespace {

// The losses of `steps` PINN training steps (the bench's step: fused derivatives, heat loss,
// Adam) from a fixed start, each step eager or through a GraphedStep.
std::vector<double> pinn_losses(bool graphed, int steps) {
  const auto options = torch::TensorOptions().device(torch::kCUDA).dtype(torch::kFloat32);
  torch::manual_seed(0);
  pde::HeatEquation equation;
  models::PinnNet net(models::PinnNetOptions(models::Architecture::mlp, 16, 4));
  net->to(torch::kCUDA, torch::kFloat32);
  const auto points =
      pde::sample_collocation(equation, pde::CollocationSizes{256, 50, 50}, options);
  const auto derivatives = models::pinn_derivatives(net, models::DerivativeMethod::fused);
  optim::CapturableAdam adam(net->parameters(), optim::CapturableAdamOptions{1e-2});
  const auto step = [&] {
    adam.zero_grad();
    const auto total = pde::heat_loss(derivatives, equation, points, 1.0, 1.0).total;
    total.backward();
    adam.step();
    return total;
  };
  std::optional<GraphedStep> graph;
  if (graphed) graph.emplace(torch::Device(torch::kCUDA), step, 3);
  std::vector<double> losses;
  for (int i = 0; i < steps; ++i)
    losses.push_back((graphed ? (*graph)() : step()).item<double>());
  return losses;
}

// Replaying the captured step trains as the eager step does: warm-up, capture and replays each
// count as one step, so a graph that replayed stale inputs, a frozen bias correction or gradients
// that were not zeroed would part from the eager sequence.
TEST(GraphedStep, TrainsWithTheEagerLossSequence) {
  if (!compiled_in()) GTEST_SKIP() << "skipped: this build's LibTorch has no CUDA";
  if (!torch::cuda::is_available()) GTEST_SKIP() << "skipped: no CUDA device here";
  const auto eager = pinn_losses(false, 12);
  const auto graphed = pinn_losses(true, 12);
  for (size_t i = 0; i < eager.size(); ++i)
    EXPECT_NEAR(graphed[i], eager[i], 1e-5 * std::abs(eager[i])) << "step " << i + 1;
  EXPECT_LT(eager.back(), eager.front());  // the steps train
}

// A graphed step that cannot be had says why: no CUDA in the build, or a run off the GPU.
TEST(GraphedStep, SaysWhyItCannotBeHad) {
  try {
    GraphedStep step(torch::Device(torch::kCPU), [] { return torch::zeros({}); });
    FAIL() << "made a CUDA graph of a CPU step";
  } catch (const std::runtime_error& e) {
    const std::string why = compiled_in() ? "needs the run on a CUDA device (it is on cpu)"
                                          : "built against a CUDA LibTorch";
    EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace symplex::cuda
