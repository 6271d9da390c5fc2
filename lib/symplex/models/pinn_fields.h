#pragma once

#include <string>

#include "symplex/models/pinn_net.h"
#include "symplex/pde/heat.h"

namespace symplex::models {

// The network as the heat loss sees it: u(x, t).
pde::Field pinn_field(PinnNet net);

// u_t and u_xx of the network, "fused" (propagated through its layers with the value,
// models/jet.h) or "autograd" (nested reverse mode through pinn_field, the reference).
pde::Derivatives pinn_derivatives(PinnNet net, const std::string& method);

}  // namespace symplex::models
