#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/kinds/kind.h"
#include "symplex/ode/method.h"

namespace symplex::kinds {

// The z grid of the stability functions: z = −|z| for |z| log-spaced from z_min to z_max.
struct StabilityGrid {
  double z_min = 1e-2;
  double z_max = 1e6;
  int64_t points_per_decade = 20;
  double slope_from = 1e3;  // |z| from which the log-log slope of |R'| is fitted
};

// The whole-solve gradients: y' = λy, y(0) = 1, stepped to `horizon` in `steps` steps, λ = z / h.
struct SolveGradient {
  int64_t steps = 10;
  double horizon = 1.0;
};

// Learning y' = diag(λ_slow, λ_fast) y from its trajectory at t_k = k h: the parameters are
// log(−λ), started a factor `start_factor` off the truth (up or down, per seed), trained by Adam.
struct StiffLearning {
  std::vector<double> stiffness_ratios{1, 3, 10, 100, 1e3, 1e4, 1e5, 1e6};  // λ_fast / λ_slow
  double slow_rate = 1.0;  // λ_slow = −slow_rate
  double step = 0.1;       // h
  int64_t steps = 50;
  double start_factor = 2.0;
  double lr = 0.02;
  double adam_eps = 1e-8;  // Adam's ε: a gradient well below it moves a parameter less than lr
  int64_t iterations = 300;
  int64_t log_every = 10;
};

// A neural vector field on Van der Pol's oscillator: y1' = y2, y2' = μ g_θ(y) with g_θ a tanh MLP,
// first fitted to the true g on states around the trajectory (so that it starts stiff), then
// trained by Adam through whole solves of `steps` steps of each h against the same method's
// trajectory of the true field from y₀ = (2, 0).
struct NeuralStiffOde {
  std::vector<ode::Method> methods{ode::Method::implicit_euler, ode::Method::trapezoid,
                                   ode::Method::sdirk2, ode::Method::radau_iia3, ode::Method::bdf2};
  std::vector<double> step_sizes{1e-3, 1e-2, 1e-1, 1.0};  // h
  std::vector<int64_t> seeds{0, 1};
  double mu = 1e3;
  int64_t steps = 20;
  int64_t hidden = 32;
  int64_t prefit_iterations = 300;
  double prefit_lr = 1e-2;
  int64_t iterations = 60;
  double lr = 1e-3;
  int64_t log_every = 5;
  double newton_tolerance = 1e-12;
};

// Everything a `kind: stiffness` spec sets (docs/stiffness.md); the defaults are
// configs/stiffness.yaml's.
struct StiffnessSpec {
  std::vector<ode::Method> methods{ode::Method::explicit_euler, ode::Method::rk4,
                                   ode::Method::implicit_euler, ode::Method::trapezoid,
                                   ode::Method::sdirk2,         ode::Method::radau_iia2,
                                   ode::Method::radau_iia3,     ode::Method::bdf2};
  std::vector<int64_t> seeds{0, 1, 2};
  StabilityGrid stability;
  SolveGradient solve;
  StiffLearning learning;
  NeuralStiffOde neural;
};

StiffnessSpec read_stiffness_spec(config::Section& root);

// The grid's |z| values, ascending.
std::vector<double> stability_grid(const StabilityGrid& grid);

// The key of a stiffness ratio's figures in a learning run, e.g. "ratio_1e+06".
std::string ratio_key(double ratio);

// The runnable experiment of such a spec (experiment.cpp).
std::unique_ptr<runner::Experiment> make_experiment(StiffnessSpec spec);

}  // namespace symplex::kinds
