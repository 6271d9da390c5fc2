#include "symplex/models/autocast.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <optional>

#include "symplex/models/memory_layout.h"
#include "symplex/models/resnet18.h"

namespace symplex::models {
namespace {

// Inside the guard a matrix product of float32 tensors is bfloat16; a reduction is not cast
// down; leaving the guard restores what was there before, nested guards included.
TEST(Bf16Autocast, RunsMatrixProductsInBfloat16WhileItLives) {
  torch::nn::Linear linear(8, 4);
  const auto x = torch::randn({5, 8});
  {
    const Bf16Autocast outer(c10::DeviceType::CPU);
    EXPECT_EQ(linear->forward(x).scalar_type(), torch::kBFloat16);
    EXPECT_EQ(x.sum().scalar_type(), torch::kFloat32);
    { const Bf16Autocast inner(c10::DeviceType::CPU); }
    EXPECT_EQ(linear->forward(x).scalar_type(), torch::kBFloat16);
  }
  EXPECT_EQ(linear->forward(x).scalar_type(), torch::kFloat32);
}

// Channels-last changes where the numbers lie, not what the network computes.
TEST(MemoryFormat, ChannelsLastLaysOutWeightsAndKeepsTheOutputs) {
  torch::manual_seed(0);
  ResNet18 contiguous(ResNet18Options(3, 10).width(0.125));
  ResNet18 channels_last(ResNet18Options(3, 10).width(0.125));
  {
    torch::NoGradGuard no_grad;
    const auto source = contiguous->parameters();
    auto target = channels_last->parameters();
    for (size_t i = 0; i < source.size(); ++i)
      target[i].copy_(source[i]);
  }
  set_memory_format(*channels_last, MemoryFormat::channels_last);
  int four_dimensional = 0;
  for (const auto& p : channels_last->parameters()) {
    if (p.dim() != 4) continue;
    ++four_dimensional;
    EXPECT_TRUE(p.is_contiguous(c10::MemoryFormat::ChannelsLast));
    if (p.size(1) > 1 && p.size(2) * p.size(3) > 1) {
      EXPECT_FALSE(p.is_contiguous());
    }
  }
  EXPECT_GT(four_dimensional, 10);
  contiguous->eval();
  channels_last->eval();
  const auto x = torch::randn({2, 3, 16, 16});
  const auto expected = contiguous->forward(x);
  const auto got = channels_last->forward(x.contiguous(c10::MemoryFormat::ChannelsLast));
  EXPECT_LT((expected - got).abs().max().item<double>(),
            1e-4 * expected.abs().max().item<double>());
}

}  // namespace
}  // namespace symplex::models
