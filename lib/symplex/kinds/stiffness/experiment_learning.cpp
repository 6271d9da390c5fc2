#include "symplex/kinds/stiffness/experiment_learning.h"

#include <ATen/CPUGeneratorImpl.h>

#include <fmt/format.h>

#include <cmath>

#include "symplex/io/csv.h"
#include "symplex/ode/stability_closed_form.h"
#include "symplex/ode/stepper.h"
#include "symplex/runner/stop_signal.h"

namespace symplex::kinds {
namespace {

constexpr int64_t kModes = 2;  // slow, fast
const char* const kModeNames[kModes] = {"slow", "fast"};

torch::Tensor trajectory_of(ode::Method method, const torch::Tensor& log_rates,
                            const torch::Tensor& y0, const StiffLearning& learning) {
  ode::NewtonReport report;
  return ode::solve(ode::LinearField(torch::diag_embed(-torch::exp(log_rates))), method, y0,
                    learning.step, learning.steps, {}, report);
}

// Mean square misfit per problem over t_1..t_N and both modes: [problems].
torch::Tensor misfit(const torch::Tensor& trajectory, const torch::Tensor& observed) {
  return (trajectory.slice(0, 1) - observed.slice(0, 1)).pow(2).mean(std::vector<int64_t>{0, 2});
}

// dL/d log(−λ) at the start from the closed form: L = mean_{k,m} (y_k − o_k)², so the mode's
// share is (2 / (2N)) Σ_k (y_k − o_k) dy_k/dλ · λ, with dy_k/dλ from ode/stability_closed_form.h.
double closed_form_gradient(ode::Method method, double lambda, double y0,
                            const std::vector<double>& observed, const StiffLearning& learning) {
  const auto closed =
      ode::closed_form_trajectory(method, lambda, learning.step, learning.steps, y0);
  double sum = 0.0;
  for (int64_t k = 1; k <= learning.steps; ++k) {
    const size_t i = static_cast<size_t>(k);
    sum += (closed.y[i] - observed[i]) * closed.dy_dlambda[i];
  }
  return sum * lambda / static_cast<double>(learning.steps * kModes) * 2.0;
}

}  // namespace

nlohmann::json learn_stiff_rates(ode::Method method, int64_t seed, const StiffnessSpec& spec,
                                 const torch::Device& device, const std::filesystem::path& dir) {
  const auto& learning = spec.learning;
  const auto problems = static_cast<int64_t>(learning.stiffness_ratios.size());
  const auto cpu = torch::TensorOptions().dtype(torch::kFloat64);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(seed));

  std::vector<double> true_rates;
  for (const double ratio : learning.stiffness_ratios) {
    true_rates.push_back(learning.slow_rate);
    true_rates.push_back(learning.slow_rate * ratio);
  }
  const auto true_log = torch::log(torch::tensor(true_rates, cpu)).view({problems, kModes});
  // Up or down by start_factor, and y₀ ~ U[0.5, 1.5], per problem and mode.
  const auto direction =
      torch::where(torch::rand({problems, kModes}, generator, cpu) < 0.5, -1.0, 1.0);
  const auto start_log = (true_log + direction * std::log(learning.start_factor)).to(device);
  const auto y0 = (0.5 + torch::rand({problems, kModes}, generator, cpu)).to(device);
  torch::Tensor observed;
  {
    torch::NoGradGuard no_grad;
    observed = trajectory_of(method, true_log.to(device), y0, learning);
  }

  auto log_rates = start_log.clone().requires_grad_(true);
  torch::optim::Adam adam({log_rates},
                          torch::optim::AdamOptions(learning.lr).eps(learning.adam_eps));
  // A problem whose misfit is not finite (an explicit method past its stability bound, once its
  // trajectory overflows) is frozen where it stands and reported unstable.
  auto frozen = torch::zeros({problems}, torch::TensorOptions().dtype(torch::kBool).device(device));
  std::vector<int64_t> unstable_at(static_cast<size_t>(problems), -1);
  torch::Tensor initial_gradient, initial_misfit, final_misfit;

  io::CsvWriter log(dir / "learning.csv", {"iteration", "stiffness_ratio", "misfit", "slow_error",
                                           "fast_error", "slow_gradient", "fast_gradient"});
  const auto true_rate = torch::exp(true_log).to(device);
  for (int64_t iteration = 0; iteration <= learning.iterations; ++iteration) {
    if (runner::stop_requested()) throw runner::Interrupted();
    adam.zero_grad();
    const auto loss = misfit(trajectory_of(method, log_rates, y0, learning), observed);
    const auto finite = torch::isfinite(loss) & ~frozen;
    torch::where(finite, loss, torch::zeros_like(loss)).sum().backward();
    {
      torch::NoGradGuard no_grad;
      auto& grad = log_rates.mutable_grad();
      grad.copy_(torch::where(finite.unsqueeze(1), grad, torch::zeros_like(grad)).nan_to_num(0.0));
      if (iteration == 0) {
        initial_gradient = grad.clone().to(torch::kCPU);
        initial_misfit = loss.detach().to(torch::kCPU);
      }
      final_misfit = loss.detach().to(torch::kCPU);
      const auto newly = (~finite & ~frozen).to(torch::kCPU);
      for (int64_t p = 0; p < problems; ++p) {
        if (newly[p].item<bool>()) unstable_at[static_cast<size_t>(p)] = iteration;
      }
      frozen = frozen | ~finite;
    }
    if (iteration % learning.log_every == 0 || iteration == learning.iterations) {
      const auto error = ((torch::exp(log_rates.detach()) - true_rate).abs() / true_rate).cpu();
      const auto grad = log_rates.grad().cpu();
      const auto loss_cpu = loss.detach().cpu();
      for (int64_t p = 0; p < problems; ++p) {
        log.add_row({iteration, learning.stiffness_ratios[static_cast<size_t>(p)],
                     loss_cpu[p].item<double>(), error[p][0].item<double>(),
                     error[p][1].item<double>(), grad[p][0].item<double>(),
                     grad[p][1].item<double>()});
      }
    }
    if (iteration == learning.iterations) break;
    const auto before = log_rates.detach().clone();
    adam.step();
    torch::NoGradGuard no_grad;
    log_rates.copy_(torch::where(frozen.unsqueeze(1), before, log_rates));
  }

  const auto final_error = ((torch::exp(log_rates.detach()) - true_rate).abs() / true_rate).cpu();
  const auto observed_cpu = observed.cpu();
  const auto start_cpu = start_log.cpu();
  const auto y0_cpu = y0.cpu();
  nlohmann::json per_ratio = nlohmann::json::object();
  double gradient_error = 0.0;
  for (int64_t p = 0; p < problems; ++p) {
    const bool stable = unstable_at[static_cast<size_t>(p)] < 0;
    nlohmann::json entry = {
        {"stiffness_ratio", learning.stiffness_ratios[static_cast<size_t>(p)]},
        {"fast_z", -learning.step * true_rates[static_cast<size_t>(kModes * p + 1)]},
        {"unstable_at", unstable_at[static_cast<size_t>(p)]},
        {"stable_at_truth", true}};
    for (int64_t m = 0; m < kModes; ++m) {
      const std::string mode = kModeNames[m];
      const double autograd = initial_gradient[p][m].item<double>();
      std::vector<double> observations;
      for (int64_t k = 0; k <= learning.steps; ++k)
        observations.push_back(observed_cpu[k][p][m].item<double>());
      const double closed =
          closed_form_gradient(method, -std::exp(start_cpu[p][m].item<double>()),
                               y0_cpu[p][m].item<double>(), observations, learning);
      const double true_z = -learning.step * true_rates[static_cast<size_t>(kModes * p + m)];
      if (std::abs(ode::closed_form_stability(method, true_z).r) > 1.0)
        entry["stable_at_truth"] = false;
      entry[mode + "_error"] = stable ? final_error[p][m].item<double>() : NAN;
      entry[mode + "_initial_gradient"] = stable ? autograd : NAN;
      entry[mode + "_initial_gradient_closed"] = closed;
      if (stable && closed != 0.0)
        gradient_error = std::max(gradient_error, std::abs(autograd - closed) / std::abs(closed));
    }
    entry["initial_misfit"] = initial_misfit[p].item<double>();
    entry["final_misfit"] = stable ? final_misfit[p].item<double>() : NAN;
    per_ratio[ratio_key(learning.stiffness_ratios[static_cast<size_t>(p)])] = entry;
  }
  return {{"part", "learning"}, {"gradient_max_error", gradient_error}, {"ratios", per_ratio}};
}

}  // namespace symplex::kinds
