#include "symplex/kinds/pinn_bench/report.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <tuple>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

using Config = std::tuple<std::string, int64_t, int64_t, int64_t, std::string>;

Config config_of(const nlohmann::json& p) {
  return {p.at("architecture").get<std::string>(), p.at("depth").get<int64_t>(),
          p.at("width").get<int64_t>(), p.at("points").get<int64_t>(),
          p.at("dtype").get<std::string>()};
}

struct Timing {
  double median = NAN, min = NAN, max = NAN, peak_rss_mib = NAN;
};

Timing timing_of(const nlohmann::json& j) {
  const auto number = [&](const char* key) {
    return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : NAN;
  };
  return {number("median"), number("min"), number("max"), number("peak_rss_mib")};
}

std::string milliseconds(double seconds) {
  return std::isnan(seconds) ? "—" : fmt::format("{:.2f}", 1e3 * seconds);
}

std::string ratio(double reference, double seconds) {
  return std::isnan(reference) || std::isnan(seconds) ? "—"
                                                      : fmt::format("{:.2f}x", reference / seconds);
}

}  // namespace

nlohmann::json reference_configs(const std::vector<io::RunRecord>& records) {
  std::map<Config, bool> seen;
  auto configs = nlohmann::json::array();
  for (const auto& record : records) {
    const auto config = config_of(record.params);
    if (seen.emplace(config, true).second) {
      configs.push_back({{"architecture", std::get<0>(config)},
                         {"depth", std::get<1>(config)},
                         {"width", std::get<2>(config)},
                         {"points", std::get<3>(config)},
                         {"dtype", std::get<4>(config)}});
    }
  }
  return configs;
}

std::string write_pinn_bench_report(const std::filesystem::path& sweep_dir,
                                    const std::vector<io::RunRecord>& records,
                                    const nlohmann::json& reference) {
  // config -> implementation -> timing, in the order the configs first appear.
  std::vector<Config> order;
  std::map<Config, std::map<std::string, Timing>> timings;
  for (const auto& record : records) {
    if (record.status != "finished") continue;
    const auto config = config_of(record.params);
    if (!timings.count(config)) order.push_back(config);
    timings[config]["symplex_" + record.params.at("derivatives").get<std::string>()] =
        timing_of(record.figures);
  }
  if (reference.is_object()) {
    for (const auto& result : reference.value("results", nlohmann::json::array())) {
      const auto config = config_of(result);
      if (timings.count(config)) timings[config]["pytorch_autograd"] = timing_of(result);
    }
  }

  std::string csv = io::csv_line({"architecture", "depth", "width", "points", "dtype",
                                  "implementation", "median_seconds", "min_seconds", "max_seconds",
                                  "peak_rss_mib", "reference_over_this"});
  std::string table = fmt::format(
      "\nPINN training step (heat equation, one Adam step), milliseconds, median of the "
      "repeats{}\n{:<13} {:>5} {:>5} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
      reference.is_object()
          ? fmt::format("; PyTorch {} with {} threads", reference.value("torch_version", "?"),
                        reference.value("threads", 0))
          : "; no PyTorch reference",
      "architecture", "depth", "width", "points", "fused", "autograd", "pytorch", "py/fused",
      "py/autogr");
  for (const auto& config : order) {
    const auto& by = timings.at(config);
    const auto get = [&](const std::string& name) {
      const auto it = by.find(name);
      return it == by.end() ? Timing{} : it->second;
    };
    const double reference_median = get("pytorch_autograd").median;
    for (const auto& [implementation, t] : by) {
      csv += io::csv_line({std::get<0>(config), std::get<1>(config), std::get<2>(config),
                           std::get<3>(config), std::get<4>(config), implementation,
                           io::number_or_empty(t.median), io::number_or_empty(t.min),
                           io::number_or_empty(t.max), io::number_or_empty(t.peak_rss_mib),
                           io::number_or_empty(reference_median / t.median)});
    }
    table += fmt::format(
        "{:<13} {:>5} {:>5} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}\n", std::get<0>(config),
        std::get<1>(config), std::get<2>(config), std::get<3>(config),
        milliseconds(get("symplex_fused").median), milliseconds(get("symplex_autograd").median),
        milliseconds(reference_median), ratio(reference_median, get("symplex_fused").median),
        ratio(reference_median, get("symplex_autograd").median));
  }
  io::write_file_atomic(sweep_dir / "bench.csv", csv);
  return table;
}

}  // namespace symplex::kinds
