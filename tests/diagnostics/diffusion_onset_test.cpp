#include "symplex/diagnostics/diffusion_onset.h"

#include <gtest/gtest.h>

#include <cmath>

namespace symplex::diagnostics {
namespace {

TEST(RollingMedian, IsTheMedianOfTheTrailingWindow) {
  const std::vector<double> values = {5, 1, 4, 2, 3};
  // Windows [5], [5 1], [5 1 4], [1 4 2], [4 2 3].
  EXPECT_EQ(rolling_median(values, 3), (std::vector<double>{5, 3, 4, 2, 3}));
  EXPECT_EQ(rolling_median(values, 1), values);
  const auto with_nan = rolling_median({NAN, 2, NAN, 4}, 2);
  EXPECT_TRUE(std::isnan(with_nan[0]));
  EXPECT_EQ(with_nan[1], 2);
  EXPECT_EQ(with_nan[2], 2);
  EXPECT_EQ(with_nan[3], 4);
}

// Fitting (SNR ≫ 1), diffusion (below 1), then total diffusion (above 1 for good): the onset is
// the first point after fitting whose rolling median is above 1 at it and at the `window`
// points after it; the minimum lies between the end of fitting and the onset.
TEST(DiffusionPhases, DateFittingTheMinimumAndTheOnset) {
  const std::vector<double> snr = {20, 9, 3, 0.8, 0.5, 0.3, 0.6, 0.7, 3, 4, 5, 6, 5, 4};
  const auto phases = diffusion_phases(snr, 1);
  ASSERT_TRUE(phases.fitting_end && phases.onset && phases.minimum);
  EXPECT_EQ(*phases.fitting_end, 3u);
  EXPECT_EQ(*phases.minimum, 5u);
  EXPECT_EQ(*phases.onset, 8u);
}

// A single spike above 1 in the diffusion phase is not an onset: with a window of 3 the rolling
// median ignores it; with a window of 1 the spike must also last for the next point.
TEST(DiffusionPhases, ASpikeIsNotAnOnset) {
  const std::vector<double> snr = {10, 0.5, 0.4, 30, 0.5, 0.4, 0.5, 2, 3, 2, 3, 2, 3};
  const auto windowed = diffusion_phases(snr, 3);
  ASSERT_TRUE(windowed.onset);
  EXPECT_EQ(*windowed.onset, 8u);  // medians: …, 0.5 (at 6), 0.5 (7), 2 (8), 2, 3, 2, 3
  const auto single = diffusion_phases(snr, 1);
  ASSERT_TRUE(single.onset);
  EXPECT_EQ(*single.onset, 7u);
}

// The rule reads the trailing median, not the raw values: the raw SNR is above 1 from point 5
// on, but with a window of 3 the median first is at point 6 ([0.4, 2, 3]); with a window of 1
// the two agree.
TEST(DiffusionPhases, TheRuleReadsTheRollingMedian) {
  const std::vector<double> snr = {10, 0.5, 0.4, 0.5, 0.4, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(diffusion_phases(snr, 1).onset, std::optional<size_t>(5));
  EXPECT_EQ(diffusion_phases(snr, 3).onset, std::optional<size_t>(6));
}

TEST(DiffusionPhases, NoneWithoutADiffusionPhaseOrWithoutEnoughPointsAfterTheRise) {
  EXPECT_FALSE(diffusion_phases({5, 4, 3, 2, 1.5}, 1).fitting_end);
  EXPECT_FALSE(diffusion_phases({5, 4, 3, 2, 1.5}, 1).onset);
  // Above 1 at the last two points only: a window of 2 needs three.
  const auto late = diffusion_phases({5, 0.5, 0.4, 0.3, 2, 3}, 2);
  EXPECT_TRUE(late.fitting_end);
  EXPECT_FALSE(late.onset);
  ASSERT_TRUE(late.minimum);
}

}  // namespace
}  // namespace symplex::diagnostics
