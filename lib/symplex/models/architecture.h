#pragma once

#include "symplex/io/name_table.h"

namespace symplex::models {

// The trunk of a PINN (docs/depth_sweep.md).
enum class Architecture { mlp, residual_mlp, symplectic };

inline constexpr io::NameTable<Architecture, 3> kArchitectureNames = {{
    {Architecture::mlp, "mlp"},
    {Architecture::residual_mlp, "residual_mlp"},
    {Architecture::symplectic, "symplectic"},
}};

// How a PINN's heat-operator terms are taken: fused (propagated through its layers, models/jet.h)
// or autograd (nested reverse mode, the reference).
enum class DerivativeMethod { fused, autograd };

inline constexpr io::NameTable<DerivativeMethod, 2> kDerivativeMethodNames = {{
    {DerivativeMethod::fused, "fused"},
    {DerivativeMethod::autograd, "autograd"},
}};

}  // namespace symplex::models
