#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "symplex/io/run_record.h"
#include "symplex/kinds/stiffness/spec.h"

namespace symplex::kinds {

// A figure of a stiffness run: NaN where the run wrote none (null).
double stiffness_number(const nlohmann::json& value);

// Writes stiffness_methods.csv (per method: the large-|z| slope of |R'| with its 95% CI beside the
// closed form's, the errors against the closed forms, sup |z R'|, where an explicit method turns
// unstable) and stiffness_learning.csv (per method and stiffness ratio, over seeds: the final
// relative error of each rate and the gradient at the start) and stiffness_neural.csv (per method
// and h, over seeds: h ρ(J_f), each layer's gradient norm at the start, the misfit's fall), and
// returns the summary table.
std::string write_stiffness_report(const std::filesystem::path& sweep_dir,
                                   const std::vector<io::RunRecord>& records,
                                   const StiffnessSpec& spec);

}  // namespace symplex::kinds
