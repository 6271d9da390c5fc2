#include "symplex/kinds/dt_sweep/drift_budget.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "symplex/diagnostics/nnls.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"
#include "symplex/kinds/dt_sweep/report.h"

namespace symplex::kinds {
namespace {

constexpr std::array<const char*, 3> kTermNames = {"a", "b_sigma2", "c_gamma"};
constexpr std::array<const char*, 3> kTermLabels = {"a·dt³", "bσ²·dt²", "cγ·dt"};

double model_at(const std::array<double, 3>& coefficient, double dt) {
  double sum = 0.0;
  for (size_t k = 0; k < 3; ++k) {
    if (!std::isnan(coefficient[k]))
      sum += coefficient[k] * std::pow(dt, DriftModelFit::kExponents[k]);
  }
  return sum;
}

// Eq. (17): the non-negative a, bσ², cγ that minimise the relative residuals Σ (model/D − 1)²
// at the given step sizes; left-out terms are NaN.
std::array<double, 3> fit_relative(const std::vector<double>& steps,
                                   const std::vector<double>& drift,
                                   const std::array<bool, 3>& included) {
  std::vector<std::vector<double>> rows;
  for (size_t i = 0; i < steps.size(); ++i) {
    std::vector<double> row;
    for (size_t k = 0; k < 3; ++k) {
      if (included[k]) row.push_back(std::pow(steps[i], DriftModelFit::kExponents[k]) / drift[i]);
    }
    rows.push_back(std::move(row));
  }
  const auto solved =
      diagnostics::non_negative_least_squares(rows, std::vector<double>(steps.size(), 1.0));
  std::array<double, 3> coefficient{NAN, NAN, NAN};
  size_t column = 0;
  for (size_t k = 0; k < 3; ++k) {
    if (included[k]) coefficient[k] = solved.coefficients[column++];
  }
  return coefficient;
}

// The q-quantile of the values, linearly interpolated between order statistics.
double quantile(std::vector<double> values, double q) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

std::string number(double value) {
  return std::isnan(value) ? "-" : fmt::format("{:.3g}", value);
}

}  // namespace

std::vector<BudgetRow> drift_budget(const std::vector<io::RunRecord>& records) {
  std::vector<BudgetRow> rows;
  for (const auto& [series, by_step_size] : runs_by_series(records)) {
    for (const auto& [step, runs] : by_step_size) {
      rows.push_back({series, step, runs.size(), mean_figure(runs, "drift"),
                      mean_figure(runs, "drift_damping"), mean_figure(runs, "drift_cap"),
                      mean_figure(runs, "drift_integrator"), mean_figure(runs, "drift_noise"),
                      mean_figure(runs, "drift_consecutive")});
    }
  }
  return rows;
}

std::vector<DriftModelFit> fit_drift_model(const std::vector<io::RunRecord>& records,
                                           const DtSweepSpec& spec, size_t resamples) {
  const std::vector<std::pair<std::string, std::vector<double>>> bands = {
      {"all", {0.0, INFINITY}}, {"canonical", spec.canonical_band}, {"wide", spec.wide_band}};
  const std::vector<std::pair<std::string, std::string>> definitions = {
      {"same_batch", "drift"}, {"consecutive", "drift_consecutive"}};
  std::vector<DriftModelFit> fits;
  for (const auto& [series, by_step_size] : runs_by_series(records)) {
    const auto& first = *by_step_size.begin()->second.front();
    if (!first.params.contains("gamma")) continue;  // eq. (6) models the leapfrog
    // With γ = 0 the damping term cγ·dt is zero by construction, so it is left out.
    const std::array<bool, 3> included = {true, true, first.params.at("gamma").get<double>() > 0.0};
    for (const auto& [definition, figure] : definitions) {
      const DriftBySeed values = drift_by_seed(by_step_size, figure);
      const std::vector<int64_t> seeds = seeds_of(values);
      for (const auto& [band, range] : bands) {
        std::vector<double> steps, means;
        seed_means(values, seeds, range[0], range[1], steps, means);
        if (steps.size() < 2) continue;
        DriftModelFit fit;
        fit.series = series;
        fit.definition = definition;
        fit.band = band;
        fit.step_sizes = steps.size();
        fit.seeds = seeds.size();
        fit.coefficient = fit_relative(steps, means, included);
        double squares = 0.0;
        for (size_t i = 0; i < steps.size(); ++i) {
          const double relative = model_at(fit.coefficient, steps[i]) / means[i] - 1.0;
          squares += relative * relative;
        }
        fit.relative_rms = std::sqrt(squares / static_cast<double>(steps.size()));
        const double low = steps.front(), high = steps.back();
        fit.model_slope =
            std::log10(model_at(fit.coefficient, high) / model_at(fit.coefficient, low)) /
            std::log10(high / low);
        fit.slope_min = INFINITY;
        fit.slope_max = -INFINITY;
        for (size_t k = 0; k < 3; ++k) {
          if (!included[k]) continue;
          fit.slope_min = std::min<double>(fit.slope_min, DriftModelFit::kExponents[k]);
          fit.slope_max = std::max<double>(fit.slope_max, DriftModelFit::kExponents[k]);
        }
        for (const double dt : steps) {
          std::array<double, 3> share{NAN, NAN, NAN};
          const double total = model_at(fit.coefficient, dt);
          for (size_t k = 0; k < 3; ++k) {
            if (included[k])
              share[k] = fit.coefficient[k] * std::pow(dt, DriftModelFit::kExponents[k]) / total;
          }
          fit.shares.emplace_back(dt, share);
        }

        std::mt19937_64 generator(20261202);
        std::uniform_int_distribution<size_t> pick(0, seeds.size() - 1);
        std::array<std::vector<double>, 3> draws;
        std::vector<int64_t> chosen(seeds.size());
        std::vector<double> resampled_steps, resampled_means;
        for (size_t r = 0; r < resamples; ++r) {
          for (auto& seed : chosen)
            seed = seeds[pick(generator)];
          seed_means(values, chosen, range[0], range[1], resampled_steps, resampled_means);
          if (resampled_steps.size() < 2) continue;
          const auto coefficient = fit_relative(resampled_steps, resampled_means, included);
          for (size_t k = 0; k < 3; ++k)
            draws[k].push_back(coefficient[k]);
        }
        for (size_t k = 0; k < 3; ++k) {
          fit.ci_low[k] = included[k] ? quantile(draws[k], 0.025) : NAN;
          fit.ci_high[k] = included[k] ? quantile(draws[k], 0.975) : NAN;
        }
        fits.push_back(std::move(fit));
      }
    }
  }
  return fits;
}

std::string write_drift_budget(const std::filesystem::path& sweep_dir,
                               const std::vector<io::RunRecord>& records, const DtSweepSpec& spec) {
  std::string budget_csv = io::csv_line({"series", "step_size", "seeds", "same_batch", "damping",
                                         "cap", "integrator", "noise", "consecutive"});
  std::string text =
      "\nDrift budget (docs/dt_sweep.md eq. 16): seed means of each term's tail median |.|, "
      "nats. same batch = damping + cap + integrator step by step; noise = consecutive - same "
      "batch. Medians of parts do not add up to the median of the sum.\n";
  text +=
      fmt::format("{:<18} {:>8} {:>5} {:>11} {:>11} {:>11} {:>11} {:>11} {:>11}\n", "series", "dt",
                  "seeds", "same batch", "damping", "cap", "integrator", "noise", "consecutive");
  for (const auto& row : drift_budget(records)) {
    budget_csv +=
        io::csv_line({row.series, row.step_size, static_cast<int64_t>(row.seeds), row.same_batch,
                      row.damping, row.cap, row.integrator, row.noise, row.consecutive});
    if (std::isnan(row.damping)) continue;  // the table is the leapfrog's; budget.csv has all
    text += fmt::format(
        "{:<18} {:>8} {:>5} {:>11.3e} {:>11.3e} {:>11.3e} {:>11.3e} {:>11.3e} {:>11.3e}\n",
        row.series, row.step_size, row.seeds, row.same_batch, row.damping, row.cap, row.integrator,
        row.noise, row.consecutive);
  }
  io::write_file_atomic(sweep_dir / "budget.csv", budget_csv);

  const size_t resamples = 2000;
  const auto fits = fit_drift_model(records, spec, resamples);
  std::vector<io::CsvCell> header = {"series", "definition", "band", "step_sizes", "seeds"};
  for (const char* name : kTermNames) {
    header.insert(header.end(), {std::string(name), std::string(name) + "_ci_low",
                                 std::string(name) + "_ci_high"});
  }
  header.insert(header.end(), {"relative_rms", "model_slope", "slope_min", "slope_max"});
  std::string model_csv = io::csv_line(header);
  std::string shares_csv = io::csv_line(
      {"series", "definition", "band", "step_size", "share_a", "share_b_sigma2", "share_c_gamma"});
  text += fmt::format(
      "\nEq. 6 fitted by non-negative least squares on relative residuals (eq. 17) to the seed "
      "means at each dt; 95% CI: percentiles of {} bootstrap resamples of the seeds (with s seeds "
      "there are C(2s-1, s) distinct resamples: 10 for 3). model slope: the fitted model's "
      "log-log slope across the band; any a, b, c >= 0 gives a slope within 'range' (eq. 18).\n",
      resamples);
  text += fmt::format("{:<18} {:<11} {:<9} {:>3} {:>30} {:>30} {:>30} {:>8} {:>6} {:>8}\n",
                      "series", "definition", "band", "dt", "a [95% CI]", "bσ² [95% CI]",
                      "cγ [95% CI]", "rel. rms", "slope", "range");
  for (const auto& f : fits) {
    std::vector<io::CsvCell> cells = {f.series, f.definition, f.band,
                                      static_cast<int64_t>(f.step_sizes),
                                      static_cast<int64_t>(f.seeds)};
    std::string terms;
    for (size_t k = 0; k < 3; ++k) {
      cells.insert(cells.end(), {f.coefficient[k], f.ci_low[k], f.ci_high[k]});
      terms += fmt::format(" {:>30}", std::isnan(f.coefficient[k])
                                          ? std::string("left out (γ = 0)")
                                          : fmt::format("{} [{}, {}]", number(f.coefficient[k]),
                                                        number(f.ci_low[k]), number(f.ci_high[k])));
    }
    cells.insert(cells.end(), {f.relative_rms, f.model_slope, f.slope_min, f.slope_max});
    model_csv += io::csv_line(cells);
    text += fmt::format("{:<18} {:<11} {:<9} {:>3}{} {:>8.2f} {:>+6.2f} [{:g}, {:g}]\n", f.series,
                        f.definition, f.band, f.step_sizes, terms, f.relative_rms, f.model_slope,
                        f.slope_min, f.slope_max);
    for (const auto& [dt, share] : f.shares) {
      shares_csv +=
          io::csv_line({f.series, f.definition, f.band, dt, share[0], share[1], share[2]});
    }
  }
  io::write_file_atomic(sweep_dir / "drift_model.csv", model_csv);
  io::write_file_atomic(sweep_dir / "drift_model_shares.csv", shares_csv);

  for (const auto& f : fits) {
    if (f.band != "all") continue;
    text += fmt::format("Shares of the fitted terms, {} {} (band all), {} / {} / {}:", f.series,
                        f.definition, kTermLabels[0], kTermLabels[1], kTermLabels[2]);
    for (const auto& [dt, share] : f.shares) {
      text += fmt::format("  dt {:g}: {}/{}/{}", dt, number(share[0]), number(share[1]),
                          number(share[2]));
    }
    text += "\n";
  }
  // Eq. (18): every term of eq. (6) is a power of dt with a positive exponent, so no a, b, c ≥ 0
  // makes the model fall as dt grows.
  for (const auto& claim : seed_claims()) {
    for (const auto& f : fits) {
      if (f.series != claim.series || f.band != claim.band || f.definition != "consecutive") {
        continue;
      }
      const double high = std::isnan(claim.ci_high) ? claim.slope : claim.ci_high;
      text += fmt::format(
          "Seed's {} {} slope {:+.3f} (CI upper end {:+.3f}) against eq. 6 with a, b, c >= 0, "
          "whose slope lies in [{:g}, {:g}] at every dt: {}\n",
          claim.series, claim.band, claim.slope, high, f.slope_min, f.slope_max,
          high < f.slope_min ? "no a, b, c >= 0 produces it"
                             : "within reach of non-negative coefficients");
    }
  }
  return text;
}

}  // namespace symplex::kinds
