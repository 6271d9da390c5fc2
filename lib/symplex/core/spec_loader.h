#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "symplex/config/section.h"
#include "symplex/core/experiment.h"

namespace symplex::core {

// An experiment kind, as named by a spec's `kind:` key.
struct ExperimentKind {
  std::string name;
  std::string summary;
  // Reads the kind's keys from the spec's top-level section (without finishing it).
  std::function<std::unique_ptr<Experiment>(config::Section& root)> read;
};

// The one table of experiment kinds (experiments/registry.cpp).
const std::vector<ExperimentKind>& experiment_kinds();

// A validated spec, ready to plan and run.
struct LoadedSpec {
  std::string file;
  std::string kind;
  std::string name;
  int64_t threads = 0;      // CPU threads for LibTorch; 0 leaves LibTorch's default
  nlohmann::json resolved;  // every key with the value in force, defaults included
  std::unique_ptr<Experiment> experiment;
};

// Reads and validates a spec with its `--set` overrides; throws config::SpecInvalid listing
// every problem.
LoadedSpec load_spec(const std::string& path, const std::vector<std::string>& overrides);

// Every key a spec of this kind may have, with its type, default and meaning.
std::vector<config::KeyDoc> describe_kind(const ExperimentKind& kind);

}  // namespace symplex::core
