#include "symplex/diagnostics/median.h"

#include <gtest/gtest.h>

#include <cmath>

namespace symplex::diagnostics {
namespace {

TEST(Median, OfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  EXPECT_DOUBLE_EQ(median(std::vector<double>{4.0, 1.0, 3.0, 2.0}), 2.5);  // lower median: 2
  EXPECT_DOUBLE_EQ(median(std::vector<double>{5.0, 1.0, 3.0}), 3.0);
  const auto m = median(std::vector<CensoredValue>{{4.0}, {1.0}, {3.0}, {2.0}});
  EXPECT_DOUBLE_EQ(m.value, 2.5);
  EXPECT_FALSE(m.censored);
}

TEST(Median, IsCensoredOnlyWhenAMiddleValueIsABound) {
  // Two bounds at the bottom of six: the middle two (0.5, 0.7) are measured.
  const std::vector<CensoredValue> two_low = {{1e-15, true}, {2e-15, true}, {0.5},
                                              {0.7},         {0.9},         {1.1}};
  EXPECT_DOUBLE_EQ(median(two_low).value, 0.6);
  EXPECT_FALSE(median(two_low).censored);
  // Three bounds of six: the lower middle one is a bound, so the median is one too.
  const std::vector<CensoredValue> three_low = {{1e-15, true}, {2e-15, true}, {3e-15, true},
                                                {0.7},         {0.9},         {1.1}};
  EXPECT_TRUE(median(three_low).censored);
}

TEST(OrderStatistic, IsABoundWhenACensoredValueAboveItMayHideBelowIt) {
  // True values behind {0.1, ≤0.5, 0.7}: the smallest is 0.1 only if the bound's value is not
  // below it, which is unknown.
  const std::vector<CensoredValue> values = {{0.7}, {0.5, true}, {0.1}};
  const auto smallest = order_statistic(values, 1);
  EXPECT_DOUBLE_EQ(smallest.value, 0.1);
  EXPECT_TRUE(smallest.censored);
  // The largest is 0.7 whatever the bound hides.
  EXPECT_FALSE(order_statistic(values, 3).censored);
  EXPECT_THROW(order_statistic(values, 0), std::out_of_range);
}

TEST(MedianInterval, CoverageIsTheBinomialTailOfTheOrderStatistics) {
  EXPECT_DOUBLE_EQ(order_interval_coverage(5, 1), 1.0 - 2.0 / 32);    // 93.75%
  EXPECT_DOUBLE_EQ(order_interval_coverage(6, 1), 1.0 - 2.0 / 64);    // 96.875%
  EXPECT_DOUBLE_EQ(order_interval_coverage(9, 2), 1.0 - 20.0 / 512);  // 1 − 2·(1 + 9)/2⁹
  EXPECT_DOUBLE_EQ(order_interval_coverage(1, 1), 0.0);
}

TEST(MedianInterval, TakesTheNarrowestOrderStatisticsThatReachTheConfidence) {
  std::vector<CensoredValue> nine;
  for (int i = 1; i <= 9; ++i)
    nine.push_back({static_cast<double>(i)});
  const auto i9 = median_interval(nine, 0.95);  // k = 2: 96.1%; k = 3 would give 82.0%
  EXPECT_DOUBLE_EQ(i9.low.value, 2.0);
  EXPECT_DOUBLE_EQ(i9.high.value, 8.0);
  EXPECT_DOUBLE_EQ(i9.coverage, 1.0 - 20.0 / 512);

  const std::vector<CensoredValue> five = {{3.0}, {1.0}, {5.0}, {2.0}, {4.0}};
  const auto i5 = median_interval(five, 0.95);  // none reaches 95%: the min–max range
  EXPECT_DOUBLE_EQ(i5.low.value, 1.0);
  EXPECT_DOUBLE_EQ(i5.high.value, 5.0);
  EXPECT_DOUBLE_EQ(i5.coverage, 0.9375);
}

}  // namespace
}  // namespace symplex::diagnostics
