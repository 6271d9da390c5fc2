#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "symplex/io/run_record.h"
#include "symplex/kinds/dt_sweep/spec.h"

namespace symplex::kinds {

// The measured budget of ΔH at one (series, step size): seed means of each term's tail median
// |·| (docs/dt_sweep.md eq. (16)), in nats. NaN where a series has no such term (the baselines
// have no damping, cap or integrator part).
struct BudgetRow {
  std::string series;
  double step_size = 0.0;
  size_t seeds = 0;
  double same_batch = 0.0, damping = 0.0, cap = 0.0, integrator = 0.0, noise = 0.0,
         consecutive = 0.0;
};
std::vector<BudgetRow> drift_budget(const std::vector<io::RunRecord>& records);

// Seed 001's eq. (6), Drift(dt) ≈ a dt³ + b σ² dt² + c γ dt, fitted to one series' seed-mean
// Drift at the step sizes of one band (docs/dt_sweep.md eqs. (17), (18)).
struct DriftModelFit {
  static constexpr std::array<int, 3> kExponents = {3, 2, 1};
  std::string series;
  std::string definition;  // same_batch | consecutive
  std::string band;        // all | canonical | wide
  size_t step_sizes = 0;
  size_t seeds = 0;
  // a, bσ², cγ by term; NaN where the term is left out (cγ dt when the series has γ = 0).
  std::array<double, 3> coefficient{}, ci_low{}, ci_high{};
  double relative_rms = 0.0;  // √(mean ((model − Drift) / Drift)²) over the step sizes
  // The model's log-log slope between the band's smallest and largest step size, and the range
  // [smallest, largest exponent of the included terms] that holds the slope of every model with
  // non-negative coefficients, at every dt.
  double model_slope = 0.0;
  double slope_min = 0.0, slope_max = 0.0;
  // Each term's share of the fitted model at each step size of the band.
  std::vector<std::pair<double, std::array<double, 3>>> shares;
};

// Every fit of eq. (6) with at least two step sizes: per series, definition and band. The CIs
// are percentiles of a bootstrap that resamples seeds (the same seeds at every step size), with
// `resamples` draws from a fixed generator, so a report is reproducible.
std::vector<DriftModelFit> fit_drift_model(const std::vector<io::RunRecord>& records,
                                           const DtSweepSpec& spec, size_t resamples = 2000);

// Writes budget.csv, drift_model.csv and drift_model_shares.csv into the sweep folder and
// returns the budget table, the fits and what they say about the seed's canonical slope, as
// text.
std::string write_drift_budget(const std::filesystem::path& sweep_dir,
                               const std::vector<io::RunRecord>& records, const DtSweepSpec& spec);

}  // namespace symplex::kinds
