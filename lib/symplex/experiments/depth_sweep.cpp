#include "symplex/experiments/depth_sweep.h"

#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <utility>

#include "symplex/core/run_checkpoint.h"
#include "symplex/core/stop_signal.h"
#include "symplex/diagnostics/jacobian.h"
#include "symplex/experiments/depth_sweep_table.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"
#include "symplex/models/parameter_count.h"
#include "symplex/models/pinn_fields.h"
#include "symplex/models/pinn_net.h"
#include "symplex/models/width_solver.h"
#include "symplex/pde/heat.h"

namespace symplex::experiments {
namespace {

const std::vector<std::string> kSpectrumColumns = {"architecture", "depth", "seed", "stage",
                                                   "point",        "index", "sigma"};

nlohmann::json spectrum_json(const diagnostics::SpectrumSummary& s) {
  return {{"sigma_min", s.sigma_min},
          {"sigma_median", s.sigma_median},
          {"sigma_max", s.sigma_max},
          {"condition_median", s.condition_median},
          {"mean_log_abs_det", s.mean_log_abs_det}};
}

// Singular values of the trunk Jacobian at the probe points, computed on a float64 copy.
torch::Tensor trunk_singular_values(models::PinnNet& model, const torch::Tensor& probe_xt) {
  auto model64 = models::copy_pinn(model, torch::kFloat64);
  const auto h0 = model64->encode(probe_xt.to(torch::kFloat64)).detach();
  const auto jacobians = diagnostics::rowwise_jacobian(
      [&](const torch::Tensor& h) { return model64->trunk().forward(h); }, h0);
  return diagnostics::singular_values(jacobians).cpu();
}

void append_spectrum(std::vector<std::vector<io::CsvCell>>& rows, const core::RunPlan& plan,
                     const std::string& stage, const torch::Tensor& sigmas) {
  const auto s = sigmas.contiguous();
  const auto* values = s.data_ptr<double>();
  for (int64_t point = 0; point < s.size(0); ++point) {
    for (int64_t index = 0; index < s.size(1); ++index) {
      rows.push_back({plan.params["architecture"].get<std::string>(),
                      plan.params["depth"].get<int64_t>(), plan.params["seed"].get<int64_t>(),
                      stage, point, index, values[point * s.size(1) + index]});
    }
  }
}

void write_spectra(const std::filesystem::path& path,
                   const std::vector<std::vector<io::CsvCell>>& rows) {
  std::vector<io::CsvCell> header(kSpectrumColumns.begin(), kSpectrumColumns.end());
  std::string text = io::csv_line(header);
  for (const auto& row : rows)
    text += io::csv_line(row);
  io::write_file_atomic(path, text);
}

std::string short_number(double value) {
  return fmt::format("{:.2e}", value);
}

const std::vector<std::string> kMetricsColumns = {"step",     "loss",        "residual", "initial",
                                                  "boundary", "relative_l2", "seconds"};

// The training points that change during a run (when resampled), by name, for its checkpoint.
std::vector<std::pair<std::string, torch::Tensor*>> point_sets(pde::CollocationPoints& points) {
  return {{"interior_x", &points.interior_x},
          {"interior_t", &points.interior_t},
          {"initial_x", &points.initial_x},
          {"boundary_x", &points.boundary_x},
          {"boundary_t", &points.boundary_t}};
}

}  // namespace

std::vector<core::RunPlan> DepthSweep::plan() const {
  std::vector<core::RunPlan> plans;
  for (const auto& architecture : spec_.architectures) {
    for (const int64_t depth : spec_.depths) {
      const auto solved = models::solve_width(architecture, depth, spec_.param_budget);
      for (const int64_t seed : spec_.seeds) {
        core::RunPlan plan;
        plan.id = fmt::format("{}_d{:02}_s{}", architecture, depth, seed);
        plan.params = {{"architecture", architecture},
                       {"depth", depth},
                       {"seed", seed},
                       {"width", solved.width},
                       {"parameters", solved.parameters},
                       {"dtype", spec_.precision}};
        plans.push_back(std::move(plan));
      }
    }
  }
  return plans;
}

std::string DepthSweep::describe(const core::RunPlan& plan) const {
  return fmt::format("width {:>3}, {:>6} parameters (budget {})",
                     plan.params["width"].get<int64_t>(), plan.params["parameters"].get<int64_t>(),
                     spec_.param_budget);
}

std::string DepthSweep::headline(const io::RunRecord& record) const {
  const auto& f = record.figures;
  if (record.status != "finished") {
    return fmt::format("non-finite loss at step {}", record.diverged_step.value_or(-1));
  }
  return fmt::format("loss {}, rel L2 {}, trunk σ_min {} -> {}",
                     short_number(f["final_loss"].get<double>()),
                     short_number(f["relative_l2"].get<double>()),
                     short_number(f["init"]["sigma_min"].get<double>()),
                     short_number(f["trained"]["sigma_min"].get<double>()));
}

double DepthSweep::relative_cost(const core::RunPlan& plan) const {
  // Batch-sized operations per trunk layer times the width they act on: Linear + tanh on w;
  // two Linear + tanh + add on w; three shears of three operations on d = w/2. Rough, but it
  // ranks the runs as measured.
  const std::string architecture = plan.params["architecture"];
  const double width = plan.params["width"].get<double>();
  const double per_layer = architecture == "mlp"            ? 2.0 * width
                           : architecture == "residual_mlp" ? 4.0 * width
                                                            : 9.0 * width / 2.0;
  return per_layer * plan.params["depth"].get<double>();
}

core::RunOutcome DepthSweep::run(const core::RunPlan& plan, const core::RunContext& context) const {
  const auto& p = plan.params;
  const torch::Device device(context.device);
  const auto dtype = spec_.precision == "float64" ? torch::kFloat64 : torch::kFloat32;
  const auto options = torch::TensorOptions().device(device).dtype(dtype);

  torch::manual_seed(static_cast<uint64_t>(p["seed"].get<int64_t>()));
  models::PinnNet model(models::PinnNetOptions(p["architecture"].get<std::string>(),
                                               p["width"].get<int64_t>(), p["depth"].get<int64_t>())
                            .symplectic_step(spec_.symplectic_step)
                            .t_max(spec_.equation.t_max));
  model->to(device, dtype);
  const int64_t parameters = models::parameter_count(*model);
  if (parameters != p["parameters"].get<int64_t>()) {
    throw std::logic_error(fmt::format("{}: built {} parameters, the width solver counted {}",
                                       plan.id, parameters, p["parameters"].get<int64_t>()));
  }

  const auto probe_xt =
      torch::stack({torch::rand({spec_.probe_points}, torch::kFloat64),
                    torch::rand({spec_.probe_points}, torch::kFloat64) * spec_.equation.t_max},
                   1)
          .to(device);
  auto points = pde::sample_collocation(spec_.equation, spec_.collocation, options);
  std::vector<std::vector<io::CsvCell>> spectrum_rows;
  const auto sigmas_init = trunk_singular_values(model, probe_xt);
  append_spectrum(spectrum_rows, plan, "init", sigmas_init);

  const pde::Field u = models::pinn_field(model);
  const pde::Derivatives derivatives = models::pinn_derivatives(model, spec_.derivatives);
  const auto loss_of = [&] {
    return pde::heat_loss(derivatives, spec_.equation, points, spec_.initial_weight,
                          spec_.boundary_weight);
  };

  std::unique_ptr<torch::optim::Optimizer> optimizer;
  if (spec_.optimizer == "lbfgs") {
    optimizer = std::make_unique<torch::optim::LBFGS>(
        model->parameters(), torch::optim::LBFGSOptions(spec_.lr).line_search_fn("strong_wolfe"));
  } else {
    optimizer = std::make_unique<torch::optim::Adam>(model->parameters(),
                                                     torch::optim::AdamOptions(spec_.lr));
  }

  // A checkpoint holds what the steps change: the model, the optimizer, the points and the
  // generator they are drawn from. Everything before the loop is rebuilt from the seed.
  const auto metrics_csv = context.dir / "metrics.csv";
  core::RunCheckpoint checkpoint(context.dir, context.checkpoint_seconds);
  std::optional<io::CsvWriter> metrics;
  int64_t first_step = 1;
  auto start = std::chrono::steady_clock::now();
  if (auto archive = checkpoint.load()) {
    core::read_part(*archive, "model", *model);
    core::read_part(*archive, "optimizer", *optimizer);
    for (auto& [name, tensor] : point_sets(points))
      archive->read(name, *tensor, /*is_buffer=*/true);
    // Points are drawn on the CPU (pde::sample_collocation); the model's device has its own.
    core::read_generator(*archive, "cpu_generator", at::detail::getDefaultCPUGenerator());
    if (!device.is_cpu()) {
      core::read_generator(*archive, "device_generator",
                           at::globalContext().defaultGenerator(device));
    }
    const auto progress = core::read_progress(*archive);
    first_step = progress.step + 1;
    start = core::started_seconds_ago(progress.seconds);
    metrics.emplace(metrics_csv, kMetricsColumns, progress.metrics_bytes);
    spdlog::info("{}: going on after step {} from its checkpoint", plan.id, first_step - 1);
  } else {
    metrics.emplace(metrics_csv, kMetricsColumns);
  }
  const auto save_checkpoint = [&](int64_t step) {
    torch::serialize::OutputArchive archive;
    core::write_part(archive, "model", *model);
    core::write_part(archive, "optimizer", *optimizer);
    for (auto& [name, tensor] : point_sets(points))
      archive.write(name, *tensor, /*is_buffer=*/true);
    core::write_generator(archive, "cpu_generator", at::detail::getDefaultCPUGenerator());
    if (!device.is_cpu()) {
      core::write_generator(archive, "device_generator",
                            at::globalContext().defaultGenerator(device));
    }
    core::write_progress(archive, {step, core::seconds_since(start), metrics->bytes()});
    checkpoint.save(archive);
  };

  core::RunOutcome outcome;
  for (int64_t step = first_step; step <= spec_.steps; ++step) {
    if (core::stop_requested()) {
      save_checkpoint(step - 1);
      throw core::Interrupted();
    }
    if (spec_.resample_every > 0 && step > 1 && (step - 1) % spec_.resample_every == 0) {
      points = pde::sample_collocation(spec_.equation, spec_.collocation, options);
    }
    pde::HeatLoss loss;
    const auto closure = [&] {
      optimizer->zero_grad();
      loss = loss_of();
      loss.total.backward();
      return loss.total;
    };
    if (spec_.optimizer == "lbfgs") {
      optimizer->step(closure);
    } else {
      closure();
      if (std::isfinite(loss.total.item<double>())) optimizer->step();
    }
    const double value = loss.total.item<double>();
    if (!std::isfinite(value)) {
      outcome.status = "diverged";
      outcome.diverged_step = step;
      break;
    }
    if (step == 1 || step % spec_.log_every == 0 || step == spec_.steps) {
      const double seconds = core::seconds_since(start);
      metrics->add_row(
          {step, value, loss.residual.item<double>(), loss.initial.item<double>(),
           loss.boundary.item<double>(),
           pde::relative_l2_error(u, spec_.equation, spec_.test_nx, spec_.test_nt, options),
           seconds});
    }
    if (checkpoint.due() && step < spec_.steps) save_checkpoint(step);
  }

  outcome.figures["parameters_built"] = parameters;
  outcome.figures["init"] = spectrum_json(diagnostics::summarize_spectrum(sigmas_init));
  if (outcome.status == "finished") {
    const auto final_loss = loss_of();
    outcome.figures["final_loss"] = final_loss.total.item<double>();
    outcome.figures["final_residual"] = final_loss.residual.item<double>();
    outcome.figures["final_initial"] = final_loss.initial.item<double>();
    outcome.figures["final_boundary"] = final_loss.boundary.item<double>();
    outcome.figures["relative_l2"] =
        pde::relative_l2_error(u, spec_.equation, spec_.test_nx, spec_.test_nt, options);
    const auto sigmas_trained = trunk_singular_values(model, probe_xt);
    append_spectrum(spectrum_rows, plan, "trained", sigmas_trained);
    outcome.figures["trained"] = spectrum_json(diagnostics::summarize_spectrum(sigmas_trained));
  }
  write_spectra(context.dir / "spectra.csv", spectrum_rows);
  return outcome;
}

void DepthSweep::conclude(const std::filesystem::path& sweep_dir,
                          const std::vector<io::RunRecord>& records, std::ostream& out) const {
  std::vector<std::vector<io::CsvCell>> rows;
  for (const auto& record : records) {
    const auto table = io::read_csv(sweep_dir / record.id / "spectra.csv");
    for (const auto& row : table.rows)
      rows.emplace_back(row.begin(), row.end());
  }
  write_spectra(sweep_dir / "spectra.csv", rows);
  out << depth_sweep_table(records);
}

}  // namespace symplex::experiments
