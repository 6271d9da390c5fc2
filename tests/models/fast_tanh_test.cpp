#include "symplex/models/fast_tanh.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

namespace symplex::models {
namespace {

// Distance from fast_tanh(v) to the exact tanh(v) (in double), in units in the last place of
// the float nearest the exact value.
double ulp_error(float v) {
  const double exact = std::tanh(static_cast<double>(v));
  const float nearest = static_cast<float>(exact);
  const double ulp = std::nextafter(nearest, 2.0f) - nearest;
  return std::fabs(fast_tanh(v) - exact) / ulp;
}

// Every 61st float from 0 to 12 (about 18 million of them, both branches and the clamp), and
// their negatives: within 3 ulp of tanh, and odd.
TEST(FastTanh, WithinThreeUlpOfTanhAndOdd) {
  const float end = 12.0f;
  uint32_t end_bits;
  std::memcpy(&end_bits, &end, sizeof end_bits);
  double worst = 0.0;
  float worst_at = 0.0f;
  for (uint32_t bits = 0; bits < end_bits; bits += 61) {
    float v;
    std::memcpy(&v, &bits, sizeof v);
    const double error = ulp_error(v);
    if (error > worst) {
      worst = error;
      worst_at = v;
    }
    ASSERT_EQ(fast_tanh(-v), -fast_tanh(v)) << v;
  }
  EXPECT_LT(worst, 3.0) << "at " << worst_at;
}

// The Taylor branch and the exp branch meet at |v| = 0.4 without a step.
TEST(FastTanh, BranchesMeetAtTheSwitch) {
  for (float v = 0.399f; v < 0.401f; v = std::nextafter(v, 1.0f))
    EXPECT_LT(ulp_error(v), 3.0) << v;
}

TEST(FastTanh, SaturatesAndKeepsNaN) {
  EXPECT_EQ(fast_tanh(30.0f), 1.0f);
  EXPECT_EQ(fast_tanh(-std::numeric_limits<float>::infinity()), -1.0f);
  EXPECT_EQ(fast_tanh(std::numeric_limits<float>::infinity()), 1.0f);
  EXPECT_TRUE(std::isnan(fast_tanh(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_EQ(fast_tanh(0.0f), 0.0f);
  EXPECT_EQ(fast_tanh(1e-30f), 1e-30f);
}

}  // namespace
}  // namespace symplex::models
