#pragma once

#include <torch/torch.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "symplex/kinds/stiffness/spec.h"

namespace symplex::kinds {

// Learning the two rates of y' = diag(λ_slow, λ_fast) y by Adam on log(−λ) through a whole solve
// with `method`, for every stiffness ratio side by side (Adam is elementwise, so the ratios are
// independent problems in one batch). The observations are the same method's trajectory at the
// true rates, so that the optimum is the truth and what is left of the error is the
// optimizer's. Writes learning.csv into `dir` and returns the run's figures, one entry per ratio
// under its ratio_key.
nlohmann::json learn_stiff_rates(ode::Method method, int64_t seed, const StiffnessSpec& spec,
                                 const torch::Device& device, const std::filesystem::path& dir);

}  // namespace symplex::kinds
