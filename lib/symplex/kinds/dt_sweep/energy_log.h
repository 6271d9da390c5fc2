#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "symplex/io/csv.h"
#include "symplex/optim/energy_step.h"

namespace symplex::kinds {

// The energy record of one dt-sweep run: a metrics.csv row per step and the run's drift figures,
// for every definition of ΔH (docs/dt_sweep.md eq. 1):
//   same_batch:  ΔH_t = H_{B_t}(θ_{t+1}, p_{t+1}) − H_{B_t}(θ_t, p_t)
//   consecutive: ΔH_t = H_{B_{t+1}}(θ_{t+1}, p_{t+1}) − H_{B_t}(θ_t, p_t), the change one sees
//                tracking H along training; it needs step t+1's first evaluation, so row t is
//                written once step t+1 is recorded.
// Baselines add both again with the kinetic energy per step (v = Δθ) instead of per unit lr.
// Each row also splits ΔH into the terms of docs/dt_sweep.md eq. (16): damping, cap and
// integrator (the leapfrog's), and noise = consecutive − same batch.
class EnergyLog {
 public:
  explicit EnergyLog(const std::filesystem::path& metrics_csv);

  // What a checkpoint keeps: the steps recorded so far, kSnapshotWidth numbers each, and the
  // bytes of metrics.csv written (every step's row but the last's).
  struct Snapshot {
    std::vector<double> steps;
    uint64_t metrics_bytes = 0;
  };
  static constexpr size_t kSnapshotWidth = 12;
  Snapshot snapshot() const;
  // The bytes of metrics.csv a snapshot taken now accounts for.
  uint64_t metrics_bytes() const { return metrics_.bytes(); }
  // Goes on from a snapshot; metrics.csv is cut back to what the snapshot accounted for.
  EnergyLog(const std::filesystem::path& metrics_csv, const Snapshot& resume_from);

  // Step t, in order from 1. `floor_gap`: |L_run − L_float64| at θ_t when it was measured.
  void add(int64_t step, const optim::EnergyStep& energy, std::optional<double> floor_gap,
           double seconds);
  // Writes the last row; call once after the last step (or the step before a divergence).
  void close();

  // Tail medians over t ∈ [0.8 T, T): drift, drift_consecutive, and for baselines
  // drift_per_step and drift_consecutive_per_step; the terms of eq. (16), drift_noise and for the
  // leapfrog drift_damping, drift_cap and drift_integrator; floor (when measured in the tail);
  // cap_engagement; train_loss_tail (mean L_B(θ_t) over the tail).
  nlohmann::json figures() const;

 private:
  struct Step {
    int64_t step;
    optim::EnergyStep energy;
    std::optional<double> floor_gap;
    double seconds;
  };
  void write(const Step& step, const Step* next);

  io::CsvWriter metrics_;
  std::vector<Step> steps_;
  bool closed_ = false;
};

// Median of |x| over the last 20% of the values, t ∈ [0.8 T, T): Drift of docs/dt_sweep.md eq. 1.
double tail_median_abs(const std::vector<double>& values);

}  // namespace symplex::kinds
