#include "symplex/models/fast_tanh.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "symplex/models/jet_kernels.h"

namespace symplex::models {
namespace {

// Distance from t to the exact tanh(v) (in double), in units in the last place of the float
// nearest the exact value.
double ulp_error(float v, float t) {
  const double exact = std::tanh(static_cast<double>(v));
  const float nearest = static_cast<float>(exact);
  const double ulp = std::nextafter(nearest, 2.0f) - nearest;
  return std::fabs(t - exact) / ulp;
}

// tanh of every value through the fused tanh's loop (value rows only, width 1): the code a
// training step runs, in the variant (AVX2 or baseline) this machine picks.
std::vector<float> kernel_tanh(std::vector<float> values) {
  const auto n = static_cast<int64_t>(values.size());
  kernels::tanh_streams_forward(nullptr, values.data(), kernels::JetShape{n, 0, 1, 1, {}}, 0, n);
  return values;
}

// Every 61st float from 0 to 12 (about 18 million of them, both branches and the clamp), and
// their negatives: within 3 ulp of tanh, and odd.
TEST(FastTanh, WithinThreeUlpOfTanhAndOdd) {
  const float end = 12.0f;
  uint32_t end_bits;
  std::memcpy(&end_bits, &end, sizeof end_bits);
  std::vector<float> values;
  for (uint32_t bits = 0; bits < end_bits; bits += 61) {
    float v;
    std::memcpy(&v, &bits, sizeof v);
    values.push_back(v);
  }
  std::vector<float> negated(values.size());
  std::transform(values.begin(), values.end(), negated.begin(), [](float v) { return -v; });
  const auto out = kernel_tanh(values);
  const auto out_of_negated = kernel_tanh(negated);
  double worst = 0.0;
  float worst_at = 0.0f;
  for (size_t i = 0; i < values.size(); ++i) {
    const double error = ulp_error(values[i], out[i]);
    if (error > worst) {
      worst = error;
      worst_at = values[i];
    }
    ASSERT_EQ(out_of_negated[i], -out[i]) << values[i];
  }
  EXPECT_LT(worst, 3.0) << "at " << worst_at;
}

// The Taylor branch and the exp branch meet at |v| = 0.4 without a step.
TEST(FastTanh, BranchesMeetAtTheSwitch) {
  std::vector<float> values;
  for (float v = 0.399f; v < 0.401f; v = std::nextafter(v, 1.0f))
    values.push_back(v);
  const auto out = kernel_tanh(values);
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_LT(ulp_error(values[i], out[i]), 3.0) << values[i];
}

// The inline function itself (what a scalar loop gets), at the edges.
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
