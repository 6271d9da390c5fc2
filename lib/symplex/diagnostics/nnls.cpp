#include "symplex/diagnostics/nnls.h"

#include <cmath>
#include <optional>
#include <stdexcept>

namespace symplex::diagnostics {
namespace {

// The least-squares solution on the columns `support` of A (normal equations, Gaussian
// elimination with partial pivoting), or nothing when those columns are linearly dependent.
std::optional<std::vector<double>> least_squares_on(const std::vector<std::vector<double>>& rows,
                                                    const std::vector<double>& b,
                                                    const std::vector<size_t>& support) {
  const size_t k = support.size();
  // Columns scaled to unit norm, so that terms of very different size (dt³ beside dt) are
  // conditioned alike; the solution is scaled back at the end.
  std::vector<double> norm(k, 0.0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < k; ++i)
      norm[i] += row[support[i]] * row[support[i]];
  }
  for (auto& n : norm) {
    n = std::sqrt(n);
    if (!(n > 0.0)) return std::nullopt;
  }
  std::vector<std::vector<double>> m(k, std::vector<double>(k + 1, 0.0));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t i = 0; i < k; ++i) {
      const double ai = rows[r][support[i]] / norm[i];
      for (size_t j = 0; j < k; ++j)
        m[i][j] += ai * rows[r][support[j]] / norm[j];
      m[i][k] += ai * b[r];
    }
  }
  for (size_t col = 0; col < k; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < k; ++r) {
      if (std::fabs(m[r][col]) > std::fabs(m[pivot][col])) pivot = r;
    }
    if (std::fabs(m[pivot][col]) < 1e-12) return std::nullopt;
    std::swap(m[col], m[pivot]);
    for (size_t r = 0; r < k; ++r) {
      if (r == col) continue;
      const double factor = m[r][col] / m[col][col];
      for (size_t c = col; c <= k; ++c)
        m[r][c] -= factor * m[col][c];
    }
  }
  std::vector<double> x(k);
  for (size_t i = 0; i < k; ++i)
    x[i] = m[i][k] / m[i][i] / norm[i];
  return x;
}

}  // namespace

NonNegativeFit non_negative_least_squares(const std::vector<std::vector<double>>& rows,
                                          const std::vector<double>& b) {
  if (rows.empty() || rows.size() != b.size()) {
    throw std::invalid_argument("non_negative_least_squares: A and b need the same rows");
  }
  const size_t columns = rows.front().size();
  if (columns == 0 || columns > 8) {
    throw std::invalid_argument("non_negative_least_squares: 1 to 8 columns");
  }
  for (const auto& row : rows) {
    if (row.size() != columns) throw std::invalid_argument("non_negative_least_squares: ragged A");
  }
  const auto residual = [&](const std::vector<double>& x) {
    double sum = 0.0;
    for (size_t r = 0; r < rows.size(); ++r) {
      double fitted = 0.0;
      for (size_t c = 0; c < columns; ++c)
        fitted += rows[r][c] * x[c];
      sum += (fitted - b[r]) * (fitted - b[r]);
    }
    return sum;
  };
  NonNegativeFit best{std::vector<double>(columns, 0.0), 0.0};
  best.residual_sum_of_squares = residual(best.coefficients);
  for (unsigned mask = 1; mask < (1u << columns); ++mask) {
    std::vector<size_t> support;
    for (size_t c = 0; c < columns; ++c) {
      if (mask & (1u << c)) support.push_back(c);
    }
    const auto solution = least_squares_on(rows, b, support);
    if (!solution) continue;
    std::vector<double> x(columns, 0.0);
    bool feasible = true;
    for (size_t i = 0; i < support.size(); ++i) {
      feasible = feasible && (*solution)[i] >= 0.0;
      x[support[i]] = (*solution)[i];
    }
    if (!feasible) continue;
    const double sum = residual(x);
    if (sum < best.residual_sum_of_squares) best = {x, sum};
  }
  return best;
}

}  // namespace symplex::diagnostics
