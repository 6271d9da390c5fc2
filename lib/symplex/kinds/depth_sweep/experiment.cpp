#include "symplex/kinds/depth_sweep/experiment.h"

#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <optional>
#include <utility>

#include "symplex/cuda/graphed_step.h"
#include "symplex/diagnostics/jacobian.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"
#include "symplex/kinds/depth_sweep/seed_table.h"
#include "symplex/kinds/depth_sweep/table.h"
#include "symplex/kinds/depth_sweep/verdicts.h"
#include "symplex/models/dtype.h"
#include "symplex/models/parameter_count.h"
#include "symplex/models/pinn_fields.h"
#include "symplex/models/pinn_net.h"
#include "symplex/models/width_solver.h"
#include "symplex/optim/capturable_adam.h"
#include "symplex/pde/heat.h"
#include "symplex/runner/run_checkpoint.h"
#include "symplex/runner/training_loop.h"

namespace symplex::kinds {
namespace {

// Every trunk singular value with its Jacobian's resolution floor: one file per run and, once the
// sweep is concluded, one for all.
constexpr const char* kSpectraCsv = "spectra.csv";
const std::vector<std::string> kSpectrumColumns = {
    "architecture", "depth", "seed", "stage", "point", "index", "sigma", "floor", "below_floor"};

nlohmann::json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json spectrum_json(const diagnostics::SpectrumSummary& s) {
  return {{"sigma_min", s.sigma_min.value},
          {"sigma_min_censored", s.sigma_min.censored},
          {"sigma_median", s.sigma_median.value},
          {"sigma_median_censored", s.sigma_median.censored},
          {"sigma_max", s.sigma_max},
          {"condition_median", s.condition_median},
          {"condition_median_is_lower_bound", s.condition_median_is_lower_bound},
          {"below_floor", s.below_floor},
          {"mean_log_abs_det", optional_json(s.mean_log_abs_det)},
          {"mean_log_abs_det_upper_bound", optional_json(s.mean_log_abs_det_upper_bound)}};
}

// The spectrum of the trunk Jacobian at the probe points, computed on a float64 copy.
diagnostics::Spectrum trunk_spectrum(models::PinnNet& model, const torch::Tensor& probe_xt) {
  auto model64 = models::copy_pinn(model, torch::kFloat64);
  const auto h0 = model64->encode(probe_xt.to(torch::kFloat64)).detach();
  const auto jacobians = diagnostics::rowwise_jacobian(
      [&](const torch::Tensor& h) { return model64->trunk().forward(h); }, h0);
  return diagnostics::spectrum_of(jacobians);
}

void append_spectrum(std::vector<std::vector<io::CsvCell>>& rows, const runner::RunPlan& plan,
                     const std::string& stage, const diagnostics::Spectrum& spectrum) {
  const auto sigmas = spectrum.sigmas.contiguous();
  const auto floors = spectrum.floors.contiguous();
  const auto below = diagnostics::below_floor(spectrum).contiguous();
  const int64_t count = sigmas.size(1);
  for (int64_t point = 0; point < sigmas.size(0); ++point) {
    for (int64_t index = 0; index < count; ++index) {
      const int64_t at = point * count + index;
      rows.push_back(
          {plan.params["architecture"].get<std::string>(), plan.params["depth"].get<int64_t>(),
           plan.params["seed"].get<int64_t>(), stage, point, index, sigmas.data_ptr<double>()[at],
           floors.data_ptr<double>()[point], below.data_ptr<bool>()[at] ? "true" : "false"});
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

// The loss and its three terms as one tensor (total, residual, initial, boundary): what a graphed
// step leaves in place, and one transfer to the host per step.
torch::Tensor loss_terms(const pde::HeatLoss& loss) {
  return torch::stack({loss.total, loss.residual, loss.initial, loss.boundary}).detach();
}

// The training of one run: heat-equation loss on collocation points, Adam (eager or as a replayed
// CUDA graph) or L-BFGS, a row of metrics.csv every log_every steps. Its checkpoint holds what
// the steps change: the model, the optimizer, the points (when resampled) and the generators they
// are drawn from.
class HeatTraining : public runner::TrainingSteps {
 public:
  HeatTraining(const DepthSweepSpec& spec, const runner::RunContext& context,
               models::PinnNet& model, pde::CollocationPoints& points,
               const torch::TensorOptions& options)
      : spec_(spec),
        metrics_csv_(context.files.metrics_csv()),
        device_(context.device),
        model_(model),
        points_(points),
        options_(options),
        u_(models::pinn_field(model)),
        derivatives_(models::pinn_derivatives(model, spec.derivatives)) {
    if (spec.cuda_graph) {
      // A graph replays the same tensors: an Adam whose step count is on the device, gradients
      // zeroed in place, points resampled into the same storage.
      capturable_adam_.emplace(model->parameters(), optim::CapturableAdamOptions{spec.lr});
      graphed_step_.emplace(device_, [this] {
        capturable_adam_->zero_grad();
        const auto heat = loss();
        heat.total.backward();
        capturable_adam_->step();
        return loss_terms(heat);
      });
    } else if (spec.optimizer == PinnOptimizer::lbfgs) {
      optimizer_ = std::make_unique<torch::optim::LBFGS>(
          model->parameters(), torch::optim::LBFGSOptions(spec.lr).line_search_fn("strong_wolfe"));
    } else {
      optimizer_ = std::make_unique<torch::optim::Adam>(model->parameters(),
                                                        torch::optim::AdamOptions(spec.lr));
    }
  }

  pde::HeatLoss loss() const {
    return pde::heat_loss(derivatives_, spec_.equation, points_, spec_.initial_weight,
                          spec_.boundary_weight);
  }
  double relative_l2() const {
    return pde::relative_l2_error(u_, spec_.equation, spec_.test_nx, spec_.test_nt, options_);
  }

  void start() override { metrics_.emplace(metrics_csv_, kMetricsColumns); }

  void resume(torch::serialize::InputArchive& archive, uint64_t metrics_bytes) override {
    runner::read_part(archive, "model", *model_);
    if (capturable_adam_) {
      runner::read_part(archive, "optimizer", *capturable_adam_);
    } else {
      runner::read_part(archive, "optimizer", *optimizer_);
    }
    for (auto& [name, tensor] : point_sets())
      archive.read(name, *tensor, /*is_buffer=*/true);
    // Points are drawn on the CPU (pde::sample_collocation); the model's device has its own.
    runner::read_generator(archive, "cpu_generator", at::detail::getDefaultCPUGenerator());
    if (!device_.is_cpu()) {
      runner::read_generator(archive, "device_generator",
                             at::globalContext().defaultGenerator(device_));
    }
    metrics_.emplace(metrics_csv_, kMetricsColumns, metrics_bytes);
  }

  void save(torch::serialize::OutputArchive& archive) const override {
    runner::write_part(archive, "model", *model_);
    if (capturable_adam_) {
      runner::write_part(archive, "optimizer", *capturable_adam_);
    } else {
      runner::write_part(archive, "optimizer", *optimizer_);
    }
    for (auto& [name, tensor] : point_sets())
      archive.write(name, *tensor, /*is_buffer=*/true);
    runner::write_generator(archive, "cpu_generator", at::detail::getDefaultCPUGenerator());
    if (!device_.is_cpu()) {
      runner::write_generator(archive, "device_generator",
                              at::globalContext().defaultGenerator(device_));
    }
  }

  uint64_t metrics_bytes() const override { return metrics_->bytes(); }

  bool step(int64_t step, const runner::RunClock& clock) override {
    if (spec_.resample_every > 0 && step > 1 && (step - 1) % spec_.resample_every == 0) {
      // Into the same storage, which a captured graph reads.
      torch::NoGradGuard no_grad;
      auto fresh = pde::sample_collocation(spec_.equation, spec_.collocation, options_);
      const auto targets = point_sets();
      const auto sources = point_sets_of(fresh);
      for (size_t i = 0; i < targets.size(); ++i)
        targets[i].second->copy_(*sources[i].second);
    }
    const auto terms =
        (graphed_step_ ? (*graphed_step_)() : eager_step()).to(torch::kCPU, torch::kFloat64);
    const double* value = terms.data_ptr<double>();  // total, residual, initial, boundary
    if (!std::isfinite(value[0])) return false;
    if (step == 1 || step % spec_.log_every == 0 || step == spec_.steps) {
      const double seconds = clock.seconds();
      metrics_->add_row({step, value[0], value[1], value[2], value[3], relative_l2(), seconds});
    }
    return true;
  }

 private:
  // One step of Adam (skipped on a non-finite loss) or L-BFGS; the loss terms it took.
  torch::Tensor eager_step() {
    pde::HeatLoss heat;
    const auto closure = [&] {
      optimizer_->zero_grad();
      heat = loss();
      heat.total.backward();
      return heat.total;
    };
    if (spec_.optimizer == PinnOptimizer::lbfgs) {
      optimizer_->step(closure);
    } else {
      closure();
      if (std::isfinite(heat.total.item<double>())) optimizer_->step();
    }
    return loss_terms(heat);
  }

  // The training points that change during a run (when resampled), by name.
  std::vector<std::pair<std::string, torch::Tensor*>> point_sets() const {
    return point_sets_of(points_);
  }
  static std::vector<std::pair<std::string, torch::Tensor*>> point_sets_of(
      pde::CollocationPoints& points) {
    return {{"interior_x", &points.interior_x},
            {"interior_t", &points.interior_t},
            {"initial_x", &points.initial_x},
            {"boundary_x", &points.boundary_x},
            {"boundary_t", &points.boundary_t}};
  }

  const DepthSweepSpec& spec_;
  std::filesystem::path metrics_csv_;
  torch::Device device_;
  models::PinnNet& model_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;    // eager
  std::optional<optim::CapturableAdam> capturable_adam_;  // graphed
  std::optional<cuda::GraphedStep> graphed_step_;
  pde::CollocationPoints& points_;
  torch::TensorOptions options_;
  pde::Field u_;
  pde::Derivatives derivatives_;
  std::optional<io::CsvWriter> metrics_;
};

}  // namespace

std::vector<runner::RunPlan> DepthSweep::plan() const {
  std::vector<runner::RunPlan> plans;
  for (const auto architecture : spec_.architectures) {
    const std::string name = io::name_of(models::kArchitectureNames, architecture);
    for (const int64_t depth : spec_.depths) {
      const auto solved = models::solve_width(architecture, depth, spec_.param_budget);
      for (const int64_t seed : spec_.seeds) {
        runner::RunPlan plan;
        plan.id = fmt::format("{}_d{:02}_s{}", name, depth, seed);
        plan.params = {{"architecture", name},
                       {"depth", depth},
                       {"seed", seed},
                       {"width", solved.width},
                       {"parameters", solved.parameters},
                       {"dtype", io::name_of(models::kPrecisionNames, spec_.precision)}};
        plans.push_back(std::move(plan));
      }
    }
  }
  return plans;
}

std::string DepthSweep::describe(const runner::RunPlan& plan) const {
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

double DepthSweep::relative_cost(const runner::RunPlan& plan) const {
  // Batch-sized operations per trunk layer times the width they act on: Linear + tanh on w;
  // two Linear + tanh + add on w; three shears of three operations on d = w/2. Rough, but it
  // ranks the runs as measured.
  const auto architecture = runner::param_value(plan, "architecture", models::kArchitectureNames);
  const double width = plan.params["width"].get<double>();
  const double per_layer = architecture == models::Architecture::mlp            ? 2.0 * width
                           : architecture == models::Architecture::residual_mlp ? 4.0 * width
                                                                                : 9.0 * width / 2.0;
  return per_layer * plan.params["depth"].get<double>();
}

runner::RunOutcome DepthSweep::run(const runner::RunPlan& plan,
                                   const runner::RunContext& context) const {
  const auto& p = plan.params;
  const torch::Device device(context.device);
  const auto dtype = models::dtype_of(spec_.precision);
  const auto options = torch::TensorOptions().device(device).dtype(dtype);

  torch::manual_seed(static_cast<uint64_t>(p["seed"].get<int64_t>()));
  models::PinnNet model(
      models::PinnNetOptions(runner::param_value(plan, "architecture", models::kArchitectureNames),
                             p["width"].get<int64_t>(), p["depth"].get<int64_t>())
          .symplectic_step(spec_.symplectic_step)
          .box(pde::heat_box(spec_.equation)));
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
  const auto spectrum_init = trunk_spectrum(model, probe_xt);
  append_spectrum(spectrum_rows, plan, "init", spectrum_init);

  HeatTraining training(spec_, context, model, points, options);
  const auto trained = runner::train(training, spec_.steps, context, plan.id);

  auto outcome = runner::outcome_of(trained);
  outcome.figures["parameters_built"] = parameters;
  outcome.figures["init"] = spectrum_json(diagnostics::summarize_spectrum(spectrum_init));
  if (outcome.status == "finished") {
    const auto final_loss = training.loss();
    outcome.figures["final_loss"] = final_loss.total.item<double>();
    outcome.figures["final_residual"] = final_loss.residual.item<double>();
    outcome.figures["final_initial"] = final_loss.initial.item<double>();
    outcome.figures["final_boundary"] = final_loss.boundary.item<double>();
    outcome.figures["relative_l2"] = training.relative_l2();
    const auto spectrum_trained = trunk_spectrum(model, probe_xt);
    append_spectrum(spectrum_rows, plan, "trained", spectrum_trained);
    outcome.figures["trained"] = spectrum_json(diagnostics::summarize_spectrum(spectrum_trained));
  }
  write_spectra(context.files.dir / kSpectraCsv, spectrum_rows);
  return outcome;
}

void DepthSweep::conclude(const std::filesystem::path& sweep_dir,
                          const std::vector<io::RunRecord>& records, std::ostream& out) const {
  std::vector<std::vector<io::CsvCell>> rows;
  for (const auto& record : records) {
    const auto table = io::read_csv(sweep_dir / record.id / kSpectraCsv);
    for (const auto& row : table.rows)
      rows.emplace_back(row.begin(), row.end());
  }
  write_spectra(sweep_dir / kSpectraCsv, rows);
  const auto seeds = seed_rows(records);
  io::write_file_atomic(sweep_dir / "seeds.csv", seed_table_csv(seeds));
  out << depth_sweep_table(records) << "\n"
      << seed_table_text(seeds) << "\n"
      << verdicts_text(depth_sweep_verdicts(seeds));
}

std::unique_ptr<runner::Experiment> make_experiment(DepthSweepSpec spec) {
  return std::make_unique<DepthSweep>(std::move(spec));
}

}  // namespace symplex::kinds
