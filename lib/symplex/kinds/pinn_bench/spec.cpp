#include "symplex/kinds/pinn_bench/spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "symplex/config/checks.h"

namespace symplex::kinds {

TrunkShape parse_trunk_shape(const std::string& text) {
  const auto is_count = [](const std::string& part) {
    return !part.empty() && part.size() <= 5 &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const size_t x = text.find('x');
  const std::string depth = text.substr(0, x);
  const std::string width = x == std::string::npos ? "" : text.substr(x + 1);
  if (!is_count(depth) || !is_count(width)) {
    throw std::invalid_argument(fmt::format("expected DEPTHxWIDTH such as 10x22, got '{}'", text));
  }
  const TrunkShape shape{std::stoll(depth), std::stoll(width)};
  if (shape.depth < 1 || shape.width < 2) {
    throw std::invalid_argument(
        fmt::format("depth must be at least 1 and width at least 2, got '{}'", text));
  }
  return shape;
}

PinnBenchSpec read_pinn_bench_spec(config::Section& root) {
  PinnBenchSpec spec;
  {
    auto grid = root.child("grid", "the configs to time; every combination is one run");
    grid.choice_list("architecture", spec.architectures, models::kArchitectureNames,
                     "trunk architectures");
    grid.list<std::string>("shape", spec.shapes,
                           "trunk shapes DEPTHxWIDTH (a symplectic trunk needs an even width)",
                           [](const std::string& text) {
                             try {
                               parse_trunk_shape(text);
                               return std::string();
                             } catch (const std::invalid_argument& e) {
                               return std::string(e.what());
                             }
                           });
    grid.list<int64_t>("points", spec.points,
                       "interior collocation points N (N/5 initial and N/5 boundary points)",
                       config::between<int64_t>(5, 10'000'000));
    grid.choice_list("derivatives", spec.derivatives, models::kDerivativeMethodNames,
                     "how the residual u_t - alpha u_xx is taken (as train.derivatives of a "
                     "depth sweep)");
    grid.list<bool>("cuda_graph", spec.cuda_graph,
                    "each step eager (false) or as a replayed CUDA graph of the whole step, "
                    "forward, backward and Adam (true; needs --device cuda)");
    grid.finish();
  }
  {
    auto bench = root.child("bench", "timing");
    bench.choice("precision", spec.precision, models::kPrecisionNames, "dtype of the networks");
    bench.optional<int64_t>("warmup", spec.warmup, "untimed steps before the timed ones",
                            config::between<int64_t>(0, 100'000));
    bench.optional<int64_t>("repeats", spec.repeats, "timed steps (median, min and max reported)",
                            config::between<int64_t>(1, 100'000));
    bench.optional<bool>("reference", spec.reference,
                         "also time scripts/bench_reference.py (plain PyTorch, nested autograd) "
                         "on the same configs and report the ratio");
    bench.list<std::string>("reference_pythons", spec.reference_pythons,
                            "the Pythons whose PyTorch the reference runs under, each timed; "
                            "relative paths from the source tree");
    bench.choice_list("reference_variants", spec.reference_variants, kReferenceVariantNames,
                      "eager: nested autograd; compile: torch.compile of the same loss and "
                      "gradient (PyTorch 2.x); cuda_graph: the eager step as a CUDA graph "
                      "(a CUDA device)");
    bench.finish();
  }
  config::check_run_count(root, static_cast<double>(spec.architectures.size()) *
                                    static_cast<double>(spec.shapes.size()) *
                                    static_cast<double>(spec.points.size()) *
                                    static_cast<double>(spec.derivatives.size()) *
                                    static_cast<double>(spec.cuda_graph.size()));
  return spec;
}

}  // namespace symplex::kinds
