#include "symplex/models/symmetric_classifier.h"

#include <stdexcept>

namespace symplex::models {

size_t SymmetricClassifier::parameter_index(const std::string& name) const {
  const auto named = named_parameters();
  for (size_t i = 0; i < named.size(); ++i) {
    if (named[i].key() == name) return i;
  }
  throw std::logic_error("no parameter " + name);
}

std::vector<diagnostics::SymmetryFamily> SymmetricClassifier::translation_families(
    const std::string& layer) const {
  using diagnostics::Symmetry;
  return {{layer + ".weight",
           Symmetry::translation,
           {{parameter_index(layer + ".weight"), /*unit_dim=*/1, 1.0}}},
          {layer + ".bias",
           Symmetry::translation,
           {{parameter_index(layer + ".bias"), /*unit_dim=*/-1, 1.0}}}};
}

diagnostics::SymmetryFamily SymmetricClassifier::rescale_family(
    const std::string& name, const std::vector<std::string>& incoming,
    const std::string& outgoing) const {
  diagnostics::SymmetryFamily family{name, diagnostics::Symmetry::rescale, {}};
  family.pieces.push_back({parameter_index(outgoing), 1, 1.0});
  for (const auto& in : incoming)
    family.pieces.push_back({parameter_index(in), 0, -1.0});
  return family;
}

}  // namespace symplex::models
