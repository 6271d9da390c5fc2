#include "symplex/ablation/fresh_storage.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <functional>

#include "symplex/optim/leapfrog.h"

namespace symplex::ablation {
namespace {

// A small net with a batch-norm buffer, on a fixed batch.
struct Problem {
  torch::nn::Sequential net;
  torch::Tensor x, y;

  Problem() {
    torch::manual_seed(7);
    net = torch::nn::Sequential(torch::nn::Linear(6, 16), torch::nn::BatchNorm1d(16),
                                torch::nn::Tanh(), torch::nn::Linear(16, 3));
    x = torch::randn({32, 6});
    y = torch::randint(0, 3, {32}, torch::kInt64);
  }

  torch::optim::Optimizer::LossClosure closure() {
    return [this] {
      net->zero_grad();
      auto loss = torch::cross_entropy_loss(net->forward(x), y);
      loss.backward();
      return loss;
    };
  }
};

using MakeOptimizer =
    std::function<std::unique_ptr<torch::optim::Optimizer>(std::vector<torch::Tensor>)>;

// The losses of `steps` steps and the final parameters and buffers, with or without moving
// every tensor to fresh storage before each step.
std::vector<torch::Tensor> train(const MakeOptimizer& make, bool scramble, int steps = 15) {
  Problem problem;
  auto optimizer = make(problem.net->parameters());
  std::vector<torch::Tensor> out;
  for (int i = 0; i < steps; ++i) {
    if (scramble) {
      const void* before = problem.net->parameters()[0].data_ptr();
      move_module_to_fresh_storage(*problem.net);
      move_optimizer_state_to_fresh_storage(*optimizer);
      EXPECT_NE(problem.net->parameters()[0].data_ptr(), before);  // it really moved
    }
    out.push_back(optimizer->step(problem.closure()).detach().reshape({1}));
  }
  for (const auto& p : problem.net->parameters())
    out.push_back(p.detach().clone());
  for (const auto& b : problem.net->buffers())
    out.push_back(b.clone());
  return out;
}

void expect_bitwise_equal(const std::vector<torch::Tensor>& a,
                          const std::vector<torch::Tensor>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_TRUE(torch::equal(a[i], b[i])) << "tensor " << i;
}

const std::vector<std::pair<std::string, MakeOptimizer>>& optimizers() {
  static const std::vector<std::pair<std::string, MakeOptimizer>> all = {
      {"leapfrog",
       [](std::vector<torch::Tensor> p) {
         return std::make_unique<optim::Leapfrog>(std::move(p),
                                                  optim::LeapfrogOptions(0.05).gamma(0.1));
       }},
      {"adamw",
       [](std::vector<torch::Tensor> p) {
         return std::make_unique<torch::optim::AdamW>(std::move(p),
                                                      torch::optim::AdamWOptions(1e-2));
       }},
      {"adam_amsgrad",
       [](std::vector<torch::Tensor> p) {
         return std::make_unique<torch::optim::Adam>(std::move(p),
                                                     torch::optim::AdamOptions(1e-2).amsgrad(true));
       }},
      {"sgd_momentum",
       [](std::vector<torch::Tensor> p) {
         return std::make_unique<torch::optim::SGD>(std::move(p),
                                                    torch::optim::SGDOptions(0.1).momentum(0.9));
       }},
  };
  return all;
}

TEST(FreshStorage, ScrambledTrainingEqualsPlainTrainingBitForBit) {
  for (const auto& [name, make] : optimizers()) {
    SCOPED_TRACE(name);
    expect_bitwise_equal(train(make, false), train(make, true));
  }
}

// The comparison above would notice lost optimizer state: restarting SGD's momentum halfway
// changes the result.
TEST(FreshStorage, LosingOptimizerStateIsVisible) {
  const auto& make = optimizers().back().second;
  const auto reference = train(make, false);
  Problem problem;
  auto optimizer = make(problem.net->parameters());
  for (int i = 0; i < 15; ++i) {
    if (i == 7) optimizer = make(problem.net->parameters());
    optimizer->step(problem.closure());
  }
  EXPECT_FALSE(torch::equal(problem.net->parameters()[0], reference[15]));
}

TEST(FreshStorage, MovesMomentaAndOptimizerStateToNewStorage) {
  Problem problem;
  optim::Leapfrog leapfrog(problem.net->parameters(), optim::LeapfrogOptions(0.05));
  leapfrog.step(problem.closure());
  const auto first = problem.net->parameters()[0];
  const void* momentum = leapfrog.momentum(first).data_ptr();
  const auto value = leapfrog.momentum(first).clone();
  move_optimizer_state_to_fresh_storage(leapfrog);
  EXPECT_NE(leapfrog.momentum(first).data_ptr(), momentum);
  EXPECT_TRUE(torch::equal(leapfrog.momentum(first), value));

  torch::optim::AdamW adamw(problem.net->parameters(), torch::optim::AdamWOptions(1e-3));
  adamw.step(problem.closure());
  auto& state = static_cast<torch::optim::AdamWParamState&>(*adamw.state().begin()->second);
  const void* moment = state.exp_avg().data_ptr();
  move_optimizer_state_to_fresh_storage(adamw);
  EXPECT_NE(state.exp_avg().data_ptr(), moment);
}

}  // namespace
}  // namespace symplex::ablation
