#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/data/image_source.h"
#include "symplex/diagnostics/conservation_predictions.h"
#include "symplex/io/name_table.h"
#include "symplex/kinds/kind.h"
#include "symplex/models/precision.h"

namespace symplex::kinds {

// The networks of a conservation sweep: a ReLU MLP, a VGG-style stack with batch norm and the same
// stack without it (models/relu_mlp.h, models/vgg.h).
enum class ConservationNetwork { mlp, vgg_bn, vgg };

inline constexpr io::NameTable<ConservationNetwork, 3> kConservationNetworkNames = {{
    {ConservationNetwork::mlp, "mlp"},
    {ConservationNetwork::vgg_bn, "vgg_bn"},
    {ConservationNetwork::vgg, "vgg"},
}};

// One optimizer's step sizes, and the time ηk every run of it trains to: a run of step size η
// takes round(horizon / η) steps, so that the errors of different η are compared at the same
// time (the modified flow's t = ηk, or η(1−d)k with momentum: docs/conservation.md).
struct StepSizes {
  std::vector<double> lr;
  double horizon;
};

// Everything a `kind: conservation` spec sets (docs/conservation.md); the defaults are
// configs/conservation.yaml's.
struct ConservationSpec {
  std::vector<ConservationNetwork> networks{ConservationNetwork::mlp, ConservationNetwork::vgg_bn};
  std::vector<diagnostics::UpdateRule> optimizers{
      diagnostics::UpdateRule::sgd, diagnostics::UpdateRule::momentum,
      diagnostics::UpdateRule::adamw, diagnostics::UpdateRule::leapfrog};
  std::vector<double> weight_decay{0.0, 0.01};  // λ; the leapfrog has none
  std::vector<int64_t> seeds{0, 1, 2};

  StepSizes sgd{{0.02, 0.04, 0.08}, 8.0};
  StepSizes momentum{{0.002, 0.004, 0.008}, 0.8};
  double beta = 0.9;
  double dampening = 0.0;
  StepSizes adamw{{2.5e-4, 5e-4, 1e-3}, 0.1};
  StepSizes leapfrog{{0.0025, 0.005, 0.01}, 1.0};  // dt·k
  std::vector<double> leapfrog_gamma{0.0, 1.0};    // one series per damping
  double initial_momentum = 0.01;  // p₀ ~ N(0, σ²): a charge Σ_A p₀ that is not zero
  bool mass_preconditioning = true;

  data::ImageSplitsOptions images;
  int64_t mlp_width = 256;
  int64_t mlp_hidden_layers = 2;
  // The VGG stack in VGG's notation: output channels of each 3×3 convolution, M for a 2×2 max
  // pool; and as read, 0 for each M.
  std::string vgg_layers = "16 M 32 M 64";
  std::vector<int64_t> vgg_channels{16, 0, 32, 0, 64};

  int64_t batch_size = 128;
  models::Precision precision = models::Precision::float32;
  int64_t log_every = 10;
  int64_t plot_units = 8;  // units per family whose curves units.csv keeps
};

ConservationSpec read_conservation_spec(config::Section& root);

// VGG's notation read: 0 for each M; an error (and no channels) when a word is neither M nor a
// channel count, or there is no convolution.
struct VggLayout {
  std::vector<int64_t> channels;
  std::string error;
};
VggLayout parse_vgg_layers(const std::string& text);

// An optimizer's step sizes and horizon.
const StepSizes& step_sizes(const ConservationSpec& spec, diagnostics::UpdateRule rule);
// The steps of a run of step size `lr`.
int64_t conservation_steps(const StepSizes& sizes, double lr);

// The runnable experiment of such a spec (experiment.cpp).
std::unique_ptr<runner::Experiment> make_experiment(ConservationSpec spec);

}  // namespace symplex::kinds
