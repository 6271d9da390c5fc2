#include "symplex/diagnostics/ols.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace symplex::diagnostics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Continued fraction of the regularised incomplete beta function, by the modified Lentz method.
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  d = 1.0 / (std::fabs(d) < tiny ? tiny : d);
  double result = d;
  for (int m = 1; m <= 500; ++m) {
    const double m2 = 2.0 * m;
    for (const double numerator : {m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
                                   -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0))}) {
      d = 1.0 + numerator * d;
      d = 1.0 / (std::fabs(d) < tiny ? tiny : d);
      c = 1.0 + numerator / c;
      if (std::fabs(c) < tiny) c = tiny;
      result *= d * c;
    }
    if (std::fabs(d * c - 1.0) < 1e-16) break;
  }
  return result;
}

// I_x(a, b), the regularised incomplete beta function.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_cdf(double t, double dof) {
  const double tail = 0.5 * incomplete_beta(dof / 2.0, 0.5, dof / (dof + t * t));
  return t >= 0.0 ? 1.0 - tail : tail;
}

}  // namespace

double student_t_quantile(double p, double dof) {
  if (!(p > 0.0 && p < 1.0) || !(dof >= 1.0)) {
    throw std::invalid_argument("student_t_quantile needs 0 < p < 1 and dof >= 1");
  }
  if (p < 0.5) return -student_t_quantile(1.0 - p, dof);
  double low = 0.0;
  double high = 1.0;
  while (student_t_cdf(high, dof) < p)
    high *= 2.0;
  for (int i = 0; i < 200 && high - low > 1e-15 * high; ++i) {
    const double mid = 0.5 * (low + high);
    (student_t_cdf(mid, dof) < p ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) {
    throw std::invalid_argument("fit_line needs two or more (x, y) pairs");
  }
  const double n = static_cast<double>(x.size());
  double x_mean = 0.0;
  double y_mean = 0.0;
  for (size_t i = 0; i < x.size(); ++i) {
    x_mean += x[i] / n;
    y_mean += y[i] / n;
  }
  double sxx = 0.0;
  double sxy = 0.0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - x_mean) * (x[i] - x_mean);
    sxy += (x[i] - x_mean) * (y[i] - y_mean);
  }
  if (sxx == 0.0) throw std::invalid_argument("fit_line needs at least two distinct x values");
  LineFit fit{};
  fit.points = x.size();
  fit.slope = sxy / sxx;
  fit.intercept = y_mean - fit.slope * x_mean;
  if (x.size() < 3) {
    fit.slope_standard_error = fit.slope_ci_low = fit.slope_ci_high = kNaN;
    return fit;
  }
  double residual_squares = 0.0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double r = y[i] - (fit.slope * x[i] + fit.intercept);
    residual_squares += r * r;
  }
  fit.slope_standard_error = std::sqrt(residual_squares / (n - 2.0) / sxx);
  const double t = student_t_quantile(0.975, n - 2.0);
  fit.slope_ci_low = fit.slope - t * fit.slope_standard_error;
  fit.slope_ci_high = fit.slope + t * fit.slope_standard_error;
  return fit;
}

MeanInterval mean_with_interval(const std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("mean_with_interval needs values");
  const double n = static_cast<double>(values.size());
  double mean = 0.0;
  for (const double v : values)
    mean += v / n;
  if (values.size() < 2) return {mean, kNaN};
  double squares = 0.0;
  for (const double v : values)
    squares += (v - mean) * (v - mean);
  const double standard_error = std::sqrt(squares / (n - 1.0) / n);
  return {mean, student_t_quantile(0.975, n - 1.0) * standard_error};
}

}  // namespace symplex::diagnostics
