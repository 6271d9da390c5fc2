#include "symplex/kinds/conservation/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "symplex/diagnostics/median.h"
#include "symplex/diagnostics/ols.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

const char* const kSymmetries[] = {"translation", "scale", "rescale"};
const char* const kPredictions[] = {"recursion", "modified_flow", "gradient_flow", "charge",
                                    "constraint"};

struct Errors {
  double median;
  double worst;
};

// (network, series, symmetry, prediction) in the records' order, and per group lr -> errors of
// each seed.
using GroupKey = std::tuple<std::string, std::string, std::string, std::string>;

std::string number(double value) {
  return std::isnan(value) ? "-" : fmt::format("{:.2e}", value);
}

}  // namespace

std::string write_conservation_report(const std::filesystem::path& sweep_dir,
                                      const std::vector<io::RunRecord>& records) {
  std::vector<GroupKey> groups;
  std::map<GroupKey, std::map<double, std::vector<Errors>>> errors;
  size_t diverged = 0;
  for (const auto& record : records) {
    if (record.status != "finished") {
      ++diverged;
      continue;
    }
    const auto& p = record.params;
    const auto network = p.at("network").get<std::string>();
    const auto series = p.at("series").get<std::string>();
    for (const char* symmetry : kSymmetries) {
      if (!record.figures.contains(symmetry)) continue;
      const auto& by_prediction = record.figures.at(symmetry);
      for (const char* prediction : kPredictions) {
        if (!by_prediction.contains(prediction)) continue;
        const auto& e = by_prediction.at(prediction);
        const GroupKey key{network, series, symmetry, prediction};
        if (!errors.count(key)) groups.push_back(key);
        errors[key][p.at("lr").get<double>()].push_back(
            {e.at("median").get<double>(), e.at("worst").get<double>()});
      }
    }
  }

  std::string table = io::csv_line(
      {"network", "series", "symmetry", "prediction", "lr", "seeds", "median", "worst"});
  std::string slopes = io::csv_line({"network", "series", "symmetry", "prediction", "slope",
                                     "slope_ci_low", "slope_ci_high", "points"});
  std::string text =
      "Relative error at the horizon t (|prediction - measured| / sum of the terms' magnitudes, "
      "per unit): median over seeds of the units' median, and (worst over seeds and units); "
      "slope: d log(error) / d log(lr) over step sizes and seeds, OLS with its 95% CI. "
      "constraint: |<g, 1>| / sum|g| or |sum ±<θ, g>| / sum|θ g|.\n";
  std::string current;
  for (const auto& key : groups) {
    const auto& [network, series, symmetry, prediction] = key;
    const auto heading = fmt::format("{} {}", network, series);
    if (heading != current) {
      text += fmt::format("\n{}\n", heading);
      current = heading;
    }
    std::string cells;
    std::vector<double> log_lr, log_error;
    for (const auto& [lr, seeds] : errors[key]) {
      std::vector<double> medians;
      double worst = 0.0;
      for (const auto& e : seeds) {
        medians.push_back(e.median);
        worst = std::max(worst, e.worst);
        if (e.median > 0.0 && std::isfinite(e.median)) {
          log_lr.push_back(std::log10(lr));
          log_error.push_back(std::log10(e.median));
        }
      }
      const double median = diagnostics::median(medians);
      table += io::csv_line({network, series, symmetry, prediction, lr,
                             static_cast<int64_t>(seeds.size()), median, worst});
      cells += fmt::format("  lr {:g}: {} ({})", lr, number(median), number(worst));
    }
    const std::set<double> distinct(log_lr.begin(), log_lr.end());
    std::string slope_text;
    if (distinct.size() >= 2) {
      const auto fit = diagnostics::fit_line(log_lr, log_error);
      slopes += io::csv_line(
          {network, series, symmetry, prediction, fit.slope, io::number_or_empty(fit.slope_ci_low),
           io::number_or_empty(fit.slope_ci_high), static_cast<int64_t>(fit.points)});
      const auto bound = [](double v) { return std::isnan(v) ? "-" : fmt::format("{:.2f}", v); };
      slope_text = fmt::format("  slope {:.2f} [{}, {}]", fit.slope, bound(fit.slope_ci_low),
                               bound(fit.slope_ci_high));
    }
    text += fmt::format("  {:<11} {:<13}{}{}\n", symmetry, prediction, cells, slope_text);
  }
  if (diverged > 0) text += fmt::format("\n{} runs diverged and are left out.\n", diverged);
  io::write_file_atomic(sweep_dir / "conservation_table.csv", table);
  io::write_file_atomic(sweep_dir / "conservation_slopes.csv", slopes);
  return text;
}

}  // namespace symplex::kinds
