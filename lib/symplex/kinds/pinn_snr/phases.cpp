#include "symplex/kinds/pinn_snr/phases.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "symplex/diagnostics/diffusion_onset.h"
#include "symplex/diagnostics/median.h"

namespace symplex::kinds {
namespace {

std::vector<double> column(const io::CsvTable& table, const std::string& name) {
  const auto at = std::find(table.columns.begin(), table.columns.end(), name);
  if (at == table.columns.end()) throw std::runtime_error("snr.csv has no column " + name);
  const auto index = static_cast<size_t>(at - table.columns.begin());
  std::vector<double> values;
  for (const auto& row : table.rows)
    values.push_back(row.at(index).empty() ? NAN : std::stod(row.at(index)));
  return values;
}

nlohmann::json step_or_null(const std::vector<double>& steps, const std::optional<size_t>& index) {
  return index ? nlohmann::json(static_cast<int64_t>(steps[*index])) : nlohmann::json(nullptr);
}

// The median of values[begin, end), clipped to the curve, without NaN (empty cells); null when
// that leaves nothing.
nlohmann::json median_of(const std::vector<double>& values, int64_t begin, int64_t end) {
  begin = std::max<int64_t>(begin, 0);
  end = std::min<int64_t>(end, static_cast<int64_t>(values.size()));
  std::vector<double> kept;
  for (int64_t i = begin; i < end; ++i)
    if (!std::isnan(values[i])) kept.push_back(values[i]);
  if (kept.empty()) return nullptr;
  return diagnostics::median(kept);
}

}  // namespace

nlohmann::json phase_figures(const io::CsvTable& snr, int64_t window) {
  const auto steps = column(snr, "step");
  const auto global = column(snr, "snr");
  const auto phases = diagnostics::diffusion_phases(global, window);
  nlohmann::json figures = {{"fitting_end_step", step_or_null(steps, phases.fitting_end)},
                            {"diffusion_minimum_step", step_or_null(steps, phases.minimum)},
                            {"onset_step", step_or_null(steps, phases.onset)},
                            {"snr_measurements", static_cast<int64_t>(steps.size())}};
  if (phases.minimum) {
    figures["snr_minimum"] = diagnostics::rolling_median(global, window)[*phases.minimum];
  }
  if (phases.onset) {
    const auto k = static_cast<int64_t>(*phases.onset);
    for (const auto& [name, key] : {std::pair<const char*, const char*>{"snr", "snr"},
                                    {"homogeneity", "homogeneity"},
                                    {"relative_l2", "relative_l2"}}) {
      const auto values = column(snr, key);
      figures[std::string(name) + "_before_onset"] = median_of(values, k - window, k);
      figures[std::string(name) + "_after_onset"] = median_of(values, k, k + window);
    }
  }
  return figures;
}

}  // namespace symplex::kinds
