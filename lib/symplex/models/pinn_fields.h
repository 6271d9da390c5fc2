#pragma once

#include "symplex/models/architecture.h"
#include "symplex/models/pinn_net.h"
#include "symplex/pde/derivatives.h"

namespace symplex::models {

// The network as a PINN loss sees it: u(points).
pde::Field pinn_field(PinnNet net);

// The streams a PINN loss needs of the network, fused (propagated through its layers with the
// value, models/jet.h) or by autograd (nested reverse mode through pinn_field, the reference).
pde::Derivatives pinn_derivatives(PinnNet net, DerivativeMethod method);

}  // namespace symplex::models
