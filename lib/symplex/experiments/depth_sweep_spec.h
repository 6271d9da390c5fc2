#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/pde/heat_equation.h"

namespace symplex::experiments {

// Everything a `kind: depth_sweep` spec sets (DESIGN.md, Experiment 1); defaults are the
// values of configs/depth_sweep.yaml.
struct DepthSweepSpec {
  std::vector<std::string> architectures{"mlp", "residual_mlp", "symplectic"};
  std::vector<int64_t> depths{4, 10, 25, 50};
  std::vector<int64_t> seeds{0};

  pde::HeatEquation equation;

  int64_t param_budget = 15000;
  double symplectic_step = 0.1;

  std::string optimizer = "adam";
  std::string derivatives = "fused";  // how u_t and u_xx are taken: fused | autograd
  double lr = 1e-3;
  int64_t steps = 1000;
  int64_t log_every = 50;
  std::string precision = "float32";
  double initial_weight = 10.0;
  double boundary_weight = 10.0;
  pde::CollocationSizes collocation;
  int64_t resample_every = 0;

  int64_t probe_points = 16;
  int64_t test_nx = 101;
  int64_t test_nt = 101;
};

DepthSweepSpec read_depth_sweep_spec(config::Section& root);

}  // namespace symplex::experiments
