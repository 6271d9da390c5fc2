#pragma once

#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "symplex/kinds/pinn_snr/spec.h"
#include "symplex/pde/allen_cahn.h"
#include "symplex/pde/pinn_problem.h"

namespace symplex::kinds {

// The Allen–Cahn reference solution of a spec, computed once per sweep and kept in the sweep
// folder (allen_cahn_reference/<resolution>.pt, with its accuracy in a .json beside it): the
// first run that needs it solves and writes it atomically; the others, and later resumes, read it.
// Returns the solution; `accuracy` receives the .json's figures (self_difference, seconds).
pde::ReferenceSolution allen_cahn_reference(const PinnSnrSpec& spec,
                                            const std::filesystem::path& sweep_dir,
                                            nlohmann::json* accuracy = nullptr);

// The problem of one run. Allen–Cahn reads (or first computes) its reference in sweep_dir, and
// `reference_accuracy` receives that reference's accuracy figures.
std::unique_ptr<pde::PinnProblem> make_problem(const PinnSnrSpec& spec, ProblemName name,
                                               const std::filesystem::path& sweep_dir,
                                               nlohmann::json* reference_accuracy);

}  // namespace symplex::kinds
