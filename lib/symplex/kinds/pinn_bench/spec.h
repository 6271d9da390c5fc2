#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/io/name_table.h"
#include "symplex/kinds/kind.h"
#include "symplex/models/architecture.h"
#include "symplex/models/precision.h"

namespace symplex::kinds {

// The ways scripts/bench_reference.py writes the plain-PyTorch step: eager nested autograd; the
// same loss and gradient (through torch.func) under torch.compile (PyTorch 2.x); the eager step
// captured whole in a CUDA graph and replayed (a CUDA device).
enum class ReferenceVariant { eager, compile, cuda_graph };

inline constexpr io::NameTable<ReferenceVariant, 3> kReferenceVariantNames = {{
    {ReferenceVariant::eager, "eager"},
    {ReferenceVariant::compile, "compile"},
    {ReferenceVariant::cuda_graph, "cuda_graph"},
}};

// Everything a `kind: pinn_bench` spec sets: the PINN training steps to time, and whether to time
// the plain-PyTorch reference (scripts/bench_reference.py) on the same configs: under each of
// the given Pythons (each with its own PyTorch), in each variant.
struct PinnBenchSpec {
  std::vector<models::Architecture> architectures{models::Architecture::mlp};
  std::vector<std::string> shapes{"4x48", "10x22", "50x10"};  // depth x width
  std::vector<int64_t> points{2000};                          // interior; N/5 initial, boundary
  std::vector<models::DerivativeMethod> derivatives{models::DerivativeMethod::fused,
                                                    models::DerivativeMethod::autograd};
  // Each step eager, or captured once as a CUDA graph and replayed (cuda/graphed_step.h; a CUDA
  // device and a CUDA build).
  std::vector<bool> cuda_graph{false};
  models::Precision precision = models::Precision::float32;
  int64_t warmup = 3;
  int64_t repeats = 20;
  bool reference = true;
  // Debian's python3 has Debian's PyTorch; a relative path is taken from the source tree's root
  // (.whl/bin/python: the torch wheel of scripts/torch_wheel.sh).
  std::vector<std::string> reference_pythons{"/usr/bin/python3"};
  std::vector<ReferenceVariant> reference_variants{ReferenceVariant::eager};
};

struct TrunkShape {
  int64_t depth;
  int64_t width;
};
// "DxW", e.g. "10x22"; throws std::invalid_argument otherwise.
TrunkShape parse_trunk_shape(const std::string& text);

PinnBenchSpec read_pinn_bench_spec(config::Section& root);

// The runnable experiment of such a spec (experiment.cpp).
std::unique_ptr<runner::Experiment> make_experiment(PinnBenchSpec spec);

}  // namespace symplex::kinds
