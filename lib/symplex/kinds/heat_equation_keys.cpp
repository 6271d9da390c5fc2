#include "symplex/kinds/heat_equation_keys.h"

#include "symplex/config/checks.h"

namespace symplex::kinds {

void read_heat_equation(config::Section section, pde::HeatEquation& equation) {
  section.optional<double>("alpha", equation.alpha, "diffusivity α in u_t = α u_xx",
                           config::positive_float32());
  section.optional<double>("t_max", equation.t_max, "end of the time interval [0, t_max]",
                           config::positive_float32());
  section.list<double>("coefficients", equation.coefficients,
                       "a_k of the initial condition u(x, 0) = Σ_k a_k sin(kπx)",
                       config::within_float32());
  section.finish();
}

void read_collocation_sizes(config::Section section, pde::CollocationSizes& sizes) {
  section.optional<int64_t>("interior", sizes.interior, "interior points (x, t) for the residual",
                            config::between<int64_t>(1, 10'000'000));
  section.optional<int64_t>("initial", sizes.initial, "points on t = 0 for the initial condition",
                            config::between<int64_t>(1, 10'000'000));
  section.optional<int64_t>("boundary", sizes.boundary, "points on x ∈ {0, 1}",
                            config::between<int64_t>(1, 10'000'000));
  section.finish();
}

}  // namespace symplex::kinds
