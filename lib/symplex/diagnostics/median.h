#pragma once

#include <cstddef>
#include <vector>

namespace symplex::diagnostics {

// The median of the values (the mean of the middle two for an even count); NaN when empty.
double median(std::vector<double> values);

// A figure that was measured, or, when it lies below its resolution floor, only bounded: the true
// value is at most `value` (censored from above).
struct CensoredValue {
  double value;
  bool censored = false;
};

// The k-th smallest (1 ≤ k ≤ n) of the true values behind `values`. It is exact when the k-th
// smallest recorded value is measured and no censored bound lies above it; otherwise a censored
// value may hide below it, and it is an upper bound (censored).
CensoredValue order_statistic(std::vector<CensoredValue> values, size_t k);

// The median (mean of the middle two order statistics for an even count), censored when either
// of them is; NaN when empty.
CensoredValue median(const std::vector<CensoredValue>& values);

// A distribution-free confidence interval of the median from order statistics: [X(k), X(n+1−k)]
// with the largest k whose coverage 1 − 2·P(Binomial(n, ½) ≤ k − 1) reaches `confidence`. When
// no k does (n ≤ 5 for 95%), it is the min–max range (k = 1) with its smaller coverage.
struct MedianInterval {
  CensoredValue low;
  CensoredValue high;
  double coverage;
};

MedianInterval median_interval(const std::vector<CensoredValue>& values, double confidence);

// The coverage 1 − 2·P(Binomial(n, ½) ≤ k − 1) of [X(k), X(n+1−k)] for the median of a
// continuous distribution.
double order_interval_coverage(size_t n, size_t k);

}  // namespace symplex::diagnostics
