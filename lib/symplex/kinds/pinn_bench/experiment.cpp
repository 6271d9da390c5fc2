#include "symplex/kinds/pinn_bench/experiment.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <optional>

#include "symplex/cuda/graphed_step.h"
#include "symplex/diagnostics/median.h"
#include "symplex/io/atomic_file.h"
#include "symplex/kinds/pinn_bench/report.h"
#include "symplex/models/dtype.h"
#include "symplex/models/pinn_fields.h"
#include "symplex/models/pinn_net.h"
#include "symplex/optim/capturable_adam.h"
#include "symplex/pde/heat.h"
#include "symplex/runner/plot_scripts.h"
#include "symplex/runner/run_clock.h"

namespace symplex::kinds {
namespace {

// The peak resident memory of this process since the last reset (Linux: VmHWM), in MiB; NaN
// where /proc does not say.
double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return NAN;
}

// Starts a new peak (Linux 4.0+: writing 5 to clear_refs resets VmHWM to the current RSS).
void reset_peak_rss() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

}  // namespace

std::vector<runner::RunPlan> PinnBench::plan() const {
  std::vector<runner::RunPlan> plans;
  for (const auto architecture_value : spec_.architectures) {
    const std::string architecture = io::name_of(models::kArchitectureNames, architecture_value);
    for (const auto& shape_text : spec_.shapes) {
      const auto shape = parse_trunk_shape(shape_text);
      for (const int64_t points : spec_.points) {
        for (const auto method : spec_.derivatives) {
          const std::string derivatives = io::name_of(models::kDerivativeMethodNames, method);
          for (const bool graphed : spec_.cuda_graph) {
            runner::RunPlan plan;
            plan.id = fmt::format("{}_{}_n{}_{}{}", architecture, shape_text, points, derivatives,
                                  graphed ? "_graph" : "");
            plan.params = {{"architecture", architecture},
                           {"depth", shape.depth},
                           {"width", shape.width},
                           {"points", points},
                           {"derivatives", derivatives},
                           {"cuda_graph", graphed},
                           {"dtype", io::name_of(models::kPrecisionNames, spec_.precision)}};
            plans.push_back(std::move(plan));
          }
        }
      }
    }
  }
  return plans;
}

// A graphed run warms up until its graph is captured, so that no timed step captures it.
int64_t PinnBench::warmup_steps(const runner::RunPlan& plan) const {
  return plan.params.value("cuda_graph", false)
             ? std::max<int64_t>(spec_.warmup, kGraphWarmupCalls + 1)
             : spec_.warmup;
}

std::string PinnBench::describe(const runner::RunPlan& plan) const {
  return fmt::format("{} timed {}steps after {} warm-up steps", spec_.repeats,
                     plan.params.value("cuda_graph", false) ? "CUDA-graph " : "",
                     warmup_steps(plan));
}

std::string PinnBench::headline(const io::RunRecord& record) const {
  const auto& f = record.figures;
  return fmt::format("median {:.2f} ms (min {:.2f}, max {:.2f}), peak RSS {:.0f} MiB",
                     1e3 * f.at("median").get<double>(), 1e3 * f.at("min").get<double>(),
                     1e3 * f.at("max").get<double>(), f.value("peak_rss_mib", 0.0));
}

double PinnBench::relative_cost(const runner::RunPlan& plan) const {
  const auto& p = plan.params;
  const double width = p.at("width").get<double>();
  return p.at("depth").get<double>() * width * width * p.at("points").get<double>() *
         (runner::param_value(plan, "derivatives", models::kDerivativeMethodNames) ==
                  models::DerivativeMethod::autograd
              ? 3.0
              : 1.0);
}

runner::RunOutcome PinnBench::run(const runner::RunPlan& plan,
                                  const runner::RunContext& context) const {
  const auto& p = plan.params;
  const torch::Device device(context.device);
  const auto dtype = models::dtype_of(spec_.precision);
  const auto options = torch::TensorOptions().device(device).dtype(dtype);
  torch::manual_seed(0);
  pde::HeatEquation equation;
  models::PinnNet net(
      models::PinnNetOptions(runner::param_value(plan, "architecture", models::kArchitectureNames),
                             p.at("width").get<int64_t>(), p.at("depth").get<int64_t>()));
  net->to(device, dtype);
  const int64_t n = p.at("points").get<int64_t>();
  const auto points =
      pde::sample_collocation(equation, pde::CollocationSizes{n, n / 5, n / 5}, options);
  const auto derivatives = models::pinn_derivatives(
      net, runner::param_value(plan, "derivatives", models::kDerivativeMethodNames));
  constexpr double kLr = 1e-3;
  // Eager runs step with LibTorch's Adam, as the PyTorch reference does; a graphed run needs an
  // Adam whose step count lives on the device.
  std::optional<torch::optim::Adam> adam;
  std::optional<optim::CapturableAdam> capturable_adam;
  std::optional<cuda::GraphedStep> graphed_step;
  std::function<torch::Tensor()> step;
  if (!p.value("cuda_graph", false)) {
    adam.emplace(net->parameters(), torch::optim::AdamOptions(kLr));
    step = [&] {
      adam->zero_grad();
      const auto total = pde::heat_loss(derivatives, equation, points, 1.0, 1.0).total;
      total.backward();
      adam->step();
      return total;
    };
  } else {
    capturable_adam.emplace(net->parameters(), optim::CapturableAdamOptions{kLr});
    graphed_step.emplace(
        device,
        [&] {
          capturable_adam->zero_grad();
          const auto total = pde::heat_loss(derivatives, equation, points, 1.0, 1.0).total;
          total.backward();
          capturable_adam->step();
          return total;
        },
        kGraphWarmupCalls);
    step = [&] { return (*graphed_step)(); };
  }

  double loss = 0.0;
  reset_peak_rss();
  for (int64_t i = 0; i < warmup_steps(plan); ++i)
    step();
  synchronize(device);
  std::vector<double> seconds;
  for (int64_t i = 0; i < spec_.repeats; ++i) {
    const runner::RunClock clock;
    const auto total = step();
    synchronize(device);
    seconds.push_back(clock.seconds());
    loss = total.item<double>();
  }
  runner::RunOutcome outcome;
  outcome.figures = {{"median", diagnostics::median(seconds)},
                     {"min", *std::min_element(seconds.begin(), seconds.end())},
                     {"max", *std::max_element(seconds.begin(), seconds.end())},
                     {"peak_rss_mib", peak_rss_mib()},
                     {"final_loss", loss},
                     {"device", context.device},
                     {"threads", torch::get_num_threads()}};
  return outcome;
}

// The PyTorch references timed once, when the sweep is first concluded: reference.json beside
// reference_configs.json, one entry per (Python, variant) of the spec. A later conclusion
// (symplex report, summarize) reads them back instead of timing again, so that a report never
// re-measures; new configs or references time them anew.
nlohmann::json PinnBench::reference_timings(const std::filesystem::path& sweep_dir,
                                            const std::vector<io::RunRecord>& records) const {
  const auto configs_file = sweep_dir / "reference_configs.json";
  const auto timings_file = sweep_dir / "reference.json";
  auto references = nlohmann::json::array();
  for (const auto& python : spec_.reference_pythons) {
    for (const auto variant : spec_.reference_variants)
      references.push_back(
          {{"python", python}, {"variant", io::name_of(kReferenceVariantNames, variant)}});
  }
  const auto configs = reference_configs(records);
  try {
    if (std::filesystem::is_regular_file(timings_file) &&
        nlohmann::json::parse(io::read_file(configs_file)) == configs) {
      auto cached = nlohmann::json::parse(io::read_file(timings_file));
      auto cached_references = nlohmann::json::array();
      for (const auto& timing : cached)
        cached_references.push_back(
            {{"python", timing.at("python")}, {"variant", timing.at("variant")}});
      if (cached_references == references) return cached;
    }
  } catch (const std::exception&) {
    // unreadable or of an older layout: timed again below
  }
  std::filesystem::remove(timings_file);
  io::write_file_atomic(configs_file, configs.dump(2) + "\n");
  const auto script = runner::find_script("bench_reference.py");
  const auto& figures = records.front().figures;
  auto timings = nlohmann::json::array();
  for (const auto& reference : references) {
    const auto python = reference.at("python").get<std::string>();
    try {
      if (!script) throw std::runtime_error("scripts/bench_reference.py is missing");
      auto timing = nlohmann::json::parse(runner::run_python(
          *script,
          {"--configs", configs_file.string(), "--warmup", std::to_string(spec_.warmup),
           "--repeats", std::to_string(spec_.repeats), "--threads",
           std::to_string(figures.value("threads", 1)), "--device", figures.value("device", "cpu"),
           "--variant", reference.at("variant").get<std::string>()},
          runner::source_tree_path(python).string()));
      timing["python"] = python;
      timings.push_back(std::move(timing));
    } catch (const std::exception& e) {
      spdlog::warn("no PyTorch reference under {} ({}): {}", python,
                   reference.at("variant").get<std::string>(), e.what());
      timings.push_back(
          {{"python", python}, {"variant", reference.at("variant")}, {"error", e.what()}});
    }
  }
  io::write_file_atomic(timings_file, timings.dump(2) + "\n");
  return timings;
}

void PinnBench::conclude(const std::filesystem::path& sweep_dir,
                         const std::vector<io::RunRecord>& records, std::ostream& out) const {
  const bool timed = spec_.reference && !records.empty();
  const auto references = timed ? reference_timings(sweep_dir, records) : nlohmann::json::array();
  out << write_pinn_bench_report(sweep_dir, records, references);
}

std::unique_ptr<runner::Experiment> make_experiment(PinnBenchSpec spec) {
  return std::make_unique<PinnBench>(std::move(spec));
}

}  // namespace symplex::kinds
