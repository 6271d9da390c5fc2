#include "symplex/kinds/spec_validation.h"

#include "symplex/config/checks.h"
#include "symplex/kinds/kind_views.h"

namespace symplex::kinds {
namespace {

std::string kind_names() {
  std::string names;
  for (const auto& kind : kind_views())
    names += (names.empty() ? "" : ", ") + kind.name;
  return names;
}

// Reads the keys every spec has, then, when the kind is known, the kind's own. `fixed_kind`
// (a table index, or -1) reads a kind whatever the spec's `kind:` says.
void read_root(config::Section& root, int fixed_kind, const KindReader& read_kind,
               config::SpecHeader& spec) {
  root.required<std::string>("kind", spec.kind, "experiment kind (one of: " + kind_names() + ")",
                             [](const std::string& value) {
                               return find_kind(value) >= 0 ? ""
                                                            : "unknown experiment kind '" + value +
                                                                  "' (known: " + kind_names() + ")";
                             });
  const int kind = fixed_kind >= 0 ? fixed_kind : find_kind(spec.kind);
  spec.name = kind >= 0 ? kind_views()[static_cast<size_t>(kind)].name : spec.kind;
  root.optional<std::string>(
      "name", spec.name, "experiment name: results go to results/<name>/ by default",
      [](const std::string& name) -> std::string {
        // It names a folder under results/: no path out of it, nothing a file system refuses.
        const char* allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
        if (name.empty() || name.size() > 64) return "a name has 1 to 64 characters";
        if (name.find_first_not_of(allowed) != std::string::npos || name.front() == '.') {
          return "a name is letters, digits, '.', '_' and '-', not starting with '.' (it names "
                 "the folder results/<name>/)";
        }
        return "";
      });
  std::string description;
  root.optional<std::string>("description", description, "free text kept in the manifest");
  root.optional<int64_t>("threads", spec.threads,
                         "CPU threads per run (0: LibTorch's default, all cores); small networks "
                         "often run faster on one",
                         config::between<int64_t>(0, 1024));
  if (kind < 0) return;
  read_kind(static_cast<size_t>(kind), root);
  root.finish();
}

void read_view(size_t kind, config::Section& root) {
  kind_views()[kind].read_spec(root);
}

}  // namespace

config::SpecHeader read_spec(const std::string& path, const std::vector<std::string>& overrides,
                             const KindReader& read_kind) {
  const auto document = config::SpecDocument::load(path, overrides);
  config::SpecReading reading;
  reading.document = &document;
  config::Section root(reading, document.root(), "");
  config::SpecHeader spec;
  spec.file = path;
  read_root(root, -1, read_kind, spec);
  if (!reading.problems.empty()) throw config::SpecInvalid(std::move(reading.problems));
  spec.resolved = std::move(reading.resolved);
  return spec;
}

config::SpecHeader validate_spec(const std::string& path,
                                 const std::vector<std::string>& overrides) {
  return read_spec(path, overrides, read_view);
}

std::vector<config::KeyDoc> describe_kind(const KindView& kind) {
  const auto document = config::SpecDocument::empty();
  config::SpecReading reading;
  reading.document = &document;
  config::Section root(reading, document.root(), "");
  config::SpecHeader spec;
  read_root(root, find_kind(kind.name), read_view, spec);
  return reading.catalog;
}

}  // namespace symplex::kinds
