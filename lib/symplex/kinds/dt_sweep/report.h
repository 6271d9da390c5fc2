#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "symplex/diagnostics/ols.h"
#include "symplex/io/csv.h"
#include "symplex/io/run_record.h"
#include "symplex/kinds/dt_sweep/spec.h"

namespace symplex::kinds {

// A definition of the per-step energy change and the run figure that holds its Drift.
struct DriftDefinition {
  // same_batch | consecutive | same_batch_per_step | consecutive_per_step | integrator | damping
  std::string name;
  // drift | drift_consecutive | drift_per_step | drift_consecutive_per_step | drift_integrator |
  // drift_damping
  std::string figure;
};
const std::vector<DriftDefinition>& drift_definitions();

// A run's figure, or NaN when the run does not have it.
double figure_or_nan(const io::RunRecord& record, const std::string& name);

// The mean of a figure over runs (NaN when a run lacks it).
double mean_figure(const std::vector<const io::RunRecord*>& runs, const std::string& figure);

// The finished runs of each series (the run parameter `series`), by step size.
using RunsByStepSize = std::map<double, std::vector<const io::RunRecord*>>;
std::map<std::string, RunsByStepSize> runs_by_series(const std::vector<io::RunRecord>& records);

// One series' Drift of one figure by step size and seed: positive, finite values only.
using DriftBySeed = std::map<double, std::map<int64_t, double>>;
DriftBySeed drift_by_seed(const RunsByStepSize& runs, const std::string& figure);

// The seeds that have a value at some step size, in the order they first appear (step sizes
// ascending, seeds ascending within one).
std::vector<int64_t> seeds_of(const DriftBySeed& values);

// Seed means of the step sizes in [low, high] over the seeds `chosen` (with repetition), for the
// step sizes where at least one chosen seed has a value.
void seed_means(const DriftBySeed& values, const std::vector<int64_t>& chosen, double low,
                double high, std::vector<double>& steps, std::vector<double>& means);

// A slope of the leapfrog paper's Table 1 (docs/dt_sweep.md): OLS of log10 Drift on log10 step
// size over four step sizes, the CI from seed means (two degrees of freedom).
struct SeedClaim {
  std::string series;
  std::string band;
  double slope;
  double ci_low;  // NaN: no CI given
  double ci_high;
};
const std::vector<SeedClaim>& seed_claims();

// One OLS fit of log10 Drift on log10 step size (docs/dt_sweep.md; the leapfrog paper's Table 1).
struct DriftFit {
  std::string series;      // the optimizer, "+tf32" where TF32 was on
  std::string definition;  // a DriftDefinition name
  std::string band;        // "all", "canonical" or "wide"
  std::string fit_on;      // "per_seed" (every run a point) or "seed_means" (mean per step size)
  diagnostics::LineFit fit;
};

// Every fit with at least two distinct step sizes: for each series and each definition its runs
// have, over the whole grid and over each band that holds two or more of its step sizes, both on
// per-seed points and on seed means.
std::vector<DriftFit> drift_fits(const std::vector<io::RunRecord>& records,
                                 const DtSweepSpec& spec);

// "negative, CI excludes 0", "CI includes 0", "positive, CI excludes 0", or "no CI" (2 points).
std::string slope_verdict(const diagnostics::LineFit& fit);

// The columns of fits.csv, and one fit's row under them.
std::vector<std::string> drift_fit_columns();
std::vector<io::CsvCell> drift_fit_cells(const DriftFit& fit);

// One fit as a line of a text table, and the table's header, without line breaks.
std::string drift_fit_text_header();
std::string drift_fit_text(const DriftFit& fit);

// Writes fits.csv and steps.csv (per series and step size: drift by definition, arithmetic floor,
// at_floor, cap engagement) into the sweep folder and returns, as text, every fit, Table 1 (the
// seed's slopes beside the like-for-like seed-means fit and the per-seed fit, with a verdict
// line naming the definition and fit of each), the per-step-size table, and the drift budget
// with its eq. (6) fits (drift_budget.h).
std::string write_dt_sweep_report(const std::filesystem::path& sweep_dir,
                                  const std::vector<io::RunRecord>& records,
                                  const DtSweepSpec& spec);

}  // namespace symplex::kinds
