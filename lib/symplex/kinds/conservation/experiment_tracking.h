#pragma once

#include <optional>
#include <vector>

#include <torch/types.h>
#include <nlohmann/json.hpp>

#include "symplex/diagnostics/conservation_predictions.h"
#include "symplex/diagnostics/symmetry_groups.h"
#include "symplex/io/csv.h"

namespace symplex::kinds {

// The columns of families.csv and units.csv (docs/conservation.md "Files").
extern const std::vector<std::string> kFamilyColumns;
extern const std::vector<std::string> kUnitColumns;

// Per-parameter float64 tensors of one state of the training, from which every family's sums are
// taken: x, |x| and x² of the parameters θ, and of a second tensor per parameter (the heavy-ball
// buffer b or the leapfrog's momentum p) where the update keeps one.
struct ElementTerms {
  std::vector<torch::Tensor> value, magnitude, square;
  static ElementTerms of(const std::vector<torch::Tensor>& tensors);
};

// The gradient g at θ, per parameter in float64: g, |g| and g², and θ g and |θ g|, computed once
// per step for every family's constraint and forcing.
struct GradientTerms {
  ElementTerms gradient;
  std::vector<torch::Tensor> inner, inner_magnitude;
  static GradientTerms of(const ElementTerms& parameters,
                          const std::vector<torch::Tensor>& gradients);
};

// One family's quantities along a run: the measured values per unit, the predictions
// (diagnostics/conservation_predictions.h) advanced from the values at θ₀, and the symmetry's
// gradient constraint |⟨g, 1⟩| / Σ|g| or |Σ±⟨θ, g⟩| / Σ|θ g| per unit.
class FamilyTracker {
 public:
  // `momenta` (the leapfrog's p₀) only for the leapfrog.
  FamilyTracker(diagnostics::SymmetryFamily family, const diagnostics::UpdateConstants& constants,
                const ElementTerms& parameters, const ElementTerms* momenta);

  // The gradient at θ: the constraint, and the SGD forcing Σ±‖g‖².
  void record_gradient(const GradientTerms& terms);
  // The heavy-ball buffer after the step: the momentum forcing Σ±‖b‖².
  void record_buffer(const ElementTerms& buffers);
  // One step done: the predictions advance with the recorded forcing, and the quantities are
  // measured at the new θ (and p, for the leapfrog).
  void advance(const ElementTerms& parameters, const ElementTerms* momenta);
  // The measured values again, at a state read back from a checkpoint.
  void remeasure(const ElementTerms& parameters, const ElementTerms* momenta);

  // A row of families.csv and the first `plot_units` units' rows of units.csv.
  void write(int64_t step, double time, io::CsvWriter& families, io::CsvWriter& units,
             int64_t plot_units) const;
  // Median and worst over units of each prediction's error (and the constraint's) now.
  nlohmann::json errors() const;

  const diagnostics::SymmetryFamily& family() const { return family_; }
  // The relative errors of each prediction per unit now (empty where it does not apply).
  std::vector<std::pair<std::string, std::vector<double>>> unit_errors() const;

  std::vector<double> state() const { return predictions_->state(); }
  void restore(const std::vector<double>& state) { predictions_->restore(state); }

 private:
  bool squares() const { return family_.symmetry != diagnostics::Symmetry::translation; }

  diagnostics::SymmetryFamily family_;
  std::optional<diagnostics::ConservationPredictions> predictions_;
  diagnostics::StepForcing forcing_;
  std::vector<double> measured_, magnitude_, charge_, charge_magnitude_, constraint_;
};

}  // namespace symplex::kinds
