#include "symplex/experiments/memory_ablation.h"

#include <fmt/format.h>

#include "symplex/experiments/memory_ablation_report.h"

namespace symplex::experiments {

std::vector<core::RunPlan> MemoryAblation::plan() const {
  std::vector<core::RunPlan> plans;
  for (const auto& base : sweep_.plan()) {
    for (const auto& mode : spec_.modes) {
      core::RunPlan plan = base;
      plan.id = mode + "_" + base.id;
      plan.params["mode"] = mode;
      plans.push_back(std::move(plan));
    }
  }
  return plans;
}

core::RunOutcome MemoryAblation::run(const core::RunPlan& plan,
                                     const core::RunContext& context) const {
  MemoryDisturbance disturbance;
  disturbance.mode = plan.params.at("mode").get<std::string>();
  disturbance.thrash_bytes = static_cast<size_t>(spec_.thrash_mib) << 20;
  return sweep_.train(plan, context, disturbance);
}

void MemoryAblation::conclude(const std::filesystem::path& sweep_dir,
                              const std::vector<io::RunRecord>& records, std::ostream& out) const {
  out << write_memory_ablation_report(sweep_dir, records, spec_);
}

std::string MemoryAblation::describe(const core::RunPlan& plan) const {
  const std::string mode = plan.params.at("mode").get<std::string>();
  return sweep_.describe(plan) + ", memory " +
         (mode == "thrash" ? fmt::format("thrash ({} MiB)", spec_.thrash_mib) : mode);
}

std::string MemoryAblation::headline(const io::RunRecord& record) const {
  if (record.status != "finished") return sweep_.headline(record);
  return fmt::format("{}, {:.4f} s/step", sweep_.headline(record),
                     record.figures.at("seconds_per_step").get<double>());
}

}  // namespace symplex::experiments
