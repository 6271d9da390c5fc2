#include "symplex/kinds/dt_sweep/energy_log.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "symplex/diagnostics/median.h"

namespace symplex::kinds {
namespace {

// The first index of the last 20% of `count` values; the last value at least, for short runs.
size_t tail_start(size_t count) {
  const auto start = static_cast<size_t>(std::ceil(0.8 * static_cast<double>(count)));
  return count == 0 ? 0 : std::min(start, count - 1);
}

// H_{B_{t+1}}(θ_{t+1}, p_{t+1}) − H_{B_t}(θ_t, p_t), with K per unit lr (or the leapfrog's) and
// per step.
double consecutive_change(const optim::EnergyStep& now, const optim::EnergyStep& next) {
  return next.energy_before() - now.energy_before();
}
double consecutive_change_per_step(const optim::EnergyStep& now, const optim::EnergyStep& next) {
  return next.loss_before + next.kinetic_before_per_step -
         (now.loss_before + now.kinetic_before_per_step);
}

const std::vector<std::string> kColumns = {"step",
                                           "loss",
                                           "kinetic",
                                           "energy",
                                           "delta_h",
                                           "delta_h_consecutive",
                                           "delta_h_damping",
                                           "delta_h_cap",
                                           "delta_h_integrator",
                                           "delta_h_noise",
                                           "kinetic_per_step",
                                           "delta_h_per_step",
                                           "delta_h_consecutive_per_step",
                                           "floor_gap",
                                           "cap_fired",
                                           "seconds"};

}  // namespace

double tail_median_abs(const std::vector<double>& values) {
  std::vector<double> tail;
  for (size_t i = tail_start(values.size()); i < values.size(); ++i)
    tail.push_back(std::fabs(values[i]));
  return diagnostics::median(std::move(tail));
}

EnergyLog::EnergyLog(const std::filesystem::path& metrics_csv) : metrics_(metrics_csv, kColumns) {}

EnergyLog::EnergyLog(const std::filesystem::path& metrics_csv, const Snapshot& resume_from)
    : metrics_(metrics_csv, kColumns, resume_from.metrics_bytes) {
  const auto& v = resume_from.steps;
  if (v.size() % kSnapshotWidth != 0) throw std::runtime_error("malformed energy-log snapshot");
  for (size_t i = 0; i < v.size(); i += kSnapshotWidth) {
    Step s;
    s.step = static_cast<int64_t>(v[i]);
    s.energy.loss_before = v[i + 1];
    s.energy.kinetic_before = v[i + 2];
    s.energy.loss_after = v[i + 3];
    s.energy.kinetic_uncapped = v[i + 4];
    s.energy.kinetic_after = v[i + 5];
    s.energy.cap_fired = v[i + 6] != 0.0;
    s.energy.kinetic_before_per_step = v[i + 7];
    s.energy.kinetic_after_per_step = v[i + 8];
    if (!std::isnan(v[i + 9])) s.floor_gap = v[i + 9];
    s.seconds = v[i + 10];
    s.energy.damping_change = v[i + 11];
    steps_.push_back(s);
  }
}

EnergyLog::Snapshot EnergyLog::snapshot() const {
  Snapshot snapshot;
  snapshot.metrics_bytes = metrics_bytes();
  for (const auto& s : steps_) {
    const auto& e = s.energy;
    snapshot.steps.insert(
        snapshot.steps.end(),
        {static_cast<double>(s.step), e.loss_before, e.kinetic_before, e.loss_after,
         e.kinetic_uncapped, e.kinetic_after, e.cap_fired ? 1.0 : 0.0, e.kinetic_before_per_step,
         e.kinetic_after_per_step, s.floor_gap.value_or(NAN), s.seconds, e.damping_change});
  }
  return snapshot;
}

void EnergyLog::add(int64_t step, const optim::EnergyStep& energy, std::optional<double> floor_gap,
                    double seconds) {
  steps_.push_back({step, energy, floor_gap, seconds});
  if (steps_.size() >= 2) write(steps_[steps_.size() - 2], &steps_.back());
}

void EnergyLog::close() {
  if (closed_ || steps_.empty()) return;
  write(steps_.back(), nullptr);
  closed_ = true;
}

void EnergyLog::write(const Step& s, const Step* next) {
  const auto& e = s.energy;
  const double consecutive = next ? consecutive_change(e, next->energy) : NAN;
  const double consecutive_per_step = next ? consecutive_change_per_step(e, next->energy) : NAN;
  metrics_.add_row(
      {s.step, e.loss_before, e.kinetic_before, e.energy_before(), e.energy_change(),
       io::number_or_empty(consecutive), io::number_or_empty(e.damping_change),
       io::number_or_empty(std::isnan(e.damping_change) ? NAN : e.cap_change()),
       io::number_or_empty(e.integrator_change()),
       io::number_or_empty(consecutive - e.energy_change()),
       io::number_or_empty(e.kinetic_before_per_step),
       io::number_or_empty(e.energy_change_per_step()), io::number_or_empty(consecutive_per_step),
       io::number_or_empty(s.floor_gap.value_or(NAN)), e.cap_fired ? 1 : 0, s.seconds});
}

nlohmann::json EnergyLog::figures() const {
  std::vector<double> same_batch, consecutive, same_batch_per_step, consecutive_per_step;
  std::vector<double> damping, cap, integrator, noise;
  int64_t cap_fired = 0;
  for (size_t i = 0; i < steps_.size(); ++i) {
    const auto& e = steps_[i].energy;
    same_batch.push_back(e.energy_change());
    same_batch_per_step.push_back(e.energy_change_per_step());
    damping.push_back(e.damping_change);
    cap.push_back(e.cap_change());
    integrator.push_back(e.integrator_change());
    cap_fired += e.cap_fired ? 1 : 0;
    if (i + 1 < steps_.size()) {
      const auto& next = steps_[i + 1].energy;
      consecutive.push_back(consecutive_change(e, next));
      consecutive_per_step.push_back(consecutive_change_per_step(e, next));
      noise.push_back(consecutive.back() - same_batch.back());
    }
  }
  nlohmann::json figures = nlohmann::json::object();
  const auto put = [&](const char* name, double value) {
    if (std::isfinite(value)) figures[name] = value;
  };
  put("drift", tail_median_abs(same_batch));
  put("drift_consecutive", tail_median_abs(consecutive));
  put("drift_per_step", tail_median_abs(same_batch_per_step));
  put("drift_consecutive_per_step", tail_median_abs(consecutive_per_step));
  // The leapfrog's budget of eq. (16); the baselines' damping is NaN, so they get only the noise.
  put("drift_damping", tail_median_abs(damping));
  if (std::isfinite(figures.value("drift_damping", NAN))) {
    put("drift_cap", tail_median_abs(cap));
    put("drift_integrator", tail_median_abs(integrator));
  }
  put("drift_noise", tail_median_abs(noise));

  const size_t first = tail_start(steps_.size());
  std::vector<double> floor;
  double tail_loss = 0.0;
  for (size_t i = first; i < steps_.size(); ++i) {
    tail_loss += steps_[i].energy.loss_before;
    if (steps_[i].floor_gap) floor.push_back(*steps_[i].floor_gap);
  }
  put("floor", diagnostics::median(floor));
  put("cap_engagement", static_cast<double>(cap_fired) / static_cast<double>(steps_.size()));
  put("train_loss_tail", tail_loss / static_cast<double>(steps_.size() - first));
  return figures;
}

}  // namespace symplex::kinds
