#include "symplex/kinds/pinn_snr/spec.h"

#include <fmt/format.h>

#include "symplex/config/checks.h"
#include "symplex/kinds/heat_equation_keys.h"

namespace symplex::kinds {
namespace {

// The test grid and the reference grid are evaluated in one batch each.
constexpr int64_t kMaxTestPoints = 1'000'000;

void read_problems(config::Section section, PinnSnrSpec& spec) {
  read_heat_equation(section.child("heat", "1D heat equation u_t = α u_xx (as a depth sweep's)"),
                     spec.heat);
  {
    auto helmholtz = section.child(
        "helmholtz", "2D Helmholtz u_xx + u_yy + k² u = q on [-1, 1]², u* = sin(a1 πx) sin(a2 πy)");
    helmholtz.optional<double>("a1", spec.helmholtz.a1, "frequency a1 of u* along x",
                               config::within_float32());
    helmholtz.optional<double>("a2", spec.helmholtz.a2, "frequency a2 of u* along y",
                               config::within_float32());
    helmholtz.optional<double>("k", spec.helmholtz.k, "wave number k", config::within_float32());
    helmholtz.finish();
  }
  {
    auto allen_cahn = section.child(
        "allen_cahn",
        "1D Allen–Cahn u_t - D u_xx + r u³ - r u = 0, x in [-1, 1] periodic, u(x, 0) = x² cos(πx)");
    allen_cahn.optional<double>("diffusion", spec.allen_cahn.diffusion, "D",
                                config::positive_float32());
    allen_cahn.optional<double>("reaction", spec.allen_cahn.reaction, "r",
                                config::within_float32());
    allen_cahn.optional<double>("t_max", spec.allen_cahn.t_max,
                                "end of the time interval [0, t_max]", config::positive_float32());
    auto reference = allen_cahn.child(
        "reference", "the reference solution symplex computes (Fourier in x, ETDRK4 in t)");
    auto& r = spec.allen_cahn_reference;
    reference.optional<int64_t>("modes", r.modes, "grid points in x (even)",
                                config::between<int64_t>(8, 65'536));
    reference.optional<int64_t>("time_steps", r.time_steps, "ETDRK4 steps over [0, t_max]",
                                config::between<int64_t>(1, 10'000'000));
    reference.optional<int64_t>("output_times", r.output_times,
                                "times the solution is kept at (the test grid's t)",
                                config::between<int64_t>(2, 100'000));
    if (r.modes % 2 != 0) reference.problem("modes", fmt::format("must be even, got {}", r.modes));
    if (r.output_times >= 2 && r.time_steps % (r.output_times - 1) != 0) {
      reference.problem("time_steps",
                        fmt::format("must be a multiple of output_times - 1 = {}, got {}",
                                    r.output_times - 1, r.time_steps));
    }
    if (r.modes * r.output_times > kMaxTestPoints) {
      reference.problem("output_times",
                        fmt::format("the reference grid modes x output_times has {} points; at "
                                    "most {} (it is the test grid)",
                                    r.modes * r.output_times, kMaxTestPoints));
    }
    reference.finish();
    allen_cahn.finish();
  }
  section.finish();
}

void read_train(config::Section train, PinnSnrSpec& spec) {
  train.optional<double>("lr", spec.lr, "Adam's learning rate", config::positive<double>());
  train.optional<int64_t>("steps", spec.steps, "full-batch Adam steps",
                          config::between<int64_t>(1, 100'000'000));
  train.optional<int64_t>("log_every", spec.log_every,
                          "steps between rows of metrics.csv (loss, rel. L2, Adam's SNR)",
                          config::at_least<int64_t>(1));
  train.choice("precision", spec.precision, models::kPrecisionNames,
               "dtype of the model and training");
  train.choice("derivatives", spec.derivatives, models::kDerivativeMethodNames,
               "fused (propagated through the layers with the value) or autograd (nested "
               "reverse mode, the reference)");
  {
    auto points = train.child("points", "training points, drawn once per run");
    points.optional<int64_t>("residual", spec.points.residual, "interior points of the residual",
                             config::between<int64_t>(2, 10'000'000));
    points.optional<int64_t>("condition", spec.points.condition,
                             "points of the initial and boundary conditions",
                             config::between<int64_t>(4, 10'000'000));
    points.finish();
  }
  train.optional<double>("condition_weight", spec.condition_weight,
                         "weight of the initial/boundary loss", config::at_least<double>(0.0));
  train.finish();
}

}  // namespace

PinnSnrSpec read_pinn_snr_spec(config::Section& root) {
  PinnSnrSpec spec;
  {
    auto grid = root.child("grid", "the axes of the sweep; every combination is one run");
    grid.choice_list("problem", spec.problems, kProblemNames, "PINN problems");
    grid.list<bool>("rba", spec.rba, "residual-based attention off (false) or on (true)");
    grid.list<int64_t>("seed", spec.seeds, "random seeds (initialisation and points)",
                       config::at_least<int64_t>(0));
    grid.finish();
  }
  read_problems(root.child("problems", "the equations of the grid's problems"), spec);
  {
    auto model = root.child("model", "the network: tanh MLP (x, t) or (x, y) -> u");
    model.optional<int64_t>("width", spec.width, "units per hidden layer",
                            config::between<int64_t>(2, 100'000));
    model.optional<int64_t>("depth", spec.depth, "hidden layers after the input layer",
                            config::between<int64_t>(1, 1000));
    model.finish();
  }
  read_train(root.child("train", "training"), spec);
  {
    auto rba = root.child("rba", "residual-based attention, for the runs with rba: true");
    auto& r = spec.rba_settings;
    rba.optional<double>("eta", r.eta, "η: step of the weights", config::positive<double>());
    rba.optional<double>("gamma", r.gamma, "γ: decay of the weights, 0 ≤ γ < 1",
                         config::between<double>(0.0, 1.0));
    if (r.gamma >= 1.0) {
      rba.problem("gamma", fmt::format("must be below 1 (the weights would grow without bound), "
                                       "got {}",
                                       r.gamma));
    }
    rba.optional<double>("initial", r.initial, "λ₀: the weights' start",
                         config::at_least<double>(0.0));
    rba.choice("normalization", r.normalization, kRbaNormalizationNames,
               "|r_i| divided by max_j |r_j| (max) or not (none)");
    rba.finish();
  }
  {
    auto snr = root.child("snr", "the gradient-SNR diagnostic");
    auto& s = spec.snr;
    snr.optional<int64_t>("every", s.every,
                          "steps between measurements (each costs about one more step)",
                          config::at_least<int64_t>(1));
    snr.optional<int64_t>("batches", s.batches, "B: disjoint batches of the residual points",
                          config::between<int64_t>(2, 100'000));
    snr.optional<int64_t>("window", s.window,
                          "logged points of the rolling median that dates the onset",
                          config::between<int64_t>(1, 10'000));
    snr.optional<int64_t>("bins", s.bins, "spatial bins per input of the residual homogeneity",
                          config::between<int64_t>(1, 1000));
    if (s.batches > spec.points.residual) {
      snr.problem("batches", fmt::format("{} batches of {} residual points leave some empty",
                                         s.batches, spec.points.residual));
    }
    snr.finish();
  }
  {
    auto test = root.child("test", "the error grid");
    test.optional<int64_t>("grid", spec.test_n,
                           "points per input of the heat and Helmholtz error grids; at most this "
                           "many x points of the Allen-Cahn reference (every s-th) at each of its "
                           "output times",
                           config::between<int64_t>(2, 1000));
    test.finish();
  }
  config::check_run_count(root, static_cast<double>(spec.problems.size()) *
                                    static_cast<double>(spec.rba.size()) *
                                    static_cast<double>(spec.seeds.size()));
  return spec;
}

}  // namespace symplex::kinds
