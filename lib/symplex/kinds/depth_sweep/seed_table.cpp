#include "symplex/kinds/depth_sweep/seed_table.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <utility>

#include "symplex/io/csv.h"
#include "symplex/kinds/depth_sweep/figures.h"

namespace symplex::kinds {

const std::vector<SeedFigure>& seed_figures() {
  static const std::vector<SeedFigure> figures = {{"/final_loss", "loss", true},
                                                  {"/relative_l2", "rel L2", true},
                                                  {"/trained/sigma_min", "σmin trained", false}};
  return figures;
}

std::vector<SeedRow> seed_rows(const std::vector<io::RunRecord>& records) {
  using Key = std::pair<std::string, int64_t>;
  std::vector<Key> order;
  std::map<Key, size_t> diverged;
  std::map<Key, std::map<std::string, std::vector<diagnostics::CensoredValue>>> samples;
  for (const auto& record : records) {
    const Key key{record.params["architecture"].get<std::string>(),
                  record.params["depth"].get<int64_t>()};
    if (!samples.count(key)) order.push_back(key);
    auto& by_figure = samples[key];
    const bool finished = record.status == "finished";
    diverged[key] += !finished;
    for (const auto& figure : seed_figures()) {
      auto& values = by_figure[figure.pointer];
      if (finished) {
        values.push_back(censored_figure(record, figure.pointer));
      } else if (figure.diverged_counts_as_infinity) {
        values.push_back({std::numeric_limits<double>::infinity(), false});
      }
    }
  }

  std::vector<SeedRow> rows;
  for (const auto& key : order) {
    SeedRow row{key.first, key.second, diverged[key], {}};
    for (const auto& [pointer, values] : samples[key]) {
      row.figures[pointer] = {diagnostics::median(values),
                              diagnostics::median_interval(values, kSeedConfidence), values.size()};
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string seed_table_text(const std::vector<SeedRow>& rows) {
  std::string text = fmt::format(
      "Over seeds: median [interval] of each figure; the interval is [X(k), X(n+1-k)] of the n "
      "seeds, with the largest k whose coverage of the median reaches {:.0f}% (min-max when none "
      "does); '<' marks an upper bound (a σ below its resolution floor)\n",
      100 * kSeedConfidence);
  text += fmt::format("{:<13} {:>5} {:>5} {:>8}", "architecture", "depth", "seeds", "coverage");
  for (const auto& figure : seed_figures())
    text += fmt::format("  {:<36}", figure.label);
  text.erase(text.find_last_not_of(' ') + 1);
  text += "\n";
  for (const auto& row : rows) {
    const auto& first = row.figures.at(seed_figures().front().pointer);
    text += fmt::format("{:<13} {:>5} {:>5} {:>7.1f}%", row.architecture, row.depth, first.seeds,
                        100 * first.interval.coverage);
    for (const auto& figure : seed_figures()) {
      const auto& s = row.figures.at(figure.pointer);
      text +=
          fmt::format("  {:<36}", s.seeds == 0 ? "-"
                                               : fmt::format("{} [{}, {}]", censored_text(s.median),
                                                             censored_text(s.interval.low),
                                                             censored_text(s.interval.high)));
    }
    if (row.diverged > 0) text += fmt::format("  ({} diverged, counted as inf)", row.diverged);
    text.erase(text.find_last_not_of(' ') + 1);
    text += "\n";
  }
  return text;
}

std::string seed_table_csv(const std::vector<SeedRow>& rows) {
  const auto flag = [](bool censored) { return censored ? "true" : "false"; };
  std::string text =
      io::csv_line({"architecture", "depth", "figure", "seeds", "diverged", "median",
                    "median_censored", "low", "low_censored", "high", "high_censored", "coverage"});
  for (const auto& row : rows) {
    for (const auto& figure : seed_figures()) {
      const auto& s = row.figures.at(figure.pointer);
      text += io::csv_line(
          {row.architecture, row.depth, figure.pointer.substr(1), static_cast<int64_t>(s.seeds),
           static_cast<int64_t>(row.diverged), io::number_or_empty(s.median.value),
           flag(s.median.censored), io::number_or_empty(s.interval.low.value),
           flag(s.interval.low.censored), io::number_or_empty(s.interval.high.value),
           flag(s.interval.high.censored), s.interval.coverage});
    }
  }
  return text;
}

}  // namespace symplex::kinds
