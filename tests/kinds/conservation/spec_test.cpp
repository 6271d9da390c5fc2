#include "symplex/kinds/conservation/spec.h"

#include <gtest/gtest.h>

namespace symplex::kinds {
namespace {

TEST(ConservationSpec, VggLayersReadInVggNotation) {
  const auto vgg16 =
      parse_vgg_layers("64 64 M 128 128 M 256 256 256 M 512 512 512 M 512 512 512 M");
  ASSERT_EQ(vgg16.error, "");
  EXPECT_EQ(vgg16.channels.size(), 18u);
  EXPECT_EQ(vgg16.channels[2], 0);
  EXPECT_EQ(vgg16.channels[3], 128);
  for (const char* bad : {"", "M M", "16 m 32", "16 0 32", "16.5", "-4", "200000", "16,32"}) {
    const auto layout = parse_vgg_layers(bad);
    EXPECT_NE(layout.error, "") << bad;
    EXPECT_TRUE(layout.channels.empty()) << bad;
  }
}

TEST(ConservationSpec, StepsReachTheHorizon) {
  const StepSizes sizes{{0.02, 0.03}, 8.0};
  EXPECT_EQ(conservation_steps(sizes, 0.02), 400);
  EXPECT_EQ(conservation_steps(sizes, 0.03), 267);
  EXPECT_EQ(conservation_steps({{1.0}, 0.1}, 1.0), 1);
}

}  // namespace
}  // namespace symplex::kinds
