#include "symplex/kinds/dt_sweep/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "symplex/io/atomic_file.h"
#include "symplex/kinds/dt_sweep/drift_budget.h"

namespace symplex::kinds {
namespace {

// A same-batch drift within this factor of the arithmetic floor is not resolved from round-off.
constexpr double kAtFloorFactor = 10.0;

std::string signed_number(double value) {
  return std::isnan(value) ? "n/a" : fmt::format("{:+.3f}", value);
}

std::string interval(double low, double high) {
  return std::isnan(low) ? "(no CI given)"
                         : fmt::format("[{}, {}]", signed_number(low), signed_number(high));
}

// How a measured slope stands to the seed's: whether the seed's slope lies in the measured CI,
// and whether the two CIs overlap.
std::string agreement(const diagnostics::LineFit& fit, const SeedClaim& claim) {
  if (std::isnan(fit.slope_ci_low)) return "no CI to compare";
  const bool inside = claim.slope >= fit.slope_ci_low && claim.slope <= fit.slope_ci_high;
  if (std::isnan(claim.ci_low))
    return inside ? "seed's slope inside our CI" : "seed's slope outside our CI";
  const bool overlap = claim.ci_low <= fit.slope_ci_high && fit.slope_ci_low <= claim.ci_high;
  if (inside) return "seed's slope inside our CI";
  return overlap ? "seed's slope outside our CI, the CIs overlap" : "CIs disjoint";
}

// Table 1: each seed claim beside the fits of the same series and band, every definition.
std::string table_one(const std::vector<DriftFit>& fits) {
  std::string text =
      "\nTable 1 beside the seed. The seed's CIs are OLS on seed means over four step sizes (2 "
      "dof): the like-for-like figure is our seed-means fit; our per-seed fit (n - 2 dof) is the "
      "stronger one.\n";
  for (const auto& claim : seed_claims()) {
    bool any = false;
    for (const auto& f : fits) {
      if (f.series != claim.series || f.band != claim.band) continue;
      if (!any) {
        text += fmt::format("{} {}: seed {} {}\n", claim.series, claim.band,
                            signed_number(claim.slope), interval(claim.ci_low, claim.ci_high));
        any = true;
      }
      const size_t dof = f.fit.points > 2 ? f.fit.points - 2 : 0;
      text += fmt::format(
          "  {:<21} {:<10} ({:>2} dof): {} {}  {}; {}\n", f.definition,
          f.fit_on == "seed_means" ? "seed means" : "per seed", dof, signed_number(f.fit.slope),
          std::isnan(f.fit.slope_ci_low) ? std::string("(two step sizes)")
                                         : interval(f.fit.slope_ci_low, f.fit.slope_ci_high),
          slope_verdict(f.fit), agreement(f.fit, claim));
    }
  }
  return text;
}

}  // namespace

std::map<std::string, RunsByStepSize> runs_by_series(const std::vector<io::RunRecord>& records) {
  std::map<std::string, RunsByStepSize> runs;
  for (const auto& record : records) {
    if (record.status != "finished") continue;
    runs[record.params.at("series").get<std::string>()][record.params.at("step_size").get<double>()]
        .push_back(&record);
  }
  return runs;
}

DriftBySeed drift_by_seed(const RunsByStepSize& runs, const std::string& figure) {
  DriftBySeed values;
  for (const auto& [step, step_runs] : runs) {
    for (const auto* run : step_runs) {
      const double drift = figure_or_nan(*run, figure);
      if (drift > 0.0 && std::isfinite(drift)) {
        values[step][run->params.at("seed").get<int64_t>()] = drift;
      }
    }
  }
  return values;
}

std::vector<int64_t> seeds_of(const DriftBySeed& values) {
  std::vector<int64_t> seeds;
  for (const auto& [step, by_seed] : values) {
    for (const auto& [seed, drift] : by_seed) {
      if (std::find(seeds.begin(), seeds.end(), seed) == seeds.end()) seeds.push_back(seed);
    }
  }
  return seeds;
}

void seed_means(const DriftBySeed& values, const std::vector<int64_t>& chosen, double low,
                double high, std::vector<double>& steps, std::vector<double>& means) {
  steps.clear();
  means.clear();
  for (const auto& [step, by_seed] : values) {
    if (step < low || step > high) continue;
    double sum = 0.0;
    size_t count = 0;
    for (const int64_t seed : chosen) {
      const auto it = by_seed.find(seed);
      if (it == by_seed.end()) continue;
      sum += it->second;
      ++count;
    }
    if (count == 0) continue;
    steps.push_back(step);
    means.push_back(sum / static_cast<double>(count));
  }
}

const std::vector<SeedClaim>& seed_claims() {
  static const std::vector<SeedClaim> claims = {
      {"leapfrog", "canonical", -0.080, -0.302, 0.143},
      {"leapfrog", "wide", 2.226, NAN, NAN},
      {"adamw", "all", 0.218, 0.118, 0.319},
      {"sgd", "all", 0.777, 0.767, 0.786},
  };
  return claims;
}

double mean_figure(const std::vector<const io::RunRecord*>& runs, const std::string& figure) {
  double sum = 0.0;
  for (const auto* run : runs)
    sum += figure_or_nan(*run, figure);
  return sum / static_cast<double>(runs.size());
}

double figure_or_nan(const io::RunRecord& record, const std::string& name) {
  const auto it = record.figures.find(name);
  return it == record.figures.end() || it->is_null() ? NAN : it->get<double>();
}

const std::vector<DriftDefinition>& drift_definitions() {
  static const std::vector<DriftDefinition> definitions = {
      {"same_batch", "drift"},
      {"consecutive", "drift_consecutive"},
      {"same_batch_per_step", "drift_per_step"},
      {"consecutive_per_step", "drift_consecutive_per_step"},
      // Two terms of the leapfrog's budget (drift_budget.h), so that each has its own slope.
      {"integrator", "drift_integrator"},
      {"damping", "drift_damping"},
  };
  return definitions;
}

std::vector<DriftFit> drift_fits(const std::vector<io::RunRecord>& records,
                                 const DtSweepSpec& spec) {
  const std::vector<std::pair<std::string, std::vector<double>>> bands = {
      {"all", {0.0, INFINITY}}, {"canonical", spec.canonical_band}, {"wide", spec.wide_band}};
  std::vector<DriftFit> fits;
  for (const auto& [series, by_step_size] : runs_by_series(records)) {
    for (const auto& definition : drift_definitions()) {
      for (const auto& [band, range] : bands) {
        std::vector<double> x, y, mean_x, mean_y;
        const DriftBySeed values = drift_by_seed(by_step_size, definition.figure);
        for (const auto& [step, by_seed] : values) {
          if (step < range[0] || step > range[1]) continue;
          for (const auto& [seed, drift] : by_seed) {
            x.push_back(std::log10(step));
            y.push_back(std::log10(drift));
          }
        }
        seed_means(values, seeds_of(values), range[0], range[1], mean_x, mean_y);
        for (auto& v : mean_x)
          v = std::log10(v);
        for (auto& v : mean_y)
          v = std::log10(v);
        if (mean_x.size() < 2) continue;
        fits.push_back({series, definition.name, band, "per_seed", diagnostics::fit_line(x, y)});
        fits.push_back(
            {series, definition.name, band, "seed_means", diagnostics::fit_line(mean_x, mean_y)});
      }
    }
  }
  return fits;
}

std::string slope_verdict(const diagnostics::LineFit& fit) {
  if (std::isnan(fit.slope_ci_low)) return "no CI";
  if (fit.slope_ci_high < 0.0) return "negative, CI excludes 0";
  if (fit.slope_ci_low > 0.0) return "positive, CI excludes 0";
  return "CI includes 0";
}

std::vector<std::string> drift_fit_columns() {
  return {"series", "definition", "band",    "fit_on",    "points",
          "slope",  "ci_low",     "ci_high", "intercept", "verdict"};
}

std::vector<io::CsvCell> drift_fit_cells(const DriftFit& f) {
  return {f.series,
          f.definition,
          f.band,
          f.fit_on,
          static_cast<int64_t>(f.fit.points),
          f.fit.slope,
          f.fit.slope_ci_low,
          f.fit.slope_ci_high,
          f.fit.intercept,
          slope_verdict(f.fit)};
}

std::string drift_fit_text_header() {
  return fmt::format("{:<18} {:<21} {:<10} {:<10} {:>6} {:>7} {:>17}  {:<23}", "series",
                     "definition", "band", "fit on", "points", "slope", "95% CI", "verdict");
}

std::string drift_fit_text(const DriftFit& f) {
  return fmt::format("{:<18} {:<21} {:<10} {:<10} {:>6} {:>7} {:>17}  {:<23}", f.series,
                     f.definition, f.band, f.fit_on, f.fit.points, signed_number(f.fit.slope),
                     fmt::format("[{}, {}]", signed_number(f.fit.slope_ci_low),
                                 signed_number(f.fit.slope_ci_high)),
                     slope_verdict(f.fit));
}

std::string write_dt_sweep_report(const std::filesystem::path& sweep_dir,
                                  const std::vector<io::RunRecord>& records,
                                  const DtSweepSpec& spec) {
  const auto fits = drift_fits(records, spec);
  const auto columns = drift_fit_columns();
  std::string fits_csv = io::csv_line({columns.begin(), columns.end()});
  std::string table = drift_fit_text_header() + "\n";
  for (const auto& f : fits) {
    fits_csv += io::csv_line(drift_fit_cells(f));
    table += drift_fit_text(f) + "\n";
  }
  io::write_file_atomic(sweep_dir / "fits.csv", fits_csv);
  table += table_one(fits);

  std::string steps_csv = io::csv_line({"series", "step_size", "seeds", "drift_mean",
                                        "drift_consecutive_mean", "floor_mean", "at_floor",
                                        "cap_engagement_mean", "cap_engagement_ci_half_width"});
  table += fmt::format("\n{:<18} {:>10} {:>5} {:>11} {:>12} {:>10} {:>8} {:>20}\n", "series",
                       "step size", "seeds", "drift", "consecutive", "floor", "at floor",
                       "cap engagement (95%)");
  for (const auto& [series, by_step_size] : runs_by_series(records)) {
    for (const auto& [step, runs] : by_step_size) {
      std::vector<double> caps;
      for (const auto* run : runs)
        caps.push_back(figure_or_nan(*run, "cap_engagement"));
      const auto cap = diagnostics::mean_with_interval(caps);
      const double drift = mean_figure(runs, "drift");
      const double floor = mean_figure(runs, "floor");
      const bool at_floor = drift <= kAtFloorFactor * floor;
      steps_csv += io::csv_line({series, step, static_cast<int64_t>(runs.size()), drift,
                                 mean_figure(runs, "drift_consecutive"), floor,
                                 std::isnan(floor) ? "" : (at_floor ? "true" : "false"), cap.mean,
                                 cap.half_width});
      table += fmt::format(
          "{:<18} {:>10} {:>5} {:>11.3e} {:>12.3e} {:>10.2e} {:>8} {:>13.1f}% ± {:.1f}\n", series,
          step, runs.size(), drift, mean_figure(runs, "drift_consecutive"), floor,
          std::isnan(floor) ? "-" : (at_floor ? "yes" : "no"), 100.0 * cap.mean,
          std::isnan(cap.half_width) ? 0.0 : 100.0 * cap.half_width);
    }
  }
  io::write_file_atomic(sweep_dir / "steps.csv", steps_csv);
  return table + write_drift_budget(sweep_dir, records, spec);
}

}  // namespace symplex::kinds
