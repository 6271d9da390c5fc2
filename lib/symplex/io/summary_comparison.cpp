#include "symplex/io/summary_comparison.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace symplex::io {
namespace {

FigureDifference& figure_named(std::vector<FigureDifference>& figures, const std::string& name) {
  auto it = std::find_if(figures.begin(), figures.end(),
                         [&](const FigureDifference& f) { return f.figure == name; });
  if (it == figures.end()) {
    FigureDifference figure;
    figure.figure = name;
    it = figures.insert(figures.end(), std::move(figure));
  }
  return *it;
}

void compare_figures(const RunRecord& run, const RunRecord& reference,
                     std::vector<FigureDifference>& figures) {
  std::map<std::string, double> reference_numbers;
  for (const auto& [name, value] : scalar_leaves(reference.figures)) {
    if (value.is_number()) reference_numbers[name] = value.get<double>();
  }
  for (const auto& [name, value] : scalar_leaves(run.figures)) {
    if (!value.is_number()) continue;
    auto& figure = figure_named(figures, name);
    const auto it = reference_numbers.find(name);
    const double a = value.get<double>();
    if (it == reference_numbers.end() || !std::isfinite(a) || !std::isfinite(it->second)) continue;
    const double b = it->second;
    ++figure.runs;
    if (a == b) {
      ++figure.equal;
      continue;
    }
    const double relative = std::fabs(a - b) / std::max(std::fabs(a), std::fabs(b));
    if (relative > figure.max_relative_difference) {
      figure.max_relative_difference = relative;
      figure.worst_run = run.id;
    }
  }
}

}  // namespace

SummaryComparison compare_with_reference(const std::vector<RunRecord>& sweep,
                                         const std::vector<RunRecord>& reference) {
  std::map<std::string, const RunRecord*> by_id;
  for (const auto& record : reference)
    by_id[record.id] = &record;
  SummaryComparison comparison;
  for (const auto& run : sweep) {
    const auto it = by_id.find(run.id);
    if (it == by_id.end()) {
      comparison.only_in_sweep.push_back(run.id);
      continue;
    }
    const RunRecord& twin = *it->second;
    by_id.erase(it);
    if (run.params != twin.params) {
      comparison.params_differ.push_back(run.id);
      continue;
    }
    if (run.status != twin.status) comparison.status_differs.push_back(run.id);
    compare_figures(run, twin, comparison.figures);
  }
  for (const auto& record : reference) {
    if (by_id.count(record.id)) comparison.only_in_reference.push_back(record.id);
  }
  return comparison;
}

}  // namespace symplex::io
