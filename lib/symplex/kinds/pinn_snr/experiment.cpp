#include "symplex/kinds/pinn_snr/experiment.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "symplex/io/csv.h"
#include "symplex/kinds/pinn_snr/experiment_problems.h"
#include "symplex/kinds/pinn_snr/experiment_training.h"
#include "symplex/kinds/pinn_snr/phases.h"
#include "symplex/kinds/pinn_snr/report.h"
#include "symplex/models/dtype.h"
#include "symplex/models/parameter_count.h"
#include "symplex/models/pinn_net.h"

namespace symplex::kinds {

std::vector<runner::RunPlan> PinnSnr::plan() const {
  std::vector<runner::RunPlan> plans;
  for (const auto problem : spec_.problems) {
    const std::string name = io::name_of(kProblemNames, problem);
    for (const bool rba : spec_.rba) {
      for (const int64_t seed : spec_.seeds) {
        runner::RunPlan plan;
        plan.id = fmt::format("{}_{}_s{}", name, rba ? "rba" : "plain", seed);
        plan.params = {{"problem", name},
                       {"rba", rba},
                       {"seed", seed},
                       {"width", spec_.width},
                       {"depth", spec_.depth},
                       {"dtype", io::name_of(models::kPrecisionNames, spec_.precision)}};
        plans.push_back(std::move(plan));
      }
    }
  }
  return plans;
}

std::string PinnSnr::describe(const runner::RunPlan& plan) const {
  return fmt::format("{} steps, SNR on {} batches every {} steps", spec_.steps, spec_.snr.batches,
                     spec_.snr.every) +
         (plan.params.at("rba").get<bool>() ? ", RBA" : "");
}

std::string PinnSnr::headline(const io::RunRecord& record) const {
  if (record.status != "finished") {
    return fmt::format("non-finite loss at step {}", record.diverged_step.value_or(-1));
  }
  const auto& f = record.figures;
  const auto onset = f.value("onset_step", nlohmann::json(nullptr));
  return fmt::format("rel L2 {:.2e}, onset of total diffusion at {}",
                     f.at("relative_l2").get<double>(),
                     onset.is_null() ? std::string("none") : std::to_string(onset.get<int64_t>()));
}

runner::RunOutcome PinnSnr::run(const runner::RunPlan& plan,
                                const runner::RunContext& context) const {
  const auto& p = plan.params;
  const torch::Device device(context.device);
  const auto options =
      torch::TensorOptions().device(device).dtype(models::dtype_of(spec_.precision));
  nlohmann::json reference_accuracy;
  const auto problem = make_problem(spec_, runner::param_value(plan, "problem", kProblemNames),
                                    context.files.dir.parent_path(), &reference_accuracy);
  const int64_t seed = p.at("seed").get<int64_t>();
  torch::manual_seed(static_cast<uint64_t>(seed));
  models::PinnNet model(models::PinnNetOptions(models::Architecture::mlp, spec_.width, spec_.depth)
                            .box(problem->box()));
  model->to(device, options.dtype().toScalarType());
  const auto points = problem->sample(spec_.points, options);

  SnrTraining training(spec_, context, p.at("rba").get<bool>(), seed, *problem, model, points,
                       options);
  const auto trained = runner::train(training, spec_.steps, context, plan.id);

  auto outcome = runner::outcome_of(trained);
  outcome.figures["parameters"] = models::parameter_count(*model);
  if (outcome.diverged_step) return outcome;
  outcome.figures["relative_l2"] = training.relative_l2();
  outcome.figures.update(
      phase_figures(io::read_csv(context.files.dir / kSnrCsv), spec_.snr.window));
  outcome.figures["measuring_seconds"] = training.measuring_seconds();
  outcome.figures["training_seconds"] = trained.seconds;
  if (!reference_accuracy.is_null()) outcome.figures["reference"] = reference_accuracy;
  return outcome;
}

void PinnSnr::conclude(const std::filesystem::path& sweep_dir,
                       const std::vector<io::RunRecord>& records, std::ostream& out) const {
  out << write_pinn_snr_report(sweep_dir, records);
}

std::unique_ptr<runner::Experiment> make_experiment(PinnSnrSpec spec) {
  return std::make_unique<PinnSnr>(std::move(spec));
}

}  // namespace symplex::kinds
