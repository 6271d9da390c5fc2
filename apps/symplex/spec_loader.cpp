#include "spec_loader.h"

#include "symplex/kinds/spec_validation.h"

namespace symplex::cli {

runner::LoadedSpec load_spec(const std::string& path, const std::vector<std::string>& overrides,
                             const std::vector<kinds::RunnableKind>& kinds) {
  runner::LoadedSpec spec;
  static_cast<config::SpecHeader&>(spec) =
      kinds::read_spec(path, overrides, [&](size_t kind, config::Section& root) {
        spec.experiment = kinds.at(kind).read_experiment(root);
      });
  return spec;
}

void print_problems(const config::SpecInvalid& invalid, std::ostream& err) {
  for (const auto& problem : invalid.problems())
    err << "error: " << problem.to_string() << "\n";
}

}  // namespace symplex::cli
