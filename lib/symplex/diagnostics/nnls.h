#pragma once

#include <vector>

namespace symplex::diagnostics {

// Non-negative least squares: the x ≥ 0 that minimises ‖A x − b‖², for a few columns.
struct NonNegativeFit {
  std::vector<double> coefficients;  // x, one per column of A
  double residual_sum_of_squares;
};

// `rows` are the rows of A, each with the same number of columns (at most 8). Exact: an NNLS
// optimum is the unconstrained least-squares solution on its support (the Karush–Kuhn–Tucker
// conditions; Lawson and Hanson, "Solving Least Squares Problems", ch. 23), so the best
// non-negative solution over every support set is the optimum.
NonNegativeFit non_negative_least_squares(const std::vector<std::vector<double>>& rows,
                                          const std::vector<double>& b);

}  // namespace symplex::diagnostics
