#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/kinds/kind.h"
#include "symplex/models/architecture.h"
#include "symplex/models/precision.h"
#include "symplex/pde/heat_equation.h"

namespace symplex::kinds {

// The optimizers of a depth sweep's PINNs.
enum class PinnOptimizer { adam, lbfgs };

inline constexpr io::NameTable<PinnOptimizer, 2> kPinnOptimizerNames = {{
    {PinnOptimizer::adam, "adam"},
    {PinnOptimizer::lbfgs, "lbfgs"},
}};

// Everything a `kind: depth_sweep` spec sets (docs/depth_sweep.md); defaults are the
// values of configs/depth_sweep.yaml.
struct DepthSweepSpec {
  std::vector<models::Architecture> architectures{models::Architecture::mlp,
                                                  models::Architecture::residual_mlp,
                                                  models::Architecture::symplectic};
  std::vector<int64_t> depths{4, 10, 25, 50};
  std::vector<int64_t> seeds{0};

  pde::HeatEquation equation;

  int64_t param_budget = 15000;
  double symplectic_step = 0.1;

  PinnOptimizer optimizer = PinnOptimizer::adam;
  models::DerivativeMethod derivatives = models::DerivativeMethod::fused;
  double lr = 1e-3;
  int64_t steps = 1000;
  int64_t log_every = 50;
  models::Precision precision = models::Precision::float32;
  double initial_weight = 10.0;
  double boundary_weight = 10.0;
  pde::CollocationSizes collocation;
  int64_t resample_every = 0;
  // Each Adam step as a replayed CUDA graph of the whole step (cuda/graphed_step.h).
  bool cuda_graph = false;

  int64_t probe_points = 16;
  int64_t test_nx = 101;
  int64_t test_nt = 101;
};

DepthSweepSpec read_depth_sweep_spec(config::Section& root);

// The runnable experiment of such a spec (experiment.cpp).
std::unique_ptr<runner::Experiment> make_experiment(DepthSweepSpec spec);

}  // namespace symplex::kinds
