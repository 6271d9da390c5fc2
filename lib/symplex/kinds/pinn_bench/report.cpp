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
  double median = NAN, min = NAN, max = NAN, peak_rss_mib = NAN, compile_seconds = NAN;
};

Timing timing_of(const nlohmann::json& j) {
  const auto number = [&](const char* key) {
    return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : NAN;
  };
  return {number("median"), number("min"), number("max"), number("peak_rss_mib"),
          number("compile_seconds")};
}

std::string milliseconds(double seconds) {
  return std::isnan(seconds) ? "—" : fmt::format("{:.2f}", 1e3 * seconds);
}

std::string ratio(double numerator, double denominator) {
  return std::isnan(numerator) || std::isnan(denominator)
             ? "—"
             : fmt::format("{:.2f}x", numerator / denominator);
}

// One reference of the sweep: a PyTorch under one Python, in one variant.
struct Reference {
  std::string label;  // "1.13 eager": the PyTorch version's major.minor and the variant
  std::string description;
  std::string implementation;  // pytorch_eager | pytorch_compile | pytorch_cuda_graph
  std::string torch_version;
  std::map<Config, Timing> timings;
};

std::vector<Reference> references_of(const nlohmann::json& timings) {
  std::vector<Reference> references;
  for (const auto& set : timings) {
    Reference reference;
    const auto variant = set.value("variant", std::string("eager"));
    const auto python = set.value("python", std::string());
    reference.implementation = "pytorch_" + variant;
    reference.torch_version = set.value("torch_version", std::string());
    const auto torch = reference.torch_version.empty() ? std::string("PyTorch ?")
                                                       : "PyTorch " + reference.torch_version;
    if (set.contains("error")) {
      reference.label = "— " + variant;
      reference.description = fmt::format("{} {} under {}: not timed ({})", torch, variant, python,
                                          set.at("error").get<std::string>());
    } else {
      const auto second_dot =
          reference.torch_version.find('.', reference.torch_version.find('.') + 1);
      reference.label = reference.torch_version.substr(0, second_dot) + " " + variant;
      const int threads = set.value("threads", 0);
      reference.description = fmt::format("{} {} under {}, {} thread{}", torch, variant, python,
                                          threads, threads == 1 ? "" : "s");
      for (const auto& result : set.value("results", nlohmann::json::array()))
        reference.timings[config_of(result)] = timing_of(result);
    }
    references.push_back(std::move(reference));
  }
  return references;
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
                                    const nlohmann::json& reference_timings) {
  // config -> symplex implementation -> timing, in the order the configs first appear.
  std::vector<Config> order;
  std::map<Config, std::map<std::string, Timing>> timings;
  bool any_graphed = false;
  for (const auto& record : records) {
    if (record.status != "finished") continue;
    const auto config = config_of(record.params);
    if (!timings.count(config)) order.push_back(config);
    const bool graphed = record.params.value("cuda_graph", false);
    any_graphed = any_graphed || graphed;
    timings[config]["symplex_" + record.params.at("derivatives").get<std::string>() +
                    (graphed ? "_graph" : "")] = timing_of(record.figures);
  }
  const auto references = references_of(reference_timings);

  std::string csv =
      io::csv_line({"architecture", "depth", "width", "points", "dtype", "implementation",
                    "torch_version", "median_seconds", "min_seconds", "max_seconds", "peak_rss_mib",
                    "compile_seconds", "this_over_fused"});
  std::string table =
      "\nPINN training step (heat equation, one Adam step), milliseconds, median of the repeats";
  if (references.empty()) table += "; no PyTorch reference";
  for (size_t i = 0; i < references.size(); ++i)
    table += fmt::format("\n  [{}] {}", i + 1, references[i].description);
  table += fmt::format("\n{:<13} {:>5} {:>5} {:>7} {:>9} {:>9}", "architecture", "depth", "width",
                       "points", "fused", "autograd");
  if (any_graphed) table += fmt::format(" {:>11}", "fused graph");
  for (size_t i = 0; i < references.size(); ++i)
    table += fmt::format(" {:>16}", fmt::format("[{}] {}", i + 1, references[i].label));
  table += fmt::format(" {:>9}", "own/fused");
  for (size_t i = 0; i < references.size(); ++i)
    table += fmt::format(" {:>9}", fmt::format("[{}]/fused", i + 1));
  table += "\n";

  for (const auto& config : order) {
    const auto& by = timings.at(config);
    const auto get = [&](const std::string& name) {
      const auto it = by.find(name);
      return it == by.end() ? Timing{} : it->second;
    };
    const double fused = get("symplex_fused").median;
    const auto row = [&](const std::string& implementation, const std::string& torch_version,
                         const Timing& t) {
      csv += io::csv_line({std::get<0>(config), std::get<1>(config), std::get<2>(config),
                           std::get<3>(config), std::get<4>(config), implementation, torch_version,
                           io::number_or_empty(t.median), io::number_or_empty(t.min),
                           io::number_or_empty(t.max), io::number_or_empty(t.peak_rss_mib),
                           io::number_or_empty(t.compile_seconds),
                           io::number_or_empty(t.median / fused)});
    };
    for (const auto& [implementation, t] : by)
      row(implementation, "", t);
    std::vector<Timing> reference_rows;
    for (const auto& reference : references) {
      const auto it = reference.timings.find(config);
      reference_rows.push_back(it == reference.timings.end() ? Timing{} : it->second);
      if (it != reference.timings.end())
        row(reference.implementation, reference.torch_version, it->second);
    }
    table += fmt::format("{:<13} {:>5} {:>5} {:>7} {:>9} {:>9}", std::get<0>(config),
                         std::get<1>(config), std::get<2>(config), std::get<3>(config),
                         milliseconds(fused), milliseconds(get("symplex_autograd").median));
    if (any_graphed)
      table += fmt::format(" {:>11}", milliseconds(get("symplex_fused_graph").median));
    for (const auto& t : reference_rows)
      table += fmt::format(" {:>16}", milliseconds(t.median));
    table += fmt::format(" {:>9}", ratio(get("symplex_autograd").median, fused));
    for (const auto& t : reference_rows)
      table += fmt::format(" {:>9}", ratio(t.median, fused));
    table += "\n";
  }
  io::write_file_atomic(sweep_dir / "bench.csv", csv);
  return table;
}

}  // namespace symplex::kinds
