#include "symplex/kinds/dt_sweep/spec.h"

#include <set>

#include "symplex/config/checks.h"
#include "symplex/kinds/image_data_keys.h"

namespace symplex::kinds {
namespace {

config::Check<double> step_size() {
  return config::between<double>(1e-9, 10.0);
}

void read_band(config::Section& section, const std::string& key, std::vector<double>& band,
               const std::string& doc) {
  section.list<double>(key, band, doc + " as [low, high]", config::positive<double>());
  if (band.size() != 2 || band[0] >= band[1]) {
    section.problem(key, "a band is two step sizes [low, high] with low < high");
  }
}

}  // namespace

double dt_sweep_run_count(const DtSweepSpec& spec) {
  double series_and_steps = 0;
  for (const auto optimizer : spec.optimizers) {
    switch (optimizer) {
      case optim::EnergyOptimizer::leapfrog:
        series_and_steps += static_cast<double>(spec.gamma.size() * spec.leapfrog_dt.size());
        break;
      case optim::EnergyOptimizer::adamw:
        series_and_steps += static_cast<double>(spec.adamw_lr.size());
        break;
      case optim::EnergyOptimizer::sgd:
        series_and_steps += static_cast<double>(spec.sgd_lr.size());
        break;
    }
  }
  return series_and_steps * static_cast<double>(spec.tf32.size() * spec.seeds.size());
}

DtSweepSpec read_dt_sweep_spec(config::Section& root) {
  DtSweepSpec spec;
  {
    auto grid = root.child("grid", "the axes of the sweep besides each optimizer's step sizes");
    grid.choice_list("optimizer", spec.optimizers, optim::kEnergyOptimizerNames, "optimizers");
    grid.list<int64_t>("seed", spec.seeds, "random seeds (initialisation, batches, augmentation)",
                       config::at_least<int64_t>(0));
    grid.list<bool>("tf32", spec.tf32,
                    "TF32 for CUDA convolutions and matrix products (LibTorch's cuDNN default is "
                    "on; symplex's is off); no effect on the CPU");
    grid.finish();
  }
  {
    auto leapfrog = root.child("leapfrog", "the leapfrog optimizer (docs/dt_sweep.md eqs. 2-5, 7)");
    leapfrog.list<double>("dt", spec.leapfrog_dt, "step sizes dt", step_size());
    leapfrog.list<double>("gamma", spec.gamma,
                          "damping γ; the first is the series 'leapfrog', each further one a "
                          "control series leapfrog_gamma<γ>",
                          config::at_least<double>(0.0));
    if (std::set<double>(spec.gamma.begin(), spec.gamma.end()).size() != spec.gamma.size()) {
      leapfrog.problem("gamma", "each damping γ may be given once");
    }
    leapfrog.optional<double>("cap_alpha", spec.cap_alpha,
                              "energy cap at α·H0 (eq. 7); 0 turns the cap off",
                              config::at_least<double>(0.0));
    leapfrog.optional<bool>("mass_preconditioning", spec.mass_preconditioning,
                            "layerwise inverse mass of eq. 5 (false: M = I)");
    leapfrog.finish();
  }
  {
    auto adamw = root.child("adamw", "the AdamW baseline");
    adamw.list<double>("lr", spec.adamw_lr, "learning rates", step_size());
    adamw.optional<double>("weight_decay", spec.adamw_weight_decay, "decoupled weight decay",
                           config::at_least<double>(0.0));
    adamw.finish();
  }
  {
    auto sgd = root.child("sgd", "the SGD + momentum baseline");
    sgd.list<double>("lr", spec.sgd_lr, "learning rates", step_size());
    sgd.optional<double>("momentum", spec.sgd_momentum, "momentum",
                         config::between<double>(0.0, 0.999999));
    sgd.finish();
  }
  {
    auto bands = root.child("bands", "step-size bands in which drift slopes are fitted");
    read_band(bands, "canonical", spec.canonical_band,
              "the canonical dt band of the leapfrog paper");
    read_band(bands, "wide", spec.wide_band, "the wide dt band of the leapfrog paper");
    bands.finish();
  }
  {
    auto data = root.child("data", "the image data");
    read_image_keys(data, spec.images);
    data.optional<bool>("augment", spec.augment,
                        "random crop (padding 4) and horizontal flip, seeded");
    data.finish();
  }
  {
    auto model = root.child("model", "the network: ResNet-18 with the CIFAR stem");
    model.optional<double>("width", spec.width,
                           "channel multiplier (1.0: the standard 11.2M-parameter net)",
                           config::between<double>(0.01, 4.0));
    model.finish();
  }
  {
    auto train = root.child("train", "training");
    train.optional<int64_t>("batch_size", spec.batch_size, "minibatch size",
                            config::between<int64_t>(1, 100'000));
    train.optional<int64_t>("steps", spec.steps, "optimizer steps (T)",
                            config::between<int64_t>(5, 100'000'000));
    train.choice("precision", spec.precision, kResNetPrecisionNames,
                 "dtype of parameters, data and arithmetic; bf16: float32 parameters, the "
                 "forward pass under bfloat16 autocast");
    train.choice("memory_format", spec.memory_format, models::kMemoryFormatNames,
                 "layout of images and convolution weights (channels_last: NHWC)");
    train.optional<int64_t>("floor_every", spec.floor_every,
                            "every k steps, re-evaluate the batch loss with a float64 copy of the "
                            "model: the arithmetic floor of ΔH (0: never)",
                            config::at_least<int64_t>(0));
    train.finish();
  }
  config::check_run_count(root, dt_sweep_run_count(spec));
  return spec;
}

}  // namespace symplex::kinds
