#include "symplex/kinds/stiffness/experiment.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "symplex/kinds/stiffness/experiment_closed_forms.h"
#include "symplex/kinds/stiffness/experiment_learning.h"
#include "symplex/kinds/stiffness/experiment_neural.h"
#include "symplex/kinds/stiffness/report.h"
#include "symplex/ode/butcher_tableau.h"

namespace symplex::kinds {

std::vector<runner::RunPlan> Stiffness::plan() const {
  std::vector<runner::RunPlan> plans;
  for (const auto method : spec_.methods) {
    const std::string name = io::name_of(ode::kMethodNames, method);
    plans.push_back({"closed_forms_" + name, {{"part", "closed_forms"}, {"method", name}}});
  }
  for (const auto method : spec_.methods) {
    const std::string name = io::name_of(ode::kMethodNames, method);
    for (const int64_t seed : spec_.seeds) {
      plans.push_back({fmt::format("learning_{}_s{}", name, seed),
                       {{"part", "learning"}, {"method", name}, {"seed", seed}}});
    }
  }
  for (const auto method : spec_.neural.methods) {
    const std::string name = io::name_of(ode::kMethodNames, method);
    for (const double h : spec_.neural.step_sizes) {
      for (const int64_t seed : spec_.neural.seeds) {
        plans.push_back({fmt::format("neural_{}_h{}_s{}", name, h, seed),
                         {{"part", "neural"}, {"method", name}, {"h", h}, {"seed", seed}}});
      }
    }
  }
  return plans;
}

std::string Stiffness::describe(const runner::RunPlan& plan) const {
  if (plan.params.at("part") == "closed_forms") {
    return fmt::format("R(z), R'(z) on {} points and gradients through {} steps",
                       stability_grid(spec_.stability).size(), spec_.solve.steps);
  }
  if (plan.params.at("part") == "neural") {
    return fmt::format(
        "MLP field on Van der Pol (μ = {}), {} Adam steps through {} steps of h = {}",
        spec_.neural.mu, spec_.neural.iterations, spec_.neural.steps,
        plan.params.at("h").get<double>());
  }
  return fmt::format("{} stiffness ratios, {} Adam steps through {} steps of h = {}",
                     spec_.learning.stiffness_ratios.size(), spec_.learning.iterations,
                     spec_.learning.steps, spec_.learning.step);
}

std::string Stiffness::headline(const io::RunRecord& record) const {
  const auto& f = record.figures;
  if (f.at("part") == "closed_forms") {
    return fmt::format("|R'| slope {:.3f}, R' error {:.1e}, sup|zR'| {:.3g}",
                       stiffness_number(f.at("slope")), stiffness_number(f.at("dr_max_error")),
                       stiffness_number(f.at("sup_z_dr")));
  }
  if (f.at("part") == "neural") {
    if (!f.contains("final_misfit")) return "diverged";
    return fmt::format(
        "h ρ(J) {:.3g}, layer gradients {:.2e} {:.2e} {:.2e}, misfit ×{:.2e}",
        stiffness_number(f.at("initial_h_rho_median")),
        stiffness_number(f.at("initial_layer1_gradient")),
        stiffness_number(f.at("initial_layer2_gradient")),
        stiffness_number(f.at("initial_layer3_gradient")),
        stiffness_number(f.at("final_misfit")) / stiffness_number(f.at("initial_misfit")));
  }
  const auto& ratios = f.at("ratios");
  const auto& mildest = ratios.at(ratio_key(spec_.learning.stiffness_ratios.front()));
  const auto& stiffest = ratios.at(ratio_key(spec_.learning.stiffness_ratios.back()));
  return fmt::format(
      "fast-rate error {:.2e} at ratio {:g}, {:.2e} at {:g}",
      stiffness_number(mildest.at("fast_error")), spec_.learning.stiffness_ratios.front(),
      stiffness_number(stiffest.at("fast_error")), spec_.learning.stiffness_ratios.back());
}

double Stiffness::relative_cost(const runner::RunPlan& plan) const {
  // Seconds on a 2-core machine, fitted to configs/stiffness.yaml's runs: a closed-form run takes
  // milliseconds; a solve step-iteration costs about (0.5 + 0.45 s) / 15050 s in a learning run
  // and (0.5 + 0.75 s) / 1220 s in a neural one (Newton, autograd Jacobians), s the stages.
  if (plan.params.at("part") == "closed_forms") return 0.005;
  const auto method = runner::param_value(plan, "method", ode::kMethodNames);
  const double stages = method == ode::Method::bdf2 ? 1.0 : ode::tableau_of(method).stages;
  if (plan.params.at("part") == "neural") {
    return (0.5 + 0.75 * stages) * static_cast<double>(spec_.neural.steps) *
           static_cast<double>(spec_.neural.iterations + 1) / 1220.0;
  }
  return (0.5 + 0.45 * stages) * static_cast<double>(spec_.learning.steps) *
         static_cast<double>(spec_.learning.iterations + 1) / 15050.0;
}

runner::RunOutcome Stiffness::run(const runner::RunPlan& plan,
                                  const runner::RunContext& context) const {
  const torch::Device device(context.device);
  const auto method = runner::param_value(plan, "method", ode::kMethodNames);
  const auto seed = plan.params.value("seed", int64_t{0});
  if (plan.params.at("part") == "neural") {
    return train_neural_field(method, plan.params.at("h").get<double>(), seed, spec_, device,
                              context.files.dir);
  }
  runner::RunOutcome outcome;
  outcome.figures = plan.params.at("part") == "closed_forms"
                        ? measure_closed_forms(method, spec_, device, context.files.dir)
                        : learn_stiff_rates(method, seed, spec_, device, context.files.dir);
  return outcome;
}

void Stiffness::conclude(const std::filesystem::path& sweep_dir,
                         const std::vector<io::RunRecord>& records, std::ostream& out) const {
  out << write_stiffness_report(sweep_dir, records, spec_);
}

std::unique_ptr<runner::Experiment> make_experiment(StiffnessSpec spec) {
  return std::make_unique<Stiffness>(std::move(spec));
}

}  // namespace symplex::kinds
