#pragma once

#include "symplex/kinds/pinn_bench/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// Times PINN training steps (the depth sweep's network, loss and Adam step) per architecture,
// trunk shape, number of points, way of taking derivatives and eager or CUDA-graph step; the
// conclusion times scripts/bench_reference.py on the same configs in the same invocation and
// reports the ratios. A speed claim is only ever such a ratio.
class PinnBench : public runner::Experiment {
 public:
  explicit PinnBench(PinnBenchSpec spec) : spec_(std::move(spec)) {}

  std::vector<runner::RunPlan> plan() const override;
  runner::RunOutcome run(const runner::RunPlan& plan,
                         const runner::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const runner::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;
  double relative_cost(const runner::RunPlan& plan) const override;
  bool timing_sensitive() const override { return true; }

 private:
  // Eager calls a graphed step makes before it captures its graph.
  static constexpr int kGraphWarmupCalls = 3;

  int64_t warmup_steps(const runner::RunPlan& plan) const;
  nlohmann::json reference_timings(const std::filesystem::path& sweep_dir,
                                   const std::vector<io::RunRecord>& records) const;

  PinnBenchSpec spec_;
};

}  // namespace symplex::kinds
