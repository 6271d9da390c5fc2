#include "symplex/models/resnet18.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "symplex/models/parameter_count.h"

namespace symplex::models {
namespace {

TEST(ResNet18, HasTheStandardCifarParameterCount) {
  ResNet18 net(ResNet18Options(3, 10));
  EXPECT_EQ(parameter_count(*net), 11173962);
}

TEST(ResNet18, NarrowNetsTakeGrayscaleImagesOfAnySide) {
  ResNet18 net(ResNet18Options(1, 10).width(0.125));
  const auto logits = net->forward(torch::randn({4, 1, 28, 28}));
  EXPECT_EQ(logits.sizes(), (std::vector<int64_t>{4, 10}));
  EXPECT_LT(parameter_count(*net), 11173962 / 50);
}

}  // namespace
}  // namespace symplex::models
