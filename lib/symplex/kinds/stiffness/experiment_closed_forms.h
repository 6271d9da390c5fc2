#pragma once

#include <torch/torch.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "symplex/kinds/stiffness/spec.h"

namespace symplex::kinds {

// One method's stability function and whole-solve gradients, measured by running its code on
// y' = λy in float64 and differentiating with autograd, held against the closed forms
// (docs/stiffness.md, parts 1 and 2). Writes stability.csv and solve_gradient.csv into `dir` and
// returns the run's figures.
nlohmann::json measure_closed_forms(ode::Method method, const StiffnessSpec& spec,
                                    const torch::Device& device, const std::filesystem::path& dir);

// The rounding scale of R'(z) in float64: ε (1 + |R|) / (1 + |z|), the size of the last bit of
// the terms from which any code assembles R' (its stages are O(|R|), and dz scales them by
// 1 / |z| once |z| > 1). R' is compared where it is above 1e6 times this, and counted as at the
// floor elsewhere; its errors are also stated in units of this floor.
double stability_derivative_floor(double r, double z);

}  // namespace symplex::kinds
