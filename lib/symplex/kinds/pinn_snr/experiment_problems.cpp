#include "symplex/kinds/pinn_snr/experiment_problems.h"

#include <fmt/format.h>
#include <torch/serialize.h>

#include <sstream>

#include "symplex/io/atomic_file.h"
#include "symplex/pde/allen_cahn_problem.h"
#include "symplex/pde/heat_problem.h"
#include "symplex/pde/helmholtz.h"
#include "symplex/runner/run_clock.h"

namespace symplex::kinds {
namespace {

// The cache file's name: every number the solution depends on.
std::string reference_name(const PinnSnrSpec& spec) {
  const auto& e = spec.allen_cahn;
  const auto& r = spec.allen_cahn_reference;
  return fmt::format("D{}_r{}_T{}_m{}_s{}_o{}", e.diffusion, e.reaction, e.t_max, r.modes,
                     r.time_steps, r.output_times);
}

}  // namespace

pde::ReferenceSolution allen_cahn_reference(const PinnSnrSpec& spec,
                                            const std::filesystem::path& sweep_dir,
                                            nlohmann::json* accuracy) {
  const auto folder = sweep_dir / "allen_cahn_reference";
  const auto tensors_file = folder / (reference_name(spec) + ".pt");
  const auto accuracy_file = folder / (reference_name(spec) + ".json");
  if (std::filesystem::is_regular_file(tensors_file) &&
      std::filesystem::is_regular_file(accuracy_file)) {
    try {
      std::vector<torch::Tensor> tensors;
      std::istringstream in(io::read_file(tensors_file));
      torch::load(tensors, in);
      if (accuracy) *accuracy = nlohmann::json::parse(io::read_file(accuracy_file));
      if (tensors.size() == 3) return {tensors[0], tensors[1], tensors[2]};
    } catch (const std::exception&) {
      // unreadable: solved and written again below
    }
  }
  const runner::RunClock clock;
  auto solution = pde::solve_allen_cahn(spec.allen_cahn, spec.allen_cahn_reference);
  const double seconds = clock.seconds();
  const nlohmann::json figures = {
      {"self_difference",
       pde::reference_self_difference(spec.allen_cahn, spec.allen_cahn_reference, solution)},
      {"definition",
       "max |u| difference against the solution with twice the modes and twice the steps"},
      {"seconds", seconds}};
  std::filesystem::create_directories(folder);
  std::ostringstream out;
  torch::save(std::vector<torch::Tensor>{solution.x, solution.t, solution.u}, out);
  // The figures first: a reader takes the tensors only when both files exist.
  io::write_file_atomic(accuracy_file, figures.dump(2) + "\n");
  io::write_file_atomic(tensors_file, out.str());
  if (accuracy) *accuracy = figures;
  return solution;
}

std::unique_ptr<pde::PinnProblem> make_problem(const PinnSnrSpec& spec, ProblemName name,
                                               const std::filesystem::path& sweep_dir,
                                               nlohmann::json* reference_accuracy) {
  switch (name) {
    case ProblemName::heat:
      return std::make_unique<pde::HeatProblem>(spec.heat, spec.test_n, spec.test_n);
    case ProblemName::helmholtz:
      return std::make_unique<pde::HelmholtzProblem>(spec.helmholtz, spec.test_n);
    case ProblemName::allen_cahn:
      return std::make_unique<pde::AllenCahnProblem>(
          spec.allen_cahn, allen_cahn_reference(spec, sweep_dir, reference_accuracy), spec.test_n);
  }
  throw std::logic_error("make_problem: unknown problem");
}

}  // namespace symplex::kinds
