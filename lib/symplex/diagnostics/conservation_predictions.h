#pragma once

#include <cstdint>
#include <vector>

#include "symplex/io/name_table.h"

namespace symplex::diagnostics {

// The three symmetries of docs/conservation.md and the quantity each conserves under gradient
// flow, per unit: translation ⟨θ_A, 1⟩, scale ‖θ_A‖², rescale ‖θ_out‖² − ‖θ_in‖².
enum class Symmetry { translation, scale, rescale };

inline constexpr io::NameTable<Symmetry, 3> kSymmetryNames = {{
    {Symmetry::translation, "translation"},
    {Symmetry::scale, "scale"},
    {Symmetry::rescale, "rescale"},
}};

// The update rules whose effect on the quantities is predicted: SGD, SGD with heavy-ball
// momentum (LibTorch's: b ← βb + (1−d)(g + λθ), the first b = g + λθ; θ ← θ − ηb), AdamW
// (decoupled decay) and the leapfrog (no weight decay, damping γ).
enum class UpdateRule { sgd, momentum, adamw, leapfrog };

inline constexpr io::NameTable<UpdateRule, 4> kUpdateRuleNames = {{
    {UpdateRule::sgd, "sgd"},
    {UpdateRule::momentum, "momentum"},
    {UpdateRule::adamw, "adamw"},
    {UpdateRule::leapfrog, "leapfrog"},
}};

struct UpdateConstants {
  UpdateRule rule = UpdateRule::sgd;
  double lr = 0.1;            // η, or the leapfrog's dt
  double weight_decay = 0.0;  // λ (coupled for SGD and momentum, decoupled for AdamW)
  double momentum = 0.0;      // β
  double dampening = 0.0;     // d
  double gamma = 0.0;         // the leapfrog's damping
  double inverse_mass = 1.0;  // the leapfrog's M⁻¹ of the tensor a translation unit lies in
};

// The time t of step k by which the modified flow (and, for SGD and AdamW, gradient flow) is
// written: ηk; η(1−d)k with momentum; dt·k for the leapfrog.
double flow_time(const UpdateConstants& constants, int64_t step);

// What one step measured that the predictions of the quantities need, per unit: Σ±‖g_k‖² of the
// gradient at θ_k (SGD) and Σ±‖b_{k+1}‖² of the momentum buffer after the step (momentum).
struct StepForcing {
  std::vector<double> gradient_square;
  std::vector<double> buffer_square;
};

// The predictions of one family's quantities (docs/conservation.md), advanced step by step from
// the measured initial values, in float64:
//   recursion      the update's exact discrete recursion, forced by the measured squared norms;
//                  for the leapfrog's translation, the charge recursion below
//   modified_flow  the modified-flow solution (SGD, momentum), its integral carried as a recursion
//   gradient_flow  the quantity under gradient flow: constant, or decaying as e^{−λt} / e^{−2λt}
//   charge         the leapfrog's momentum map Σ_A p, decaying by e^{−γdt} per step
// A prediction that does not apply to the update is NaN.
class ConservationPredictions {
 public:
  // `initial` is the quantity at θ_0; `initial_charge` Σ_A p_0 (leapfrog translation only).
  ConservationPredictions(Symmetry symmetry, const UpdateConstants& constants,
                          std::vector<double> initial, std::vector<double> initial_charge = {});

  // From step k to k + 1.
  void advance(const StepForcing& forcing);

  int64_t step() const { return step_; }
  const std::vector<double>& recursion() const { return recursion_; }
  const std::vector<double>& modified_flow() const { return flow_; }
  std::vector<double> gradient_flow() const;
  const std::vector<double>& charge() const { return charge_; }

  // Everything advance() changes, flat, for a run's checkpoint.
  std::vector<double> state() const;
  void restore(const std::vector<double>& state);

 private:
  bool has_recursion() const;
  bool has_modified_flow() const;
  void advance_recursion(const StepForcing& forcing);
  void advance_modified_flow(const StepForcing& forcing);

  Symmetry symmetry_;
  UpdateConstants c_;
  std::vector<double> initial_;
  int64_t step_ = 0;
  // The recursion's quantity and its companion: Σ_A b (translation) or Σ±⟨θ_k, b_k⟩ (momentum).
  std::vector<double> recursion_, recursion_aux_;
  // The modified flow's quantity and its time derivative (the momentum oscillator).
  std::vector<double> flow_, flow_rate_;
  std::vector<double> charge_;
  // The momentum oscillator's exact one-step propagator for piecewise-constant forcing:
  // (x, ẋ) ← Φ (x, ẋ) + ψ f.
  double phi_[2][2] = {{1, 0}, {0, 1}};
  double psi_[2] = {0, 0};
};

// |prediction − measured| / magnitude per unit, where the magnitude is the sum of the absolute
// values of the terms the quantity adds up (its round-off scale). NaN where either is NaN or the
// magnitude is 0 (a unit whose terms are all zero).
std::vector<double> relative_errors(const std::vector<double>& prediction,
                                    const std::vector<double>& measured,
                                    const std::vector<double>& magnitude);

}  // namespace symplex::diagnostics
