#pragma once

#include "symplex/models/architecture.h"
#include "symplex/models/pinn_net.h"
#include "symplex/pde/heat.h"

namespace symplex::models {

// The network as the heat loss sees it: u(x, t).
pde::Field pinn_field(PinnNet net);

// The heat loss's terms of the network, fused (u_t − α u_xx propagated through its layers with
// the value, models/jet.h) or by autograd (nested reverse mode through pinn_field, the reference).
pde::Derivatives pinn_derivatives(PinnNet net, DerivativeMethod method);

}  // namespace symplex::models
