#include "symplex/kinds/reversibility/spec.h"

#include "symplex/config/checks.h"
#include "symplex/kinds/heat_equation_keys.h"

namespace symplex::kinds {
namespace {

// A round trip's fixed batch is real images or, for smoke tests, synthetic ones.
constexpr io::NameTable<data::ImageSource, 2> kRoundTripImageNames = {{
    {data::ImageSource::fashion_mnist, "fashion_mnist"},
    {data::ImageSource::synthetic, "synthetic"},
}};

}  // namespace

ReversibilitySpec read_reversibility_spec(config::Section& root) {
  ReversibilitySpec spec;
  {
    auto grid = root.child("grid", "the axes of the sweep; every combination is one run");
    grid.choice_list("integrator", spec.integrators, optim::kIntegratorNames, "integrators");
    grid.choice_list("dtype", spec.dtypes, models::kPrecisionNames, "arithmetic");
    grid.choice_list("model", spec.networks, kRoundTripModelNames,
                     "mlp: a tanh MLP classifier on a fixed image batch; heat_pinn: the heat PINN "
                     "on fixed collocation points");
    grid.list<int64_t>("steps", spec.steps, "N: steps forward, then N back",
                       config::between<int64_t>(1, 10'000'000));
    grid.list<int64_t>("seed", spec.seeds, "random seeds (initialisation, p0, data)",
                       config::at_least<int64_t>(0));
    grid.finish();
  }
  root.optional<double>("dt", spec.dt, "step size of every integrator", config::positive<double>());
  root.optional<double>("momentum_scale", spec.momentum_scale,
                        "p0 is drawn N(0, scale²) per coordinate", config::positive<double>());
  {
    auto data = root.child("data", "the fixed batch of the mlp model");
    data.choice("dataset", spec.dataset, kRoundTripImageNames, "synthetic is for smoke tests");
    data.optional<std::string>("fashion_mnist_dir", spec.fashion_mnist_dir,
                               "folder of Fashion-MNIST's IDX files");
    data.optional<int64_t>("images", spec.images, "the first N training images form the batch",
                           config::between<int64_t>(1, 60'000));
    data.finish();
  }
  {
    auto mlp = root.child("mlp", "the classifier");
    mlp.optional<int64_t>("hidden", spec.mlp_hidden, "hidden width",
                          config::between<int64_t>(1, 100'000));
    mlp.finish();
  }
  {
    auto pinn = root.child("heat_pinn", "the heat PINN (an MLP trunk, as in docs/depth_sweep.md)");
    pinn.optional<int64_t>("width", spec.pinn_width, "trunk width",
                           config::between<int64_t>(1, 10'000));
    pinn.optional<int64_t>("depth", spec.pinn_depth, "trunk depth",
                           config::between<int64_t>(1, 1000));
    read_collocation_sizes(pinn.child("collocation", "fixed training points"), spec.collocation);
    pinn.finish();
  }
  read_heat_equation(root.child("pde", "the heat equation of heat_pinn"), spec.equation);
  config::check_run_count(root, static_cast<double>(spec.networks.size()) *
                                    static_cast<double>(spec.integrators.size()) *
                                    static_cast<double>(spec.dtypes.size()) *
                                    static_cast<double>(spec.steps.size()) *
                                    static_cast<double>(spec.seeds.size()));
  return spec;
}

}  // namespace symplex::kinds
