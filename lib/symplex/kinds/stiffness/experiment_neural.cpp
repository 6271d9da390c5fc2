#include "symplex/kinds/stiffness/experiment_neural.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "symplex/io/csv.h"
#include "symplex/ode/stepper.h"
#include "symplex/ode/van_der_pol.h"
#include "symplex/runner/stop_signal.h"

namespace symplex::kinds {
namespace {

constexpr int64_t kLayers = 3;

// y1' = y2, y2' = μ g_θ(y): the kinematics known, the shape g of the fast component learned, its
// scale μ given, as a stiff model is nondimensionalised. The MLP sees the state centred and
// scaled to the box the trajectory lies in, and its output is scaled to g's size there.
class ScaledMlpField : public ode::VectorField {
 public:
  ScaledMlpField(torch::nn::Sequential net, double mu, torch::Tensor center, torch::Tensor width,
                 double output_scale)
      : net_(std::move(net)),
        mu_(mu),
        center_(std::move(center)),
        width_(std::move(width)),
        output_scale_(output_scale) {}

  torch::Tensor shape(const torch::Tensor& y) const {
    return output_scale_ * net_->forward((y - center_) / width_).squeeze(1);
  }
  torch::Tensor operator()(const torch::Tensor& y) const override {
    return torch::stack({y.select(1, 1), mu_ * shape(y)}, 1);
  }

 private:
  mutable torch::nn::Sequential net_;  // forward() is not const in LibTorch
  double mu_;
  torch::Tensor center_, width_;
  double output_scale_;
};

std::vector<double> layer_gradient_norms(torch::nn::Sequential& net) {
  std::vector<double> norms;
  for (const auto& module : net->children()) {
    const auto params = module->parameters();
    if (params.empty()) continue;
    double square = 0.0;
    for (const auto& p : params) {
      if (p.grad().defined()) square += p.grad().pow(2).sum().item<double>();
    }
    norms.push_back(std::sqrt(square));
  }
  return norms;
}

}  // namespace

runner::RunOutcome train_neural_field(ode::Method method, double h, int64_t seed,
                                      const StiffnessSpec& spec, const torch::Device& device,
                                      const std::filesystem::path& dir) {
  const auto& n = spec.neural;
  const auto options = torch::TensorOptions().dtype(torch::kFloat64).device(device);
  torch::manual_seed(static_cast<uint64_t>(seed));
  const ode::NewtonOptions newton{n.newton_tolerance, 50};

  const ode::VanDerPol truth(n.mu);
  const auto y0 = torch::tensor({2.0, 0.0}, options).view({1, 2});
  ode::NewtonReport reference_report;
  torch::Tensor observed;
  {
    torch::NoGradGuard no_grad;
    observed = ode::solve(truth, method, y0, h, n.steps, newton, reference_report);
  }
  // The fit's states are drawn from center ± width: the trajectory's box widened by half its size
  // on each side.
  const auto low = std::get<0>(observed.min(0)).view({1, 2});
  const auto high = std::get<0>(observed.max(0)).view({1, 2});
  const auto center = (low + high) / 2.0;
  const auto width = (high - low).clamp_min(1e-9);
  const auto scale = observed.abs().amax(std::vector<int64_t>{0, 1}).clamp_min(1e-12);

  torch::nn::Sequential net(torch::nn::Linear(2, n.hidden), torch::nn::Tanh(),
                            torch::nn::Linear(n.hidden, n.hidden), torch::nn::Tanh(),
                            torch::nn::Linear(n.hidden, 1));
  net->to(options.dtype().toScalarType());
  net->to(device);
  const auto states = center + width * (2.0 * torch::rand({1024, 2}, options) - 1.0);
  // Van der Pol's g = (1 − y1²) y2 − y1 / μ, so that y2' = μ g.
  const auto target = truth(states).select(1, 1) / n.mu;
  const double output_scale = target.abs().max().item<double>();
  const ScaledMlpField field(net, n.mu, center, width, output_scale);

  // The fit to the true g; prefit_error is its relative root mean square error on the box's states.
  torch::optim::Adam prefit(net->parameters(), torch::optim::AdamOptions(n.prefit_lr));
  const double target_square = target.pow(2).mean().item<double>();
  double prefit_error = NAN;
  for (int64_t i = 0; i <= n.prefit_iterations; ++i) {
    prefit.zero_grad();
    const auto error = (field.shape(states) - target).pow(2).mean() / target_square;
    prefit_error = std::sqrt(error.item<double>());
    if (i == n.prefit_iterations) break;
    error.backward();
    prefit.step();
  }

  io::CsvWriter log(dir / "neural.csv",
                    {"iteration", "misfit", "layer1_gradient", "layer2_gradient", "layer3_gradient",
                     "h_rho_median", "h_rho_max", "newton_iterations"});
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(n.lr));
  runner::RunOutcome outcome;
  nlohmann::json& figures = outcome.figures;
  figures = {{"part", "neural"},
             {"prefit_error", prefit_error},
             {"reference_newton_iterations", reference_report.max_iterations}};
  int newton_most = 0;
  bool newton_converged = true;
  for (int64_t iteration = 0; iteration <= n.iterations; ++iteration) {
    if (runner::stop_requested()) throw runner::Interrupted();
    adam.zero_grad();
    ode::NewtonReport report;
    const auto trajectory = ode::solve(field, method, y0, h, n.steps, newton, report);
    newton_most = std::max(newton_most, report.max_iterations);
    newton_converged = newton_converged && report.converged;
    const auto misfit = ((trajectory.slice(0, 1) - observed.slice(0, 1)) / scale).pow(2).mean();
    const double misfit_value = misfit.item<double>();
    if (!std::isfinite(misfit_value)) {
      outcome.status = "diverged";
      outcome.diverged_step = iteration;
      break;
    }
    misfit.backward();
    if (iteration % n.log_every == 0 || iteration == n.iterations) {
      const auto norms = layer_gradient_norms(net);
      const auto points = trajectory.detach().view({-1, 2});
      const auto h_rho = h * ode::spectral_radius(field.jacobian(points));
      const double h_rho_median = h_rho.median().item<double>();
      const double h_rho_max = h_rho.max().item<double>();
      log.add_row({iteration, misfit_value, norms.at(0), norms.at(1), norms.at(2), h_rho_median,
                   h_rho_max, report.max_iterations});
      // With no iterations, the start is also the end.
      for (const char* when : {"initial", "final"}) {
        if (iteration != (std::string(when) == "initial" ? 0 : n.iterations)) continue;
        figures[std::string(when) + "_misfit"] = misfit_value;
        figures[std::string(when) + "_h_rho_median"] = h_rho_median;
        figures[std::string(when) + "_h_rho_max"] = h_rho_max;
        for (int64_t l = 0; l < kLayers; ++l)
          figures[fmt::format("{}_layer{}_gradient", when, l + 1)] =
              norms.at(static_cast<size_t>(l));
      }
    }
    if (iteration == n.iterations) break;
    adam.step();
  }
  figures["newton_max_iterations"] = newton_most;
  figures["newton_converged"] = newton_converged;
  return outcome;
}

}  // namespace symplex::kinds
