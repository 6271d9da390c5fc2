#pragma once

#include <memory>
#include <string>
#include <vector>

#include "symplex/core/experiment.h"
#include "symplex/experiments/spec_validation.h"

namespace symplex::core {

// A validated spec, ready to plan and run.
struct LoadedSpec : experiments::ValidSpec {
  std::unique_ptr<Experiment> experiment;
};

// The experiment a validated spec describes (experiments/registry.cpp).
std::unique_ptr<Experiment> make_experiment(const experiments::ValidSpec& spec);

// Reads and validates a spec with its `--set` overrides and builds its experiment; throws
// config::SpecInvalid listing every problem.
LoadedSpec load_spec(const std::string& path, const std::vector<std::string>& overrides);

}  // namespace symplex::core
