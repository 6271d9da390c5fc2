#include "symplex/kinds/stiffness/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "symplex/diagnostics/median.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"
#include "symplex/ode/method.h"

namespace symplex::kinds {
namespace {

std::string number(double value, const char* format = "{:.2e}") {
  return std::isnan(value) ? "-" : fmt::format(fmt::runtime(format), value);
}

std::string stability_label(ode::Method method) {
  const auto traits = ode::traits_of(method);
  if (traits.multistep) return "A, L (2-step)";
  if (traits.l_stable) return "A, L";
  return traits.a_stable ? "A" : "explicit";
}

// Median and largest of the finite values; NaN when there are none.
struct Spread {
  double median = NAN;
  double largest = NAN;
  size_t finite = 0;
};

Spread spread_of(const std::vector<double>& values) {
  std::vector<double> finite;
  for (const double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty()) return {};
  return {diagnostics::median(finite), *std::max_element(finite.begin(), finite.end()),
          finite.size()};
}

std::string methods_table(const std::vector<io::RunRecord>& records, std::string& csv) {
  csv =
      io::csv_line({"method", "stability", "slope", "slope_ci_low", "slope_ci_high", "slope_closed",
                    "r_max_error", "dr_max_error", "dr_points_at_floor", "sup_z_dr", "sup_z_dr_at",
                    "unstable_from", "end_gradient_max_error", "sum_gradient_max_error"});
  std::string text =
      fmt::format("{:<15} {:<13} {:>22} {:>7} {:>9} {:>9} {:>9} {:>10} {:>9} {:>9}\n", "method",
                  "stability", "|R'| slope [95% CI]", "closed", "R err", "R' err", "sup|zR'|",
                  "unstable", "dyN err", "Σy err");
  for (const auto& record : records) {
    if (record.params.at("part") != "closed_forms" || record.status != "finished") continue;
    const auto& f = record.figures;
    const auto name = record.params.at("method").get<std::string>();
    const auto method = io::value_of(ode::kMethodNames, name);
    const auto value = [&](const char* key) { return stiffness_number(f.at(key)); };
    csv += io::csv_line(
        {name, stability_label(method), value("slope"), io::number_or_empty(value("slope_ci_low")),
         io::number_or_empty(value("slope_ci_high")), value("slope_closed"), value("r_max_error"),
         value("dr_max_error"), f.at("dr_points_at_floor").get<int64_t>(), value("sup_z_dr"),
         value("sup_z_dr_at"), io::number_or_empty(value("unstable_from")),
         value("end_gradient_max_error"), value("sum_gradient_max_error")});
    text += fmt::format(
        "{:<15} {:<13} {:>22} {:>7} {:>9} {:>9} {:>9} {:>10} {:>9} {:>9}\n", name,
        stability_label(method),
        fmt::format("{:.4f} [{}, {}]", value("slope"), number(value("slope_ci_low"), "{:.4f}"),
                    number(value("slope_ci_high"), "{:.4f}")),
        number(value("slope_closed"), "{:.3f}"), number(value("r_max_error")),
        number(value("dr_max_error")), number(value("sup_z_dr"), "{:.3g}"),
        std::isnan(value("unstable_from")) ? std::string("-")
                                           : fmt::format("|z|>{:.3g}", value("unstable_from")),
        number(value("end_gradient_max_error")), number(value("sum_gradient_max_error")));
  }
  return text;
}

// |dy_N/dλ| per method at each power of ten of |hλ|, and the exact flow's T e^{λT} (the physics)
// in the last row.
std::string solve_table(const std::vector<io::RunRecord>& records, const StiffnessSpec& spec) {
  std::vector<std::string> decades;
  std::string exact_row = fmt::format("{:<15}", "exact flow");
  std::string rows;
  for (const auto& record : records) {
    if (record.params.at("part") != "closed_forms" || record.status != "finished") continue;
    const auto& by_decade = record.figures.at("solve_decades");
    if (decades.empty()) {
      // The keys sort as text; the columns go by |z|.
      std::vector<std::pair<double, std::string>> ordered;
      for (const auto& [key, entry] : by_decade.items())
        ordered.emplace_back(stiffness_number(entry.at("abs_z")), key);
      std::sort(ordered.begin(), ordered.end());
      for (const auto& [abs_z, key] : ordered) {
        decades.push_back(key);
        exact_row +=
            fmt::format(" {:>10.2e}", stiffness_number(by_decade.at(key).at("end_exact_flow")));
      }
    }
    rows += fmt::format("{:<15}", record.params.at("method").get<std::string>());
    for (const auto& key : decades)
      rows += fmt::format(" {:>10.2e}", std::abs(stiffness_number(by_decade.at(key).at("end"))));
    rows += "\n";
  }
  std::string header = fmt::format("{:<15}", "|hλ|");
  for (const auto& key : decades)
    header += fmt::format(" {:>10}", key.substr(1));
  return fmt::format("|dy_N/dλ| after N = {} steps to T = {:g}, y0 = 1:\n", spec.solve.steps,
                     spec.solve.horizon) +
         header + "\n" + rows + exact_row + "\n";
}

std::string learning_table(const std::vector<io::RunRecord>& records, const StiffnessSpec& spec,
                           std::string& csv) {
  // method (in the records' order) -> ratio key -> per seed figures
  std::vector<std::string> methods;
  std::map<std::string, std::map<std::string, std::vector<nlohmann::json>>> by_method;
  double gradient_error = 0.0;
  for (const auto& record : records) {
    if (record.params.at("part") != "learning" || record.status != "finished") continue;
    gradient_error =
        std::max(gradient_error, stiffness_number(record.figures.at("gradient_max_error")));
    const auto name = record.params.at("method").get<std::string>();
    if (!by_method.count(name)) methods.push_back(name);
    for (const auto& [key, entry] : record.figures.at("ratios").items())
      by_method[name][key].push_back(entry);
  }
  csv = io::csv_line({"method", "stiffness_ratio", "fast_z", "seeds", "unstable",
                      "slow_error_median", "slow_error_max", "fast_error_median", "fast_error_max",
                      "final_misfit_median", "stable_at_truth", "fast_initial_gradient_median",
                      "fast_initial_gradient_closed_median"});
  std::string header = fmt::format("{:<15}", "method");
  for (const double ratio : spec.learning.stiffness_ratios)
    header += fmt::format(" {:>19}", fmt::format("ratio {:g}", ratio));
  header += "\n";
  std::string text = "final relative error of the fast rate, median over seeds (max)\n" + header;
  std::string slow_text =
      "final relative error of the slow rate, median over seeds (max)\n" + header;
  std::string misfit_text =
      "final misfit (mean square over t_k and both modes), median over seeds. Near 0 with a large "
      "error is either another rate with the same trajectory (R' changes sign on the negative "
      "axis for RK4, SDIRK2 and Radau IIA) or a rate that did not move (the error is the start's, "
      "0.5 or 1 for a factor 2)\n" +
      header;
  std::string gradient_text =
      fmt::format("|dL/d log(-λ_fast)| at the start, median over seeds (Adam's ε is {:g})\n",
                  spec.learning.adam_eps) +
      header;
  for (const auto& name : methods) {
    std::string fast_row = fmt::format("{:<15}", name);
    std::string slow_row = fast_row, gradient_row = fast_row, misfit_row = fast_row;
    for (const double ratio : spec.learning.stiffness_ratios) {
      const auto& seeds = by_method[name][ratio_key(ratio)];
      std::vector<double> slow, fast, gradient, closed, misfit;
      int64_t unstable = 0;
      bool stable_at_truth = true;
      double fast_z = NAN;
      for (const auto& e : seeds) {
        fast_z = stiffness_number(e.at("fast_z"));
        unstable += e.at("unstable_at").get<int64_t>() >= 0 ? 1 : 0;
        stable_at_truth = stable_at_truth && e.at("stable_at_truth").get<bool>();
        misfit.push_back(stiffness_number(e.at("final_misfit")));
        slow.push_back(stiffness_number(e.at("slow_error")));
        fast.push_back(stiffness_number(e.at("fast_error")));
        gradient.push_back(std::abs(stiffness_number(e.at("fast_initial_gradient"))));
        closed.push_back(std::abs(stiffness_number(e.at("fast_initial_gradient_closed"))));
      }
      const auto s = spread_of(slow), f = spread_of(fast), g = spread_of(gradient),
                 c = spread_of(closed), r = spread_of(misfit);
      csv += io::csv_line({name, ratio, fast_z, static_cast<int64_t>(seeds.size()), unstable,
                           io::number_or_empty(s.median), io::number_or_empty(s.largest),
                           io::number_or_empty(f.median), io::number_or_empty(f.largest),
                           io::number_or_empty(r.median), stable_at_truth ? "true" : "false",
                           io::number_or_empty(g.median), io::number_or_empty(c.median)});
      const bool all_unstable = unstable == static_cast<int64_t>(seeds.size());
      const char* mark = stable_at_truth ? "" : "!";
      const auto cell = [&](const std::string& text) {
        return fmt::format(" {:>19}", all_unstable ? std::string("unstable") : text + mark);
      };
      const auto with_largest = [&](const Spread& spread) {
        return fmt::format("{} ({})", number(spread.median, "{:.1e}"),
                           number(spread.largest, "{:.1e}"));
      };
      fast_row += cell(with_largest(f));
      slow_row += cell(with_largest(s));
      misfit_row += cell(number(r.median, "{:.1e}"));
      gradient_row += cell(number(g.median, "{:.1e}"));
    }
    text += fast_row + "\n";
    slow_text += slow_row + "\n";
    misfit_text += misfit_row + "\n";
    gradient_text += gradient_row + "\n";
  }
  gradient_text += fmt::format(
      "autograd's gradients at the start against the closed form: largest relative error {:.2e} "
      "(every stable problem, both rates, every run)\n",
      gradient_error);
  return text + "\n" + slow_text + "\n" + misfit_text + "\n" + gradient_text +
         "!: a true rate is beyond the method's stability bound (|R(hλ)| > 1); unstable: "
         "the misfit was not finite for every seed\n";
}

std::string neural_table(const std::vector<io::RunRecord>& records, std::string& csv) {
  // (method, h) in the records' order -> per seed figures
  std::vector<std::pair<std::string, double>> keys;
  std::map<std::pair<std::string, double>, std::vector<const io::RunRecord*>> runs;
  for (const auto& record : records) {
    if (record.params.at("part") != "neural") continue;
    const std::pair<std::string, double> key{record.params.at("method").get<std::string>(),
                                             record.params.at("h").get<double>()};
    if (!runs.count(key)) keys.push_back(key);
    runs[key].push_back(&record);
  }
  csv = io::csv_line({"method", "h", "seeds", "diverged", "h_rho_median", "h_rho_max",
                      "layer1_gradient", "layer2_gradient", "layer3_gradient", "misfit_ratio",
                      "prefit_error"});
  std::string text = fmt::format("{:<15} {:>7} {:>9} {:>9} {:>10} {:>10} {:>10} {:>11} {:>9}\n",
                                 "method", "h", "hρ(J) med", "hρ(J) max", "|g| layer1",
                                 "|g| layer2", "|g| layer3", "misfit end", "fit err");
  for (const auto& key : keys) {
    std::vector<double> rho, rho_max, layer1, layer2, layer3, ratio, fit;
    int64_t diverged = 0;
    for (const auto* record : runs[key]) {
      const auto& f = record->figures;
      const auto value = [&](const char* name) {
        return f.contains(name) ? stiffness_number(f.at(name)) : NAN;
      };
      if (record->status != "finished") ++diverged;
      rho.push_back(value("initial_h_rho_median"));
      rho_max.push_back(value("initial_h_rho_max"));
      layer1.push_back(value("initial_layer1_gradient"));
      layer2.push_back(value("initial_layer2_gradient"));
      layer3.push_back(value("initial_layer3_gradient"));
      ratio.push_back(record->status == "finished" ? value("final_misfit") / value("initial_misfit")
                                                   : NAN);
      fit.push_back(value("prefit_error"));
    }
    const auto m = [](const std::vector<double>& v) { return spread_of(v).median; };
    csv += io::csv_line({key.first, key.second, static_cast<int64_t>(runs[key].size()), diverged,
                         io::number_or_empty(m(rho)), io::number_or_empty(m(rho_max)),
                         io::number_or_empty(m(layer1)), io::number_or_empty(m(layer2)),
                         io::number_or_empty(m(layer3)), io::number_or_empty(m(ratio)),
                         io::number_or_empty(m(fit))});
    text += fmt::format("{:<15} {:>7g} {:>9} {:>9} {:>10} {:>10} {:>10} {:>11} {:>9}\n", key.first,
                        key.second, number(m(rho), "{:.3g}"), number(m(rho_max), "{:.3g}"),
                        number(m(layer1)), number(m(layer2)), number(m(layer3)),
                        diverged == static_cast<int64_t>(runs[key].size()) ? std::string("diverged")
                                                                           : number(m(ratio)),
                        number(m(fit), "{:.1e}"));
  }
  return text;
}

}  // namespace

double stiffness_number(const nlohmann::json& value) {
  return value.is_number() ? value.get<double>() : NAN;
}

std::string write_stiffness_report(const std::filesystem::path& sweep_dir,
                                   const std::vector<io::RunRecord>& records,
                                   const StiffnessSpec& spec) {
  std::string methods_csv, learning_csv, neural_csv;
  std::string text =
      "Stability functions on z = -|z|, measured by autograd through one float64 step, against "
      "the closed forms (errors relative; R' where above 1e6 times its float64 floor). slope: d "
      "log|R'| / "
      "d log|z| for |z| >= " +
      fmt::format("{:g}", spec.stability.slope_from) +
      ", OLS with its 95% CI. dyN, Σy: autograd's dy_N/dλ and d(Σ_k y_k)/dλ through a whole "
      "solve against the closed form.\n";
  text += methods_table(records, methods_csv);
  text +=
      "unstable: the first |z| of the grid where |R| > 1. sup|zR'| is over the grid; BDF2's root "
      "has an unbounded derivative at z = -1/2, where its two roots meet, so its figure is the "
      "grid's.\n";
  text += "\n" + solve_table(records, spec);
  text += "\n" + learning_table(records, spec, learning_csv);
  text += "\nNeural field on Van der Pol (μ = " + fmt::format("{:g}", spec.neural.mu) +
          "): median over seeds at the start of training through the solver, h ρ(J_f) along the "
          "trajectory, each layer's gradient norm; misfit end: final / initial misfit; fit err: "
          "the MLP's relative error after its fit to the true g.\n";
  text += neural_table(records, neural_csv);
  io::write_file_atomic(sweep_dir / "stiffness_methods.csv", methods_csv);
  io::write_file_atomic(sweep_dir / "stiffness_learning.csv", learning_csv);
  io::write_file_atomic(sweep_dir / "stiffness_neural.csv", neural_csv);
  return text;
}

}  // namespace symplex::kinds
