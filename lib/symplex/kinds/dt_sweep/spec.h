#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/data/image_source.h"
#include "symplex/io/name_table.h"
#include "symplex/kinds/kind.h"
#include "symplex/models/memory_format.h"
#include "symplex/optim/integrator.h"

namespace symplex::kinds {

// The arithmetic of a ResNet run: one dtype for parameters, data and arithmetic, or float32
// parameters with the forward pass under bfloat16 autocast (models/autocast.h). The leapfrog's
// energy bookkeeping is float64 in every case.
enum class ResNetPrecision { float32, float64, bf16 };

inline constexpr io::NameTable<ResNetPrecision, 3> kResNetPrecisionNames = {{
    {ResNetPrecision::float32, "float32"},
    {ResNetPrecision::float64, "float64"},
    {ResNetPrecision::bf16, "bf16"},
}};

// Everything a `kind: dt_sweep` spec sets (docs/dt_sweep.md). Defaults are the
// design of the leapfrog paper.
struct DtSweepSpec {
  std::vector<optim::EnergyOptimizer> optimizers{
      optim::EnergyOptimizer::leapfrog, optim::EnergyOptimizer::adamw, optim::EnergyOptimizer::sgd};
  std::vector<int64_t> seeds{0, 1, 2};
  // TF32 tensor cores for CUDA convolutions and matrix products; no effect on the CPU.
  std::vector<bool> tf32{false};

  std::vector<double> leapfrog_dt{0.002, 0.0025, 0.003, 0.0035, 0.006, 0.008, 0.012, 0.016};
  // Damping γ per leapfrog series: the first is the paper's series ("leapfrog"); each other one is
  // a control series named leapfrog_gamma<γ>, e.g. γ = 0 with no damping at all.
  std::vector<double> gamma{1e-3};
  double cap_alpha = 2.0;
  bool mass_preconditioning = true;
  std::vector<double> adamw_lr{2e-4, 3e-4, 4e-4, 6e-4};
  double adamw_weight_decay = 0.01;
  std::vector<double> sgd_lr{0.0125, 0.025, 0.05, 0.1};
  double sgd_momentum = 0.9;

  // Step-size bands in which drift slopes are fitted, besides each optimizer's whole grid.
  std::vector<double> canonical_band{0.002, 0.0035};
  std::vector<double> wide_band{0.006, 0.016};

  data::ImageSplitsOptions images;
  bool augment = true;

  double width = 1.0;
  int64_t batch_size = 128;
  int64_t steps = 400;
  ResNetPrecision precision = ResNetPrecision::float32;
  models::MemoryFormat memory_format = models::MemoryFormat::contiguous;
  // Every k steps, L_B(θ_t) is evaluated again by a float64 copy of the model: the arithmetic
  // floor |L_run − L_float64| (0: never).
  int64_t floor_every = 10;
};

DtSweepSpec read_dt_sweep_spec(config::Section& root);

// The runs of the sweep's grid: per optimizer its series (γ values of the leapfrog) times its step
// sizes, times the TF32 switches and the seeds.
double dt_sweep_run_count(const DtSweepSpec& spec);

// The runnable experiment of such a spec (experiment.cpp).
std::unique_ptr<runner::Experiment> make_experiment(DtSweepSpec spec);

}  // namespace symplex::kinds
