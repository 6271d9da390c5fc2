#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/pde/heat_equation.h"

namespace symplex::experiments {

// Everything a `kind: reversibility` spec sets (DESIGN.md, Experiment 3; seed 001 §4.2).
struct ReversibilitySpec {
  std::vector<std::string> integrators{"leapfrog", "explicit_euler", "symplectic_euler"};
  std::vector<std::string> dtypes{"float32", "float64"};
  std::vector<std::string> models{"mlp", "heat_pinn"};
  std::vector<int64_t> steps{10, 100, 1000};
  std::vector<int64_t> seeds{0};

  double dt = 0.01;
  double momentum_scale = 0.01;  // p0 ~ N(0, scale²) per coordinate

  std::string dataset = "fashion_mnist";  // fashion_mnist | synthetic (smoke tests)
  std::string fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";
  int64_t images = 256;
  int64_t mlp_hidden = 32;

  pde::HeatEquation equation;
  pde::CollocationSizes collocation{256, 64, 64};
  int64_t pinn_width = 16;
  int64_t pinn_depth = 4;
};

ReversibilitySpec read_reversibility_spec(config::Section& root);

}  // namespace symplex::experiments
