#pragma once

#include "symplex/io/name_table.h"

namespace symplex::optim {

// The integrators of H(θ, p) that a round trip compares (docs/reversibility.md).
enum class Integrator { leapfrog, explicit_euler, symplectic_euler };

inline constexpr io::NameTable<Integrator, 3> kIntegratorNames = {{
    {Integrator::leapfrog, "leapfrog"},
    {Integrator::explicit_euler, "explicit_euler"},
    {Integrator::symplectic_euler, "symplectic_euler"},
}};

// The optimizers whose energy a dt sweep accounts for (docs/dt_sweep.md): the leapfrog and the
// baselines AdamW and SGD with momentum.
enum class EnergyOptimizer { leapfrog, adamw, sgd };

inline constexpr io::NameTable<EnergyOptimizer, 3> kEnergyOptimizerNames = {{
    {EnergyOptimizer::leapfrog, "leapfrog"},
    {EnergyOptimizer::adamw, "adamw"},
    {EnergyOptimizer::sgd, "sgd"},
}};

}  // namespace symplex::optim
