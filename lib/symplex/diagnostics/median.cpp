#include "symplex/diagnostics/median.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace symplex::diagnostics {

double median(std::vector<double> values) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

CensoredValue order_statistic(std::vector<CensoredValue> values, size_t k) {
  if (k < 1 || k > values.size()) throw std::out_of_range("order_statistic: k outside 1..n");
  std::sort(values.begin(), values.end(),
            [](const CensoredValue& a, const CensoredValue& b) { return a.value < b.value; });
  CensoredValue kth = values[k - 1];
  for (const auto& v : values) {
    if (v.censored && v.value > kth.value) kth.censored = true;
  }
  return kth;
}

CensoredValue median(const std::vector<CensoredValue>& values) {
  const size_t n = values.size();
  if (n == 0) return {NAN, false};
  const auto lower = order_statistic(values, (n + 1) / 2);
  const auto upper = order_statistic(values, n / 2 + 1);
  return {0.5 * (lower.value + upper.value), lower.censored || upper.censored};
}

double order_interval_coverage(size_t n, size_t k) {
  // P(Binomial(n, ½) ≤ k − 1) = 2⁻ⁿ Σ_{j<k} C(n, j).
  double term = std::pow(0.5, static_cast<double>(n));
  double tail = 0.0;
  for (size_t j = 0; j < k; ++j) {
    tail += term;
    term *= static_cast<double>(n - j) / static_cast<double>(j + 1);
  }
  return std::max(0.0, 1.0 - 2.0 * tail);
}

MedianInterval median_interval(const std::vector<CensoredValue>& values, double confidence) {
  const size_t n = values.size();
  if (n == 0) return {{NAN, false}, {NAN, false}, 0.0};
  size_t k = 1;
  while (2 * (k + 1) <= n + 1 && order_interval_coverage(n, k + 1) >= confidence)
    ++k;
  return {order_statistic(values, k), order_statistic(values, n + 1 - k),
          order_interval_coverage(n, k)};
}

}  // namespace symplex::diagnostics
