#include "symplex/kinds/memory_ablation/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"
#include "symplex/io/sweep_layout.h"
#include "symplex/kinds/dt_sweep/report.h"

namespace symplex::kinds {
namespace {

// The grid point of a run without its memory mode: runs with equal keys differ only in the mode.
std::string grid_point(const io::RunRecord& record) {
  auto params = record.params;
  params.erase("mode");
  return params.dump();
}

std::string mode_of(const io::RunRecord& record) {
  return record.params.at("mode").get<std::string>();
}

const std::string kUndisturbed =
    io::name_of(ablation::kMemoryModeNames, ablation::MemoryMode::undisturbed);

// A cell as a number; NaN for anything else (a damaged file).
double number(const std::string& cell) {
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  return end != cell.c_str() && *end == '\0' ? value : NAN;
}

// The larger of two differences, NaN (not known) when either is.
double larger(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
}

struct RunDifference {
  bool identical = true;
  double max_abs_delta_h = 0.0;
  double max_abs_loss = 0.0;
};

// Compares two metrics.csv files step by step. The numbers are written in their shortest exact
// form, so equal text is equal bits; "seconds" is the clock and is left out.
RunDifference compare_metrics(const io::CsvTable& reference, const io::CsvTable& other) {
  RunDifference difference;
  if (reference.columns != other.columns) {
    // Files of other layouts (another symplex version, a damaged file) are not compared cell by
    // cell: they differ, by how much is not known.
    return {false, NAN, NAN};
  }
  if (reference.rows.size() != other.rows.size()) difference.identical = false;
  const size_t seconds = reference.column("seconds");
  const size_t delta_h = reference.column("delta_h");
  const size_t loss = reference.column("loss");
  const size_t rows = std::min(reference.rows.size(), other.rows.size());
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < reference.columns.size(); ++c) {
      if (c != seconds && reference.rows[r][c] != other.rows[r][c]) difference.identical = false;
    }
    const auto gap = [&](size_t c) {
      return std::fabs(number(reference.rows[r][c]) - number(other.rows[r][c]));
    };
    difference.max_abs_delta_h = larger(difference.max_abs_delta_h, gap(delta_h));
    difference.max_abs_loss = larger(difference.max_abs_loss, gap(loss));
  }
  return difference;
}

std::string verdict(const std::vector<ModeComparison>& comparisons) {
  size_t compared = 0;
  std::string differing;
  for (const auto& c : comparisons) {
    compared += c.runs_compared;
    if (c.runs_identical == c.runs_compared) continue;
    differing +=
        fmt::format("{}{} differs in {} of {} runs (largest |ΔH difference| {:.3e})",
                    differing.empty() ? "" : "; ", c.mode, c.runs_compared - c.runs_identical,
                    c.runs_compared, c.max_abs_delta_h_difference);
  }
  if (compared == 0) return "verdict: no run has a finished default twin to compare with";
  if (!differing.empty()) return "verdict: memory layout changed the arithmetic: " + differing;
  std::string modes;
  for (const auto& c : comparisons)
    modes += (modes.empty() ? "" : " and ") + c.mode;
  return fmt::format(
      "verdict: the ΔH curves of {} equal default's bit for bit in all {} compared runs", modes,
      compared);
}

}  // namespace

std::vector<ModeComparison> compare_memory_modes(const std::filesystem::path& sweep_dir,
                                                 const std::vector<io::RunRecord>& records) {
  const io::SweepLayout layout{sweep_dir};
  std::map<std::string, const io::RunRecord*> defaults;
  for (const auto& record : records) {
    if (mode_of(record) == kUndisturbed) defaults[grid_point(record)] = &record;
  }
  std::vector<ModeComparison> comparisons;  // in the order the modes first appear
  for (const auto& record : records) {
    const std::string mode = mode_of(record);
    if (mode == kUndisturbed) continue;
    auto it = std::find_if(comparisons.begin(), comparisons.end(),
                           [&](const ModeComparison& c) { return c.mode == mode; });
    if (it == comparisons.end()) it = comparisons.insert(comparisons.end(), ModeComparison{mode});
    auto& comparison = *it;
    const auto twin = defaults.find(grid_point(record));
    if (twin == defaults.end()) continue;
    const auto difference =
        compare_metrics(io::read_csv(layout.run(twin->second->id).metrics_csv()),
                        io::read_csv(layout.run(record.id).metrics_csv()));
    const bool same_outcome = record.status == twin->second->status &&
                              record.diverged_step == twin->second->diverged_step;
    ++comparison.runs_compared;
    comparison.runs_identical += difference.identical && same_outcome ? 1 : 0;
    comparison.max_abs_delta_h_difference =
        larger(comparison.max_abs_delta_h_difference, difference.max_abs_delta_h);
    comparison.max_abs_loss_difference =
        larger(comparison.max_abs_loss_difference, difference.max_abs_loss);
    comparison.seconds_per_step += figure_or_nan(record, "seconds_per_step");
    comparison.default_seconds_per_step += figure_or_nan(*twin->second, "seconds_per_step");
  }
  for (auto& c : comparisons) {
    const double n = static_cast<double>(c.runs_compared);
    c.seconds_per_step = c.runs_compared ? c.seconds_per_step / n : NAN;
    c.default_seconds_per_step = c.runs_compared ? c.default_seconds_per_step / n : NAN;
  }
  return comparisons;
}

std::string write_memory_ablation_report(const std::filesystem::path& sweep_dir,
                                         const std::vector<io::RunRecord>& records,
                                         const MemoryAblationSpec& spec) {
  const auto comparisons = compare_memory_modes(sweep_dir, records);
  std::string ablation_csv = io::csv_line(
      {"mode", "runs_compared", "runs_identical", "max_abs_delta_h_difference",
       "max_abs_loss_difference", "seconds_per_step", "default_seconds_per_step", "time_ratio"});
  std::string text =
      fmt::format("{:<9} {:>8} {:>10} {:>14} {:>14} {:>10} {:>10}\n", "mode", "compared",
                  "identical", "max |ΔΔH|", "max |ΔL|", "s/step", "vs default");
  for (const auto& c : comparisons) {
    const double ratio = c.seconds_per_step / c.default_seconds_per_step;
    ablation_csv += io::csv_line({c.mode, static_cast<int64_t>(c.runs_compared),
                                  static_cast<int64_t>(c.runs_identical),
                                  c.max_abs_delta_h_difference, c.max_abs_loss_difference,
                                  c.seconds_per_step, c.default_seconds_per_step, ratio});
    text += fmt::format("{:<9} {:>8} {:>10} {:>14.3e} {:>14.3e} {:>10.4f} {:>9.3f}x\n", c.mode,
                        c.runs_compared, c.runs_identical, c.max_abs_delta_h_difference,
                        c.max_abs_loss_difference, c.seconds_per_step, ratio);
  }
  io::write_file_atomic(sweep_dir / "ablation.csv", ablation_csv);
  text += verdict(comparisons) + "\n\n";

  auto columns = drift_fit_columns();
  columns.insert(columns.begin(), "mode");
  std::string fits_csv = io::csv_line({columns.begin(), columns.end()});
  text += fmt::format("{:<9} {}\n", "mode", drift_fit_text_header());
  for (const auto mode_value : spec.modes) {
    const std::string mode = io::name_of(ablation::kMemoryModeNames, mode_value);
    std::vector<io::RunRecord> of_mode;
    std::copy_if(records.begin(), records.end(), std::back_inserter(of_mode),
                 [&](const io::RunRecord& r) { return mode_of(r) == mode; });
    for (const auto& fit : drift_fits(of_mode, spec.sweep)) {
      auto cells = drift_fit_cells(fit);
      cells.insert(cells.begin(), mode);
      fits_csv += io::csv_line(cells);
      text += fmt::format("{:<9} {}\n", mode, drift_fit_text(fit));
    }
  }
  io::write_file_atomic(sweep_dir / "fits.csv", fits_csv);
  return text;
}

}  // namespace symplex::kinds
