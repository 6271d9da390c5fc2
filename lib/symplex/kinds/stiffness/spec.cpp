#include "symplex/kinds/stiffness/spec.h"

#include <fmt/format.h>

#include <cmath>

#include "symplex/config/checks.h"

namespace symplex::kinds {

std::vector<double> stability_grid(const StabilityGrid& grid) {
  std::vector<double> values;
  const double first = std::log10(grid.z_min);
  const double decades = std::log10(grid.z_max) - first;
  const auto count = static_cast<int64_t>(
      std::floor(decades * static_cast<double>(grid.points_per_decade) + 1e-9));
  for (int64_t k = 0; k <= count; ++k) {
    values.push_back(std::pow(
        10.0, first + static_cast<double>(k) / static_cast<double>(grid.points_per_decade)));
  }
  return values;
}

std::string ratio_key(double ratio) {
  return fmt::format("ratio_{:g}", ratio);
}

StiffnessSpec read_stiffness_spec(config::Section& root) {
  StiffnessSpec spec;
  {
    auto grid = root.child("grid", "the axes of the sweep");
    grid.choice_list("method", spec.methods, ode::kMethodNames,
                     "integrators; each has one closed-form run and one learning run per seed");
    grid.list<int64_t>("seed", spec.seeds, "seeds of the learning runs (start and initial state)",
                       config::at_least<int64_t>(0));
    grid.finish();
  }
  {
    auto stability = root.child("stability", "R(z) and R'(z) on z = −|z|, |z| log-spaced");
    stability.optional<double>("z_min", spec.stability.z_min, "smallest |z|",
                               config::between<double>(1e-12, 1e12));
    stability.optional<double>("z_max", spec.stability.z_max, "largest |z|",
                               config::between<double>(1e-12, 1e12));
    stability.optional<int64_t>("points_per_decade", spec.stability.points_per_decade,
                                "grid points per factor 10", config::between<int64_t>(1, 10'000));
    stability.optional<double>("slope_from", spec.stability.slope_from,
                               "the slope of log |R'| against log |z| is fitted from this |z| on",
                               config::positive<double>());
    if (spec.stability.z_max <= spec.stability.z_min)
      stability.problem("z_max", "must be above z_min");
    if (spec.stability.slope_from >= spec.stability.z_max)
      stability.problem("slope_from", "must be below z_max, so that the fit has points");
    stability.finish();
  }
  {
    auto solve = root.child("solve", "gradients through a whole solve of y' = λy, λ = z / h");
    solve.optional<int64_t>("steps", spec.solve.steps, "N steps",
                            config::between<int64_t>(1, 100'000));
    solve.optional<double>("horizon", spec.solve.horizon, "T = N h", config::positive<double>());
    solve.finish();
  }
  {
    auto learning = root.child("learning", "learning the rates of y' = diag(λ_slow, λ_fast) y");
    auto& l = spec.learning;
    learning.list<double>("stiffness_ratio", l.stiffness_ratios,
                          "λ_fast / λ_slow; all ratios train side by side in one run",
                          config::between<double>(1.0, 1e12));
    learning.optional<double>("slow_rate", l.slow_rate, "λ_slow = −slow_rate",
                              config::between<double>(1e-6, 1e6));
    learning.optional<double>("step", l.step, "h, also the observations' spacing",
                              config::positive<double>());
    learning.optional<int64_t>("steps", l.steps, "observations t_k = k h, k = 1..steps",
                               config::between<int64_t>(1, 100'000));
    learning.optional<double>("start_factor", l.start_factor,
                              "each rate starts this factor above or below the truth",
                              config::between<double>(1.0, 1e6));
    learning.optional<double>("lr", l.lr, "Adam's learning rate on log(−λ)",
                              config::positive<double>());
    learning.optional<double>("adam_eps", l.adam_eps,
                              "Adam's ε, added to the root of its second moment",
                              config::between<double>(1e-300, 1.0));
    learning.optional<int64_t>("iterations", l.iterations, "Adam steps",
                               config::between<int64_t>(0, 10'000'000));
    learning.optional<int64_t>("log_every", l.log_every, "iterations between rows of learning.csv",
                               config::at_least<int64_t>(1));
    learning.finish();
  }
  {
    auto neural = root.child("neural", "a neural vector field on Van der Pol's oscillator");
    auto& n = spec.neural;
    neural.choice_list("method", n.methods, ode::kMethodNames,
                       "integrators (explicit ones diverge once h μ is large)");
    neural.list<double>("h", n.step_sizes, "step sizes; each is one run per method and seed",
                        config::positive<double>());
    neural.list<int64_t>("seed", n.seeds, "seeds (the MLP's initialisation, the fit's states)",
                         config::at_least<int64_t>(0));
    neural.optional<double>("mu", n.mu, "μ", config::between<double>(1e-3, 1e9));
    neural.optional<int64_t>("steps", n.steps, "steps per solve",
                             config::between<int64_t>(1, 100'000));
    neural.optional<int64_t>("hidden", n.hidden, "width of the MLP's two hidden layers",
                             config::between<int64_t>(1, 10'000));
    neural.optional<int64_t>("prefit_iterations", n.prefit_iterations,
                             "Adam steps fitting g_θ to the true g before the solves",
                             config::between<int64_t>(0, 10'000'000));
    neural.optional<double>("prefit_lr", n.prefit_lr, "their learning rate",
                            config::positive<double>());
    neural.optional<int64_t>("iterations", n.iterations, "Adam steps through the solves",
                             config::between<int64_t>(0, 10'000'000));
    neural.optional<double>("lr", n.lr, "their learning rate", config::positive<double>());
    neural.optional<int64_t>("log_every", n.log_every, "iterations between rows of neural.csv",
                             config::at_least<int64_t>(1));
    neural.optional<double>("newton_tolerance", n.newton_tolerance,
                            "Newton stops when its update is below this times max(1, |Y|)",
                            config::between<double>(1e-15, 1e-2));
    neural.finish();
  }
  config::check_run_count(
      root,
      static_cast<double>(spec.methods.size()) * (1.0 + static_cast<double>(spec.seeds.size())) +
          static_cast<double>(spec.neural.methods.size() * spec.neural.step_sizes.size() *
                              spec.neural.seeds.size()));
  return spec;
}

}  // namespace symplex::kinds
