#include "symplex/core/spec_loader.h"

#include <algorithm>

#include "symplex/config/checks.h"

namespace symplex::core {
namespace {

const ExperimentKind* find_kind(const std::string& name) {
  for (const auto& kind : experiment_kinds()) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::string kind_names() {
  std::string names;
  for (const auto& kind : experiment_kinds())
    names += (names.empty() ? "" : ", ") + kind.name;
  return names;
}

// Reads the keys every spec has, then the kind's own; returns the experiment when `kind` names
// a known kind.
std::unique_ptr<Experiment> read_spec(config::Section& root, const ExperimentKind* fixed_kind,
                                      std::string& kind_name, std::string& name, int64_t& threads) {
  root.required<std::string>("kind", kind_name, "experiment kind (one of: " + kind_names() + ")",
                             [](const std::string& value) {
                               return find_kind(value) ? ""
                                                       : "unknown experiment kind '" + value +
                                                             "' (known: " + kind_names() + ")";
                             });
  const ExperimentKind* kind = fixed_kind ? fixed_kind : find_kind(kind_name);
  name = kind ? kind->name : kind_name;
  root.optional<std::string>("name", name,
                             "experiment name: results go to results/<name>/ by default");
  std::string description;
  root.optional<std::string>("description", description, "free text kept in the manifest");
  root.optional<int64_t>("threads", threads,
                         "CPU threads per run (0: LibTorch's default, all cores); small networks "
                         "often run faster on one",
                         config::between<int64_t>(0, 1024));
  if (!kind) return nullptr;
  auto experiment = kind->read(root);
  root.finish();
  return experiment;
}

}  // namespace

LoadedSpec load_spec(const std::string& path, const std::vector<std::string>& overrides) {
  const auto document = config::SpecDocument::load(path, overrides);
  config::SpecReading reading;
  reading.document = &document;
  config::Section root(reading, document.root(), "");
  LoadedSpec spec;
  spec.file = path;
  spec.experiment = read_spec(root, nullptr, spec.kind, spec.name, spec.threads);
  if (!reading.problems.empty()) throw config::SpecInvalid(std::move(reading.problems));
  spec.resolved = std::move(reading.resolved);
  return spec;
}

std::vector<config::KeyDoc> describe_kind(const ExperimentKind& kind) {
  const auto document = config::SpecDocument::empty();
  config::SpecReading reading;
  reading.document = &document;
  config::Section root(reading, document.root(), "");
  std::string kind_name;
  std::string name;
  int64_t threads = 0;
  read_spec(root, &kind, kind_name, name, threads);
  return reading.catalog;
}

}  // namespace symplex::core
