#pragma once

#include <cstddef>
#include <vector>

namespace symplex::diagnostics {

// The p-quantile of Student's t distribution with `dof` degrees of freedom (dof >= 1).
double student_t_quantile(double p, double dof);

// Ordinary least squares y = slope·x + intercept, with the 95% confidence interval of the slope
// from Student's t with n − 2 degrees of freedom (NaN bounds when n < 3).
struct LineFit {
  double slope;
  double intercept;
  double slope_standard_error;
  double slope_ci_low;
  double slope_ci_high;
  size_t points;
};

LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y);

// Mean and the half-width of its 95% confidence interval (Student's t, n − 1 dof; NaN for n < 2).
struct MeanInterval {
  double mean;
  double half_width;
};

MeanInterval mean_with_interval(const std::vector<double>& values);

}  // namespace symplex::diagnostics
