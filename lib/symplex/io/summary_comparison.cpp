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

// The finite numbers among a run's figures, by dotted name; NaN and null count as absent.
std::map<std::string, double> finite_figures(const RunRecord& record) {
  std::map<std::string, double> numbers;
  for (const auto& [name, value] : scalar_leaves(record.figures)) {
    if (value.is_number() && std::isfinite(value.get<double>())) {
      numbers[name] = value.get<double>();
    }
  }
  return numbers;
}

void compare_figures(const RunRecord& run, const RunRecord& reference,
                     std::vector<FigureDifference>& figures) {
  const auto ours = finite_figures(run);
  const auto theirs = finite_figures(reference);
  // Every numeric figure of either side, in the order the sweep's record, then the reference's,
  // gives them.
  for (const auto* record : {&run, &reference}) {
    for (const auto& [name, value] : scalar_leaves(record->figures)) {
      if (value.is_number() || value.is_null()) figure_named(figures, name);
    }
  }
  for (auto& figure : figures) {
    const auto a = ours.find(figure.figure);
    const auto b = theirs.find(figure.figure);
    if (a == ours.end() && b == theirs.end()) continue;
    if (a == ours.end() || b == theirs.end()) {
      ++figure.unmatched;
      continue;
    }
    ++figure.runs;
    if (a->second == b->second) {
      ++figure.equal;
      continue;
    }
    const double relative =
        std::fabs(a->second - b->second) / std::max(std::fabs(a->second), std::fabs(b->second));
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
