#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/io/name_table.h"
#include "symplex/kinds/kind.h"
#include "symplex/models/architecture.h"
#include "symplex/models/precision.h"
#include "symplex/pde/allen_cahn_equation.h"
#include "symplex/pde/heat_equation.h"
#include "symplex/pde/helmholtz_equation.h"
#include "symplex/pde/point_counts.h"

namespace symplex::kinds {

// The PINN problems a gradient-SNR sweep trains on (pde/heat_problem.h, pde/helmholtz.h,
// pde/allen_cahn_problem.h).
enum class ProblemName { heat, helmholtz, allen_cahn };

inline constexpr io::NameTable<ProblemName, 3> kProblemNames = {{
    {ProblemName::heat, "heat"},
    {ProblemName::helmholtz, "helmholtz"},
    {ProblemName::allen_cahn, "allen_cahn"},
}};

// How RBA scales |r_i| before it enters a weight: by max_j |r_j| (the authors') or not at all.
enum class RbaNormalization { max, none };

inline constexpr io::NameTable<RbaNormalization, 2> kRbaNormalizationNames = {{
    {RbaNormalization::max, "max"},
    {RbaNormalization::none, "none"},
}};

// Residual-based attention (docs/pinn_snr.md): λ_i ← γ λ_i + η |r_i| / max_j |r_j|, and the
// residual loss mean((λ_i r_i)²).
struct RbaSettings {
  double eta = 1e-3;
  double gamma = 0.999;
  double initial = 0.0;  // λ₀
  RbaNormalization normalization = RbaNormalization::max;
};

// The gradient-SNR diagnostic: every `every` steps, gradients on `batches` disjoint batches of the
// residual points; the onset's rolling-median window in logged points; the residual's spatial bins
// per input.
struct SnrSettings {
  int64_t every = 50;
  int64_t batches = 10;
  int64_t window = 5;
  int64_t bins = 8;
};

// Everything a `kind: pinn_snr` spec sets (docs/pinn_snr.md); defaults are configs/pinn_snr.yaml's.
struct PinnSnrSpec {
  std::vector<ProblemName> problems{ProblemName::heat, ProblemName::helmholtz,
                                    ProblemName::allen_cahn};
  std::vector<bool> rba{false, true};
  std::vector<int64_t> seeds{0, 1, 2, 3, 4};

  pde::HeatEquation heat;
  pde::HelmholtzEquation helmholtz;
  pde::AllenCahnEquation allen_cahn;
  pde::ReferenceResolution allen_cahn_reference;

  int64_t width = 32;
  int64_t depth = 3;  // hidden layers after the input layer

  double lr = 1e-3;
  int64_t steps = 5000;
  int64_t log_every = 20;
  models::Precision precision = models::Precision::float32;
  models::DerivativeMethod derivatives = models::DerivativeMethod::fused;
  pde::PointCounts points;
  double condition_weight = 10.0;

  RbaSettings rba_settings;
  SnrSettings snr;
  int64_t test_n = 101;  // test-grid points per input (Allen–Cahn: at most, in x)
};

PinnSnrSpec read_pinn_snr_spec(config::Section& root);

// The runnable experiment of such a spec (experiment.cpp).
std::unique_ptr<runner::Experiment> make_experiment(PinnSnrSpec spec);

}  // namespace symplex::kinds
