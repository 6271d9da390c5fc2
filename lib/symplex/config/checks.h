#pragma once

#include <fmt/format.h>

#include <cfloat>
#include <cmath>
#include <string>

#include "symplex/config/section.h"

namespace symplex::config {

template <class T>
Check<T> positive() {
  return
      [](const T& v) { return v > T{0} ? std::string() : fmt::format("must be > 0, got {}", v); };
}

// lo <= v <= hi
template <class T>
Check<T> between(T lo, T hi) {
  return [lo, hi](const T& v) {
    return (v >= lo && v <= hi) ? std::string()
                                : fmt::format("must be between {} and {}, got {}", lo, hi, v);
  };
}

template <class T>
Check<T> at_least(T lo) {
  return [lo](const T& v) {
    return v >= lo ? std::string() : fmt::format("must be at least {}, got {}", lo, v);
  };
}

// A positive value the runs can compute with in float32, the default dtype (points are drawn in
// float64 and converted): a t_max of 1e300 would be infinite there and fail every run.
inline Check<double> positive_float32() {
  return [](const double& v) {
    return v >= FLT_MIN && v <= FLT_MAX
               ? std::string()
               : fmt::format("must be between {} and {} (a positive float32 number), got {}",
                             FLT_MIN, FLT_MAX, v);
  };
}

// Any value float32 holds: |v| <= 3.4e38.
inline Check<double> within_float32() {
  return [](const double& v) {
    return std::abs(v) <= FLT_MAX
               ? std::string()
               : fmt::format("must be a float32 number (|v| <= {}), got {}", FLT_MAX, v);
  };
}

// The most runs one spec's grid may have. The grid is planned in memory and listed in the
// manifest; a larger one is a mistake (long lists multiplied), refused before anything is built.
inline constexpr double kMaxRunsPerSpec = 100'000;

// Records a problem at `grid` when the grid's run count (a double: the product of the lengths of
// its lists may overflow an integer) is above kMaxRunsPerSpec.
inline void check_run_count(Section& root, double runs) {
  if (runs <= kMaxRunsPerSpec) return;
  root.problem("grid", fmt::format("the grid has {:.0f} runs; a spec may have at most {:.0f} "
                                   "(split it into several specs)",
                                   runs, kMaxRunsPerSpec));
}

}  // namespace symplex::config
