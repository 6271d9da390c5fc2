#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/data/image_source.h"
#include "symplex/kinds/kind.h"
#include "symplex/models/precision.h"
#include "symplex/optim/integrator.h"
#include "symplex/pde/heat_equation.h"

namespace symplex::kinds {

// The networks whose parameters a round trip moves: a tanh MLP classifier on a fixed image batch,
// or the heat PINN on fixed collocation points.
enum class RoundTripModel { mlp, heat_pinn };

inline constexpr io::NameTable<RoundTripModel, 2> kRoundTripModelNames = {{
    {RoundTripModel::mlp, "mlp"},
    {RoundTripModel::heat_pinn, "heat_pinn"},
}};

// Everything a `kind: reversibility` spec sets (docs/reversibility.md).
struct ReversibilitySpec {
  std::vector<optim::Integrator> integrators{optim::Integrator::leapfrog,
                                             optim::Integrator::explicit_euler,
                                             optim::Integrator::symplectic_euler};
  std::vector<models::Precision> dtypes{models::Precision::float32, models::Precision::float64};
  std::vector<RoundTripModel> networks{RoundTripModel::mlp, RoundTripModel::heat_pinn};
  std::vector<int64_t> steps{10, 100, 1000};
  std::vector<int64_t> seeds{0};

  double dt = 0.01;
  double momentum_scale = 0.01;  // p0 ~ N(0, scale²) per coordinate

  data::ImageSource dataset = data::ImageSource::fashion_mnist;  // or synthetic (smoke tests)
  std::string fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";
  int64_t images = 256;
  int64_t mlp_hidden = 32;

  pde::HeatEquation equation;
  pde::CollocationSizes collocation{256, 64, 64};
  int64_t pinn_width = 16;
  int64_t pinn_depth = 4;
};

ReversibilitySpec read_reversibility_spec(config::Section& root);

// The runnable experiment of such a spec (experiment.cpp).
std::unique_ptr<runner::Experiment> make_experiment(ReversibilitySpec spec);

}  // namespace symplex::kinds
