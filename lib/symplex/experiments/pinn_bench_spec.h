#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "symplex/config/section.h"

namespace symplex::experiments {

// Everything a `kind: pinn_bench` spec sets: the PINN training steps to time, and whether to time
// the plain-PyTorch reference (scripts/bench_reference.py) on the same configs.
struct PinnBenchSpec {
  std::vector<std::string> architectures{"mlp"};
  std::vector<std::string> shapes{"4x48", "10x22", "50x10"};  // depth x width
  std::vector<int64_t> points{2000};                          // interior; N/5 initial, boundary
  std::vector<std::string> derivatives{"fused", "autograd"};
  std::string precision = "float32";
  int64_t warmup = 3;
  int64_t repeats = 20;
  bool reference = true;
};

struct TrunkShape {
  int64_t depth;
  int64_t width;
};
// "DxW", e.g. "10x22"; throws std::invalid_argument otherwise.
TrunkShape parse_trunk_shape(const std::string& text);

PinnBenchSpec read_pinn_bench_spec(config::Section& root);

}  // namespace symplex::experiments
