#include "symplex/core/spec_loader.h"

namespace symplex::core {

LoadedSpec load_spec(const std::string& path, const std::vector<std::string>& overrides) {
  LoadedSpec spec;
  static_cast<experiments::ValidSpec&>(spec) = experiments::validate_spec(path, overrides);
  spec.experiment = make_experiment(spec);
  return spec;
}

}  // namespace symplex::core
