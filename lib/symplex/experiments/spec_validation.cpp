#include "symplex/experiments/spec_validation.h"

#include "symplex/config/checks.h"

namespace symplex::experiments {
namespace {

const SpecKind* find_kind(const std::string& name) {
  for (const auto& kind : spec_kinds()) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::string kind_names() {
  std::string names;
  for (const auto& kind : spec_kinds())
    names += (names.empty() ? "" : ", ") + kind.name;
  return names;
}

// Reads the keys every spec has, then, when `kind` is known, the kind's own.
void read_spec(config::Section& root, const SpecKind* fixed_kind, ValidSpec& spec) {
  root.required<std::string>("kind", spec.kind, "experiment kind (one of: " + kind_names() + ")",
                             [](const std::string& value) {
                               return find_kind(value) ? ""
                                                       : "unknown experiment kind '" + value +
                                                             "' (known: " + kind_names() + ")";
                             });
  const SpecKind* kind = fixed_kind ? fixed_kind : find_kind(spec.kind);
  spec.name = kind ? kind->name : spec.kind;
  root.optional<std::string>("name", spec.name,
                             "experiment name: results go to results/<name>/ by default");
  std::string description;
  root.optional<std::string>("description", description, "free text kept in the manifest");
  root.optional<int64_t>("threads", spec.threads,
                         "CPU threads per run (0: LibTorch's default, all cores); small networks "
                         "often run faster on one",
                         config::between<int64_t>(0, 1024));
  if (!kind) return;
  spec.spec = kind->read(root);
  root.finish();
}

}  // namespace

ValidSpec validate_spec(const std::string& path, const std::vector<std::string>& overrides) {
  const auto document = config::SpecDocument::load(path, overrides);
  config::SpecReading reading;
  reading.document = &document;
  config::Section root(reading, document.root(), "");
  ValidSpec spec;
  spec.file = path;
  read_spec(root, nullptr, spec);
  if (!reading.problems.empty()) throw config::SpecInvalid(std::move(reading.problems));
  spec.resolved = std::move(reading.resolved);
  return spec;
}

std::vector<config::KeyDoc> describe_kind(const SpecKind& kind) {
  const auto document = config::SpecDocument::empty();
  config::SpecReading reading;
  reading.document = &document;
  config::Section root(reading, document.root(), "");
  ValidSpec spec;
  read_spec(root, &kind, spec);
  return reading.catalog;
}

}  // namespace symplex::experiments
