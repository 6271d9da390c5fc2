#include "symplex/experiments/dt_sweep_report.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::experiments {
namespace {

struct Point {
  double step_size;
  double drift;
  double cap_engagement;
};

// Finished runs with a positive drift, per optimizer.
std::map<std::string, std::vector<Point>> points_by_optimizer(
    const std::vector<io::RunRecord>& records) {
  std::map<std::string, std::vector<Point>> points;
  for (const auto& record : records) {
    if (record.status != "finished") continue;
    const double drift = record.figures.at("drift").get<double>();
    if (!(drift > 0.0)) continue;
    points[record.params.at("optimizer").get<std::string>()].push_back(
        {record.params.at("step_size").get<double>(), drift,
         record.figures.at("cap_engagement").get<double>()});
  }
  return points;
}

std::string signed_number(double value) {
  return std::isnan(value) ? "n/a" : fmt::format("{:+.3f}", value);
}

// The seed's Table 1, for the rows it has.
std::string seed_claim(const std::string& optimizer, const std::string& band) {
  if (optimizer == "leapfrog" && band == "canonical") return "-0.080 [-0.302, +0.143]";
  if (optimizer == "leapfrog" && band == "wide") return "+2.226 (no CI given)";
  if (optimizer == "adamw" && band == "all") return "+0.218 [+0.118, +0.319]";
  if (optimizer == "sgd" && band == "all") return "+0.777 [+0.767, +0.786]";
  return "-";
}

}  // namespace

std::vector<DriftFit> drift_fits(const std::vector<io::RunRecord>& records,
                                 const DtSweepSpec& spec) {
  const std::vector<std::pair<std::string, std::vector<double>>> bands = {
      {"all", {0.0, INFINITY}}, {"canonical", spec.canonical_band}, {"wide", spec.wide_band}};
  std::vector<DriftFit> fits;
  for (const auto& [optimizer, points] : points_by_optimizer(records)) {
    for (const auto& [band, range] : bands) {
      std::vector<double> x;
      std::vector<double> y;
      std::map<double, std::vector<double>> by_step;
      for (const auto& p : points) {
        if (p.step_size < range[0] || p.step_size > range[1]) continue;
        x.push_back(std::log10(p.step_size));
        y.push_back(std::log10(p.drift));
        by_step[p.step_size].push_back(p.drift);
      }
      if (by_step.size() < 2) continue;
      fits.push_back({optimizer, band, "per_seed", diagnostics::fit_line(x, y)});
      std::vector<double> mean_x;
      std::vector<double> mean_y;
      for (const auto& [step, drifts] : by_step) {
        double mean = 0.0;
        for (const double d : drifts)
          mean += d / static_cast<double>(drifts.size());
        mean_x.push_back(std::log10(step));
        mean_y.push_back(std::log10(mean));
      }
      fits.push_back({optimizer, band, "seed_means", diagnostics::fit_line(mean_x, mean_y)});
    }
  }
  return fits;
}

std::vector<std::string> drift_fit_columns() {
  return {"optimizer", "band", "fit_on", "points", "slope", "ci_low", "ci_high", "intercept"};
}

std::vector<io::CsvCell> drift_fit_cells(const DriftFit& f) {
  return {f.optimizer,
          f.band,
          f.fit_on,
          static_cast<int64_t>(f.fit.points),
          f.fit.slope,
          f.fit.slope_ci_low,
          f.fit.slope_ci_high,
          f.fit.intercept};
}

std::string drift_fit_text_header() {
  return fmt::format("{:<9} {:<10} {:<11} {:>6} {:>8} {:>20}", "optimizer", "band", "fit on",
                     "points", "slope", "95% CI");
}

std::string drift_fit_text(const DriftFit& f) {
  return fmt::format("{:<9} {:<10} {:<11} {:>6} {:>8} {:>20}", f.optimizer, f.band, f.fit_on,
                     f.fit.points, signed_number(f.fit.slope),
                     fmt::format("[{}, {}]", signed_number(f.fit.slope_ci_low),
                                 signed_number(f.fit.slope_ci_high)));
}

std::string write_dt_sweep_report(const std::filesystem::path& sweep_dir,
                                  const std::vector<io::RunRecord>& records,
                                  const DtSweepSpec& spec) {
  const auto fits = drift_fits(records, spec);
  const auto columns = drift_fit_columns();
  std::string fits_csv = io::csv_line({columns.begin(), columns.end()});
  std::string table = drift_fit_text_header() + "   seed 001 Table 1\n";
  for (const auto& f : fits) {
    fits_csv += io::csv_line(drift_fit_cells(f));
    table += drift_fit_text(f) + "   " +
             (f.fit_on == "per_seed" ? seed_claim(f.optimizer, f.band) : "") + "\n";
  }
  io::write_file_atomic(sweep_dir / "fits.csv", fits_csv);

  std::string cap_csv = io::csv_line({"optimizer", "step_size", "seeds", "drift_mean",
                                      "cap_engagement_mean", "cap_engagement_ci_half_width"});
  table += fmt::format("\n{:<9} {:>10} {:>6} {:>12} {:>22}\n", "optimizer", "step size", "seeds",
                       "drift mean", "cap engagement (95%)");
  for (const auto& [optimizer, points] : points_by_optimizer(records)) {
    std::map<double, std::vector<Point>> by_step;
    for (const auto& p : points)
      by_step[p.step_size].push_back(p);
    for (const auto& [step, group] : by_step) {
      std::vector<double> caps;
      double drift = 0.0;
      for (const auto& p : group) {
        caps.push_back(p.cap_engagement);
        drift += p.drift / static_cast<double>(group.size());
      }
      const auto cap = diagnostics::mean_with_interval(caps);
      cap_csv += io::csv_line(
          {optimizer, step, static_cast<int64_t>(group.size()), drift, cap.mean, cap.half_width});
      table += fmt::format("{:<9} {:>10} {:>6} {:>12.4e} {:>14.1f}% ± {:.1f}\n", optimizer, step,
                           group.size(), drift, 100.0 * cap.mean,
                           std::isnan(cap.half_width) ? 0.0 : 100.0 * cap.half_width);
    }
  }
  io::write_file_atomic(sweep_dir / "cap.csv", cap_csv);
  return table;
}

}  // namespace symplex::experiments
