#include "symplex/optim/mass_preconditioner.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

namespace symplex::optim {
namespace {

TEST(MassPreconditioner, FollowsEquationFiveForEveryKindOfParameter) {
  torch::nn::Linear small(16, 4);
  torch::nn::Linear wide(100, 10);
  torch::nn::Linear scalar_input(1, 3);
  torch::nn::Conv2d stem(torch::nn::Conv2dOptions(3, 8, 3));
  torch::nn::Conv2d deep(torch::nn::Conv2dOptions(64, 64, 3));
  torch::nn::BatchNorm2d norm(8);

  EXPECT_DOUBLE_EQ(inverse_mass(small->weight), 0.25);                  // 1/sqrt(16)
  EXPECT_DOUBLE_EQ(inverse_mass(wide->weight), 0.125);                  // 1/10, clipped up to 1/8
  EXPECT_DOUBLE_EQ(inverse_mass(scalar_input->weight), 1.0);            // fan_in 1
  EXPECT_DOUBLE_EQ(inverse_mass(stem->weight), 1.0 / std::sqrt(27.0));  // 3 × 3 × 3
  EXPECT_DOUBLE_EQ(inverse_mass(deep->weight), 0.125);                  // 1/24, clipped to 1/8
  EXPECT_DOUBLE_EQ(inverse_mass(small->bias), 1.0);
  EXPECT_DOUBLE_EQ(inverse_mass(stem->bias), 1.0);
  EXPECT_DOUBLE_EQ(inverse_mass(norm->weight), 1.0);
  EXPECT_DOUBLE_EQ(inverse_mass(norm->bias), 1.0);
  // The upper bound 8 of eq. 5 cannot bind: 1/sqrt(max(1, fan_in)) <= 1.
  EXPECT_DOUBLE_EQ(inverse_mass(torch::zeros({5, 0})), 1.0);
}

}  // namespace
}  // namespace symplex::optim
