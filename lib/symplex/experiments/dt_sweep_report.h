#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "symplex/diagnostics/ols.h"
#include "symplex/experiments/dt_sweep_spec.h"
#include "symplex/io/csv.h"
#include "symplex/io/run_record.h"

namespace symplex::experiments {

// One OLS fit of log10 Drift on log10 step size (seed 001, Table 1).
struct DriftFit {
  std::string optimizer;
  std::string band;    // "all", "canonical" or "wide"
  std::string fit_on;  // "per_seed" (every run a point) or "seed_means" (mean drift per step size)
  diagnostics::LineFit fit;
};

// Every fit with at least two distinct step sizes: each optimizer over its whole grid and over
// each band that holds two or more of its step sizes, both on per-seed points and seed means.
std::vector<DriftFit> drift_fits(const std::vector<io::RunRecord>& records,
                                 const DtSweepSpec& spec);

// The columns of fits.csv, and one fit's row under them.
std::vector<std::string> drift_fit_columns();
std::vector<io::CsvCell> drift_fit_cells(const DriftFit& fit);

// One fit as a line of a text table, and the table's header, without line breaks.
std::string drift_fit_text_header();
std::string drift_fit_text(const DriftFit& fit);

// Writes fits.csv and cap.csv into the sweep folder and returns Table 1 (measured beside the
// seed's claims) and the cap engagement table, as text.
std::string write_dt_sweep_report(const std::filesystem::path& sweep_dir,
                                  const std::vector<io::RunRecord>& records,
                                  const DtSweepSpec& spec);

}  // namespace symplex::experiments
