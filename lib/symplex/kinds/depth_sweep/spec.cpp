#include "symplex/kinds/depth_sweep/spec.h"

#include "symplex/config/checks.h"
#include "symplex/kinds/heat_equation_keys.h"

namespace symplex::kinds {

DepthSweepSpec read_depth_sweep_spec(config::Section& root) {
  DepthSweepSpec spec;
  {
    auto grid = root.child("grid", "the axes of the sweep; every combination is one run");
    grid.choice_list("architecture", spec.architectures, models::kArchitectureNames,
                     "trunk architectures");
    grid.list<int64_t>("depth", spec.depths, "trunk depths (layers or blocks)",
                       config::between<int64_t>(1, 1000));
    grid.list<int64_t>("seed", spec.seeds, "random seeds (initialisation and sampling)",
                       config::at_least<int64_t>(0));
    grid.finish();
  }
  read_heat_equation(root.child("pde", "the heat equation being solved"), spec.equation);
  {
    auto model = root.child("model", "the networks");
    model.optional<int64_t>("param_budget", spec.param_budget,
                            "parameter count each (architecture, depth) is matched to by "
                            "solving for the width",
                            config::between<int64_t>(10, 100'000'000));
    model.optional<double>("symplectic_step", spec.symplectic_step,
                           "step h of each Störmer–Verlet layer", config::positive<double>());
    model.finish();
  }
  {
    auto train = root.child("train", "training");
    train.choice("optimizer", spec.optimizer, kPinnOptimizerNames,
                 "optimizer (lbfgs: strong-Wolfe line search, lr 1 is usual)");
    train.optional<double>("lr", spec.lr, "learning rate", config::positive<double>());
    train.choice("derivatives", spec.derivatives, models::kDerivativeMethodNames,
                 "how the residual u_t - alpha u_xx is taken: fused (propagated through the "
                 "layers with the value and u_x, one backward pass) or autograd (u_t and u_xx by "
                 "nested reverse mode, the reference)");
    train.optional<int64_t>("steps", spec.steps, "optimizer steps",
                            config::between<int64_t>(1, 100'000'000));
    train.optional<int64_t>("log_every", spec.log_every, "steps between rows of metrics.csv",
                            config::at_least<int64_t>(1));
    train.choice("precision", spec.precision, models::kPrecisionNames,
                 "dtype of the model and training");
    train.optional<double>("initial_weight", spec.initial_weight,
                           "w_ic: weight of the initial-condition term",
                           config::at_least<double>(0.0));
    train.optional<double>("boundary_weight", spec.boundary_weight,
                           "w_bc: weight of the boundary term", config::at_least<double>(0.0));
    read_collocation_sizes(train.child("collocation", "training points"), spec.collocation);
    train.optional<int64_t>("resample_every", spec.resample_every,
                            "draw new collocation points every this many steps (0: fixed)",
                            config::at_least<int64_t>(0));
    train.optional<bool>("cuda_graph", spec.cuda_graph,
                         "run each step (forward, backward, Adam) as one replayed CUDA graph "
                         "(needs --device cuda and a CUDA build)");
    train.finish();
  }
  if (spec.cuda_graph && spec.optimizer != PinnOptimizer::adam) {
    root.problem("train",
                 "train.cuda_graph needs train.optimizer: adam (L-BFGS's line search "
                 "decides on the host)");
  }
  {
    auto diagnostics = root.child("diagnostics", "measurements");
    diagnostics.optional<int64_t>("probe_points", spec.probe_points,
                                  "points (x, t) at which the trunk Jacobian is measured",
                                  config::between<int64_t>(1, 100'000));
    diagnostics.optional<int64_t>("test_nx", spec.test_nx, "x points of the error grid",
                                  config::between<int64_t>(2, 100'000));
    diagnostics.optional<int64_t>("test_nt", spec.test_nt, "t points of the error grid",
                                  config::between<int64_t>(2, 100'000));
    // The error grid is evaluated in one batch: its points times the trunk's width, per layer.
    constexpr int64_t kMaxErrorGridPoints = 1'000'000;
    if (spec.test_nx * spec.test_nt > kMaxErrorGridPoints) {
      diagnostics.problem("test_nt", fmt::format("the error grid test_nx x test_nt has {} points; "
                                                 "at most {} (it is evaluated in one batch)",
                                                 spec.test_nx * spec.test_nt, kMaxErrorGridPoints));
    }
    diagnostics.finish();
  }
  config::check_run_count(root, static_cast<double>(spec.architectures.size()) *
                                    static_cast<double>(spec.depths.size()) *
                                    static_cast<double>(spec.seeds.size()));
  return spec;
}

}  // namespace symplex::kinds
