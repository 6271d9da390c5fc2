#pragma once

#include <torch/optim/optimizer.h>

#include <vector>

#include "symplex/optim/integrator.h"

namespace symplex::optim {

// Normalised round-trip errors ‖θ_back − θ₀‖/‖θ₀‖ and ‖p_back − p₀‖/‖p₀‖.
struct RoundTripError {
  double parameters;
  double momenta;
};

// docs/reversibility.md: from (θ₀, p₀), `steps` steps forward, negate p, `steps` steps, negate p;
// no damping, no cap, mass preconditioning of docs/dt_sweep.md eq. (5). The parameters are left
// where the round trip ends.
RoundTripError round_trip(Integrator integrator, const std::vector<torch::Tensor>& parameters,
                          const std::vector<torch::Tensor>& initial_momenta,
                          const torch::optim::Optimizer::LossClosure& closure, double dt,
                          int64_t steps);

}  // namespace symplex::optim
