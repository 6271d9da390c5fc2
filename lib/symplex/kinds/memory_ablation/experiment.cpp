#include "symplex/kinds/memory_ablation/experiment.h"

#include <fmt/format.h>

#include "symplex/kinds/memory_ablation/report.h"

namespace symplex::kinds {

std::vector<runner::RunPlan> MemoryAblation::plan() const {
  std::vector<runner::RunPlan> plans;
  for (const auto& base : sweep_.plan()) {
    for (const auto mode : spec_.modes) {
      const std::string name = io::name_of(ablation::kMemoryModeNames, mode);
      runner::RunPlan plan = base;
      plan.id = name + "_" + base.id;
      plan.params["mode"] = name;
      plans.push_back(std::move(plan));
    }
  }
  return plans;
}

runner::RunOutcome MemoryAblation::run(const runner::RunPlan& plan,
                                       const runner::RunContext& context) const {
  MemoryDisturbance disturbance;
  disturbance.mode = runner::param_value(plan, "mode", ablation::kMemoryModeNames);
  disturbance.thrash_bytes = static_cast<size_t>(spec_.thrash_mib) << 20;
  return sweep_.train(plan, context, disturbance);
}

void MemoryAblation::conclude(const std::filesystem::path& sweep_dir,
                              const std::vector<io::RunRecord>& records, std::ostream& out) const {
  out << write_memory_ablation_report(sweep_dir, records, spec_);
}

std::string MemoryAblation::describe(const runner::RunPlan& plan) const {
  const bool thrash =
      runner::param_value(plan, "mode", ablation::kMemoryModeNames) == ablation::MemoryMode::thrash;
  return sweep_.describe(plan) + ", memory " +
         (thrash ? fmt::format("thrash ({} MiB)", spec_.thrash_mib)
                 : plan.params.at("mode").get<std::string>());
}

std::string MemoryAblation::headline(const io::RunRecord& record) const {
  if (record.status != "finished") return sweep_.headline(record);
  return fmt::format("{}, {:.4f} s/step", sweep_.headline(record),
                     record.figures.at("seconds_per_step").get<double>());
}

std::unique_ptr<runner::Experiment> make_experiment(MemoryAblationSpec spec) {
  return std::make_unique<MemoryAblation>(std::move(spec));
}

}  // namespace symplex::kinds
