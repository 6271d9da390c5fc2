#pragma once

#include "symplex/config/section.h"
#include "symplex/pde/heat_equation.h"

namespace symplex::kinds {

// The spec keys of the heat equation and of its training points, for the kinds that solve it.
void read_heat_equation(config::Section section, pde::HeatEquation& equation);
void read_collocation_sizes(config::Section section, pde::CollocationSizes& sizes);

}  // namespace symplex::kinds
