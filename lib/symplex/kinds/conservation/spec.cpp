#include "symplex/kinds/conservation/spec.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <sstream>

#include "symplex/config/checks.h"
#include "symplex/kinds/image_data_keys.h"

namespace symplex::kinds {
namespace {

constexpr int64_t kMaxStepsPerRun = 100'000'000;

void read_step_sizes(config::Section& section, StepSizes& sizes, const char* step_name,
                     const char* time_name) {
  section.list<double>("lr", sizes.lr, fmt::format("step sizes {} of the grid", step_name),
                       config::positive<double>());
  section.optional<double>(
      "horizon", sizes.horizon,
      fmt::format("the time {} every run trains to: round(horizon / lr) steps", time_name),
      config::positive<double>());
  for (const double lr : sizes.lr) {
    if (lr > 0.0 && sizes.horizon > 0.0 && sizes.horizon / lr > kMaxStepsPerRun) {
      section.problem("horizon", fmt::format("horizon / lr = {:.3g} steps for lr {}; at most {}",
                                             sizes.horizon / lr, lr, kMaxStepsPerRun));
    }
  }
}

double run_count(const ConservationSpec& spec) {
  double per_network = 0.0;
  for (const auto rule : spec.optimizers) {
    const double lrs = static_cast<double>(step_sizes(spec, rule).lr.size());
    per_network += rule == diagnostics::UpdateRule::leapfrog
                       ? lrs * static_cast<double>(spec.leapfrog_gamma.size())
                       : lrs * static_cast<double>(spec.weight_decay.size());
  }
  return per_network * static_cast<double>(spec.networks.size()) *
         static_cast<double>(spec.seeds.size());
}

}  // namespace

VggLayout parse_vgg_layers(const std::string& text) {
  VggLayout layout;
  std::istringstream words(text);
  std::string word;
  int64_t convolutions = 0;
  while (words >> word) {
    if (word == "M") {
      layout.channels.push_back(0);
      continue;
    }
    int64_t channels = 0;
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), channels);
    if (error != std::errc() || end != word.data() + word.size() || channels < 1 ||
        channels > 100'000) {
      layout.error = fmt::format("'{}' is neither M nor a channel count from 1 to 100000", word);
      layout.channels.clear();
      return layout;
    }
    layout.channels.push_back(channels);
    ++convolutions;
  }
  if (convolutions == 0) {
    layout.error = "needs at least one convolution";
    layout.channels.clear();
  }
  return layout;
}

const StepSizes& step_sizes(const ConservationSpec& spec, diagnostics::UpdateRule rule) {
  switch (rule) {
    case diagnostics::UpdateRule::sgd:
      return spec.sgd;
    case diagnostics::UpdateRule::momentum:
      return spec.momentum;
    case diagnostics::UpdateRule::adamw:
      return spec.adamw;
    case diagnostics::UpdateRule::leapfrog:
      return spec.leapfrog;
  }
  throw std::logic_error("unknown update rule");
}

int64_t conservation_steps(const StepSizes& sizes, double lr) {
  return std::max<int64_t>(1, std::llround(sizes.horizon / lr));
}

ConservationSpec read_conservation_spec(config::Section& root) {
  ConservationSpec spec;
  {
    auto grid = root.child("grid", "the axes of the sweep; every combination is one run");
    grid.choice_list("network", spec.networks, kConservationNetworkNames, "networks");
    grid.choice_list("optimizer", spec.optimizers, diagnostics::kUpdateRuleNames,
                     "optimizers; each has its step sizes under optimizers.<name>.lr");
    grid.list<double>("weight_decay", spec.weight_decay,
                      "λ of SGD, momentum (coupled) and AdamW (decoupled); the leapfrog has none",
                      config::at_least<double>(0.0));
    grid.list<int64_t>("seed", spec.seeds, "random seeds (initialisation, batches, p₀)",
                       config::at_least<int64_t>(0));
    grid.finish();
  }
  {
    auto optimizers = root.child("optimizers", "step sizes and settings per optimizer");
    {
      auto sgd = optimizers.child("sgd", "SGD with coupled weight decay");
      read_step_sizes(sgd, spec.sgd, "η", "ηk");
      sgd.finish();
    }
    {
      auto momentum = optimizers.child("momentum", "SGD with heavy-ball momentum (LibTorch's)");
      read_step_sizes(momentum, spec.momentum, "η", "ηk (the flow time η(1−d)k)");
      momentum.optional<double>("beta", spec.beta, "β, 0 < β < 1",
                                config::between<double>(0.0, 0.999999));
      momentum.optional<double>("dampening", spec.dampening, "d, 0 ≤ d < 1",
                                config::between<double>(0.0, 0.999999));
      if (spec.beta <= 0.0) momentum.problem("beta", "must be above 0 (β = 0 is plain SGD)");
      momentum.finish();
    }
    {
      auto adamw = optimizers.child("adamw", "AdamW (decoupled weight decay)");
      read_step_sizes(adamw, spec.adamw, "η", "ηk");
      adamw.finish();
    }
    {
      auto leapfrog =
          optimizers.child("leapfrog", "the leapfrog (Störmer–Verlet), no weight decay");
      read_step_sizes(leapfrog, spec.leapfrog, "dt", "dt·k");
      leapfrog.list<double>("gamma", spec.leapfrog_gamma,
                            "damping γ per series (each half kick scales p by e^{-γ dt/2})",
                            config::at_least<double>(0.0));
      leapfrog.optional<double>("initial_momentum", spec.initial_momentum,
                                "σ of p₀ ~ N(0, σ²), so that the charge Σ p₀ is not zero",
                                config::at_least<double>(0.0));
      leapfrog.optional<bool>("mass_preconditioning", spec.mass_preconditioning,
                              "a per-tensor inverse mass (the dt sweep's eq. 5); false: M = I");
      leapfrog.finish();
    }
    optimizers.finish();
  }
  {
    auto data = root.child("data", "the image data");
    read_image_keys(data, spec.images);
    data.finish();
  }
  {
    auto model = root.child("model", "the networks of the grid");
    model.optional<int64_t>("mlp_width", spec.mlp_width, "units per hidden layer of the ReLU MLP",
                            config::between<int64_t>(1, 100'000));
    model.optional<int64_t>("mlp_hidden_layers", spec.mlp_hidden_layers,
                            "hidden layers of the ReLU MLP", config::between<int64_t>(1, 1000));
    model.optional<std::string>("vgg_layers", spec.vgg_layers,
                                "the VGG stack: output channels of each 3×3 convolution and M for "
                                "a 2×2 max pool, e.g. \"16 M 32 M 64\"");
    const auto layout = parse_vgg_layers(spec.vgg_layers);
    if (!layout.error.empty()) {
      model.problem("vgg_layers", layout.error);
    } else {
      spec.vgg_channels = layout.channels;
    }
    model.finish();
  }
  {
    auto train = root.child("train", "training and logging");
    train.optional<int64_t>("batch_size", spec.batch_size, "minibatch size",
                            config::between<int64_t>(1, 100'000));
    train.choice("precision", spec.precision, models::kPrecisionNames,
                 "dtype of the model and training (the quantities are always summed in float64)");
    train.optional<int64_t>("log_every", spec.log_every,
                            "steps between rows of the logs (every step is measured)",
                            config::at_least<int64_t>(1));
    train.optional<int64_t>("plot_units", spec.plot_units,
                            "units per family whose curves units.csv keeps",
                            config::between<int64_t>(0, 100'000));
    train.finish();
  }
  config::check_run_count(root, run_count(spec));
  return spec;
}

}  // namespace symplex::kinds
