#include "symplex/kinds/pinn_snr/report.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>

#include "symplex/diagnostics/median.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

constexpr double kConfidence = 0.95;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A figure of a record; +∞ for a diverged run or a missing (null) figure when `missing_is_inf`,
// else NaN (left out).
double figure_of(const io::RunRecord& record, const char* key, bool missing_is_inf) {
  const double missing = missing_is_inf ? kInfinity : NAN;
  if (record.status != "finished") return missing;
  const auto at = record.figures.find(key);
  return at == record.figures.end() || at->is_null() ? missing : at->get<double>();
}

struct OverSeeds {
  size_t seeds = 0;
  double median = NAN;
  diagnostics::MedianInterval interval{{NAN}, {NAN}, 0.0};
};

OverSeeds over_seeds(const std::vector<double>& values) {
  std::vector<diagnostics::CensoredValue> kept;
  for (const double v : values)
    if (!std::isnan(v)) kept.push_back({v, false});
  OverSeeds s;
  s.seeds = kept.size();
  if (kept.empty()) return s;
  s.median = diagnostics::median(kept).value;
  s.interval = diagnostics::median_interval(kept, kConfidence);
  return s;
}

// How a figure is printed: a value (3 digits), a step (+∞: none), or a difference of steps.
enum class Style { value, step, shift };

std::string number(double value, Style style) {
  if (std::isinf(value)) return style == Style::step ? "none" : value > 0 ? "inf" : "-inf";
  if (std::isnan(value)) return "-";
  return style == Style::value ? fmt::format("{:.3g}", value) : fmt::format("{:.0f}", value);
}

std::string cell(const OverSeeds& s, Style style) {
  if (s.seeds == 0) return "-";
  return fmt::format("{} [{}, {}]", number(s.median, style), number(s.interval.low.value, style),
                     number(s.interval.high.value, style));
}

struct Figure {
  const char* key;
  const char* label;
  bool missing_is_inf;
  Style style;
};

const Figure kFigures[] = {{"relative_l2", "final rel. L2", true, Style::value},
                           {"onset_step", "onset step", true, Style::step},
                           {"snr_before_onset", "SNR before onset", false, Style::value},
                           {"snr_after_onset", "SNR after onset", false, Style::value}};

}  // namespace

std::string write_pinn_snr_report(const std::filesystem::path& sweep_dir,
                                  const std::vector<io::RunRecord>& records) {
  // (problem, rba) -> seed -> record, in the records' order.
  std::vector<std::pair<std::string, bool>> groups;
  std::map<std::pair<std::string, bool>, std::map<int64_t, const io::RunRecord*>> by_group;
  for (const auto& record : records) {
    const std::pair<std::string, bool> key{record.params.at("problem").get<std::string>(),
                                           record.params.at("rba").get<bool>()};
    if (!by_group.count(key)) groups.push_back(key);
    by_group[key][record.params.at("seed").get<int64_t>()] = &record;
  }

  std::string csv =
      io::csv_line({"problem", "rba", "figure", "seeds", "median", "low", "high", "coverage"});
  std::string text = fmt::format(
      "Over seeds: median [interval]; the interval is [X(k), X(n+1-k)] of the n seeds with the "
      "largest k whose coverage of the median reaches {:.0f}% (min-max when none does); the "
      "coverage column is that of the seeds column, and (n=k) marks a figure over fewer seeds. A "
      "run without an onset counts as 'none' (+inf), a diverged run's rel. L2 as +inf.\n",
      100 * kConfidence);
  text += fmt::format("{:<11} {:<4} {:>5} {:>8}", "problem", "rba", "seeds", "coverage");
  for (const auto& f : kFigures)
    text += fmt::format("  {:<30}", f.label);
  text.erase(text.find_last_not_of(' ') + 1);
  text += "\n";
  for (const auto& key : groups) {
    std::vector<OverSeeds> stats;
    for (const auto& f : kFigures) {
      std::vector<double> values;
      for (const auto& [seed, record] : by_group[key])
        values.push_back(figure_of(*record, f.key, f.missing_is_inf));
      stats.push_back(over_seeds(values));
      const auto& s = stats.back();
      csv += io::csv_line({key.first, key.second ? "true" : "false", f.key,
                           static_cast<int64_t>(s.seeds), io::number_or_empty(s.median),
                           io::number_or_empty(s.interval.low.value),
                           io::number_or_empty(s.interval.high.value), s.interval.coverage});
    }
    text += fmt::format("{:<11} {:<4} {:>5} {:>7.1f}%", key.first, key.second ? "on" : "off",
                        stats.front().seeds, 100 * stats.front().interval.coverage);
    // A figure that not every seed has (no onset) says over how many seeds it is.
    for (size_t i = 0; i < stats.size(); ++i) {
      const bool fewer = stats[i].seeds != 0 && stats[i].seeds != stats.front().seeds;
      text += fmt::format("  {:<30}", cell(stats[i], kFigures[i].style) +
                                          (fewer ? fmt::format(" (n={})", stats[i].seeds) : ""));
    }
    text.erase(text.find_last_not_of(' ') + 1);
    text += "\n";
  }

  std::string paired;
  for (const auto& key : groups) {
    if (!key.second || !by_group.count({key.first, false})) continue;
    const auto& with = by_group[key];
    const auto& without = by_group[{key.first, false}];
    std::vector<double> ratios, shifts;
    for (const auto& [seed, record] : with) {
      const auto other = without.find(seed);
      if (other == without.end()) continue;
      ratios.push_back(figure_of(*record, "relative_l2", true) /
                       figure_of(*other->second, "relative_l2", true));
      shifts.push_back(figure_of(*record, "onset_step", true) -
                       figure_of(*other->second, "onset_step", true));
    }
    const auto ratio = over_seeds(ratios);
    const auto shift = over_seeds(shifts);
    paired += fmt::format("{:<11} {:>5}  {:<30}  {}\n", key.first, ratio.seeds,
                          cell(ratio, Style::value), cell(shift, Style::shift));
    csv += io::csv_line({key.first, "paired", "relative_l2_ratio",
                         static_cast<int64_t>(ratio.seeds), io::number_or_empty(ratio.median),
                         io::number_or_empty(ratio.interval.low.value),
                         io::number_or_empty(ratio.interval.high.value), ratio.interval.coverage});
    csv += io::csv_line({key.first, "paired", "onset_shift", static_cast<int64_t>(shift.seeds),
                         io::number_or_empty(shift.median),
                         io::number_or_empty(shift.interval.low.value),
                         io::number_or_empty(shift.interval.high.value), shift.interval.coverage});
  }
  if (!paired.empty()) {
    text += fmt::format(
        "\nRBA against plain, paired by seed (a shift is left out where both runs have no onset; "
        "-inf: only the RBA run has one):\n{:<11} "
        "{:>5}  {:<30}  {}\n{}",
        "problem", "pairs", "rel. L2 ratio rba/plain", "onset shift rba - plain (steps)", paired);
  }
  io::write_file_atomic(sweep_dir / "pinn_snr_table.csv", csv);
  return text;
}

}  // namespace symplex::kinds
