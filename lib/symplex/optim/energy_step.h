#pragma once

#include <cmath>

namespace symplex::optim {

// The energy bookkeeping of one optimizer step on one minibatch B_t (docs/dt_sweep.md):
// H = K + L with K the kinetic energy of the optimizer's momentum or velocity.
struct EnergyStep {
  double loss_before = 0.0;       // L_B(θ_t)
  double kinetic_before = 0.0;    // K_t
  double loss_after = 0.0;        // L_B(θ_{t+1}), on the same batch
  double kinetic_uncapped = 0.0;  // K_{t+1} before an energy cap
  double kinetic_after = 0.0;     // K_{t+1}
  bool cap_fired = false;
  // The leapfrog only (NaN for the baselines): the change of K made by the damping factors
  // e^{−γdt/2} of both half kicks, each from p just before and just after its factor.
  double damping_change = NAN;
  // Baselines only (NaN for the leapfrog): K from the velocity per step, v = Δθ, instead of per
  // unit learning rate, v = Δθ/lr; the two differ by the factor lr².
  double kinetic_before_per_step = NAN;
  double kinetic_after_per_step = NAN;

  double energy_before() const { return loss_before + kinetic_before; }
  double energy_after() const { return loss_after + kinetic_after; }
  // ΔH_t = H_B(θ_{t+1}, p_{t+1}) − H_B(θ_t, p_t): the step's energy error on one batch.
  double energy_change() const { return energy_after() - energy_before(); }
  // Seed 001's eq. (6) term by term (docs/dt_sweep.md eq. (16)): ΔH_t = damping + cap + integrator,
  // where the integrator part is what the step changed besides the damping and the cap.
  double cap_change() const { return kinetic_after - kinetic_uncapped; }
  double integrator_change() const { return energy_change() - damping_change - cap_change(); }
  double energy_change_per_step() const {
    return loss_after + kinetic_after_per_step - (loss_before + kinetic_before_per_step);
  }
};

}  // namespace symplex::optim
