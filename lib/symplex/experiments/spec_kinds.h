#pragma once

#include <any>
#include <functional>
#include <string>
#include <vector>

#include "symplex/config/section.h"

namespace symplex::experiments {

// One experiment kind as its spec knows it: name, summary and the reader of its keys, which
// returns the kind's spec struct (DepthSweepSpec, ...). No LibTorch: specs are validated, listed
// and fuzzed without it; registry.cpp turns a spec struct into a runnable Experiment.
struct SpecKind {
  std::string name;
  std::string summary;
  std::function<std::any(config::Section& root)> read;
};

// The one table of experiment kinds: a new kind is one line here and one in registry.cpp.
const std::vector<SpecKind>& spec_kinds();

}  // namespace symplex::experiments
