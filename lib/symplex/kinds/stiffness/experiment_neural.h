#pragma once

#include <torch/torch.h>

#include <filesystem>

#include "symplex/kinds/stiffness/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// A neural vector field on Van der Pol's oscillator trained through whole solves of one method at
// step h (spec.h, NeuralStiffOde): per logged iteration, the misfit, each layer's gradient norm,
// and h ρ(J_f) along the trajectory. Writes neural.csv into `dir`; diverges where the misfit is
// not finite.
runner::RunOutcome train_neural_field(ode::Method method, double h, int64_t seed,
                                      const StiffnessSpec& spec, const torch::Device& device,
                                      const std::filesystem::path& dir);

}  // namespace symplex::kinds
