#include "symplex/kinds/dt_sweep/energy_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

namespace fs = std::filesystem;

optim::EnergyStep step(double loss_before, double kinetic_before, double loss_after,
                       double kinetic_after, double lr = NAN) {
  optim::EnergyStep e;
  e.loss_before = loss_before;
  e.kinetic_before = kinetic_before;
  e.loss_after = loss_after;
  e.kinetic_uncapped = e.kinetic_after = kinetic_after;
  if (!std::isnan(lr)) {
    e.kinetic_before_per_step = lr * lr * kinetic_before;
    e.kinetic_after_per_step = lr * lr * kinetic_after;
  }
  return e;
}

class EnergyLogTest : public ::testing::Test {
 protected:
  fs::path path_ = fs::temp_directory_path() / ("symplex_energy_" + std::to_string(::getpid()));
  void TearDown() override { fs::remove(path_); }
};

// Three steps on different batches: L_{B_{t+1}}(θ_{t+1}) differs from L_{B_t}(θ_{t+1}), so the two
// definitions part; row t is complete once step t+1 is in.
TEST_F(EnergyLogTest, SameBatchAndConsecutiveDefinitions) {
  {
    EnergyLog log(path_);
    log.add(1, step(2.0, 0.0, 1.9, 0.05, 0.5), 1e-7, 0.1);
    log.add(2, step(1.8, 0.05, 1.7, 0.1, 0.5), std::nullopt, 0.2);
    log.add(3, step(1.75, 0.1, 1.6, 0.12, 0.5), 3e-7, 0.3);
    log.close();
    const auto f = log.figures();
    // The tails of such short runs are their last values.
    EXPECT_DOUBLE_EQ(f.at("drift").get<double>(), std::fabs(1.6 + 0.12 - 1.85));
    EXPECT_DOUBLE_EQ(f.at("drift_consecutive").get<double>(), std::fabs(1.85 - 1.85));
    EXPECT_DOUBLE_EQ(f.at("drift_per_step").get<double>(), std::fabs(1.6 + 0.03 - (1.75 + 0.025)));
    EXPECT_DOUBLE_EQ(f.at("floor").get<double>(), 3e-7);
    EXPECT_DOUBLE_EQ(f.at("train_loss_tail").get<double>(), 1.75);
  }
  const auto csv = io::read_csv(path_);
  ASSERT_EQ(csv.rows.size(), 3u);
  EXPECT_DOUBLE_EQ(std::stod(csv.rows[0][csv.column("delta_h_consecutive")]), 1.85 - 2.0);
  EXPECT_DOUBLE_EQ(std::stod(csv.rows[0][csv.column("delta_h")]), 1.95 - 2.0);
  EXPECT_EQ(csv.rows[1][csv.column("floor_gap")], "");
  EXPECT_EQ(csv.rows[2][csv.column("delta_h_consecutive")], "");  // no step 4
}

// A log resumed from a snapshot, after a kill that left rows beyond it and a torn line, ends with
// the same metrics.csv and figures as a log that ran straight through.
TEST_F(EnergyLogTest, ResumedFromSnapshotEqualsUninterrupted) {
  const std::vector<optim::EnergyStep> steps = {
      step(2.0, 0.0, 1.9, 0.05, 0.5), step(1.8, 0.05, 1.7, 0.1, 0.5),
      step(1.75, 0.1, 1.6, 0.12, 0.5), step(1.7, 0.12, 1.65, 0.2, 0.5)};
  const auto floor_gap = [](size_t i) { return i == 2 ? std::optional<double>() : 1e-7 * i; };
  nlohmann::json straight;
  {
    EnergyLog log(path_);
    for (size_t i = 0; i < steps.size(); ++i)
      log.add(static_cast<int64_t>(i + 1), steps[i], floor_gap(i), 0.1 * i);
    log.close();
    straight = log.figures();
  }
  const std::string straight_csv = io::read_file(path_);

  EnergyLog::Snapshot snapshot;
  {
    EnergyLog log(path_);
    for (size_t i = 0; i < 2; ++i)
      log.add(static_cast<int64_t>(i + 1), steps[i], floor_gap(i), 0.1 * i);
    snapshot = log.snapshot();
    log.add(3, steps[2], floor_gap(2), 0.2);
  }
  { std::ofstream(path_, std::ios::app) << "3,1.75,0.1,1.8"; }
  EnergyLog resumed(path_, snapshot);
  for (size_t i = 2; i < steps.size(); ++i)
    resumed.add(static_cast<int64_t>(i + 1), steps[i], floor_gap(i), 0.1 * i);
  resumed.close();
  EXPECT_EQ(resumed.figures(), straight);
  EXPECT_EQ(io::read_file(path_), straight_csv);
}

// The leapfrog has no per-step kinetic energy: those figures are absent, not NaN.
TEST_F(EnergyLogTest, LeapfrogRunsHaveNoPerStepFigures) {
  EnergyLog log(path_);
  for (int t = 1; t <= 10; ++t)
    log.add(t, step(1.0, 0.1, 1.0 - 1e-3, 0.1 + 1e-3), std::nullopt, 0.1 * t);
  log.close();
  const auto f = log.figures();
  EXPECT_FALSE(f.contains("drift_per_step"));
  EXPECT_FALSE(f.contains("floor"));
  EXPECT_DOUBLE_EQ(f.at("drift_consecutive").get<double>(), 0.0);
  EXPECT_NEAR(f.at("drift").get<double>(), 0.0, 1e-15);
}

// A leapfrog step split into eq. (16)'s terms: damping and cap as recorded, the integrator part
// as the rest of ΔH, noise as consecutive − same batch; a snapshot keeps the damping part.
TEST_F(EnergyLogTest, LeapfrogRowsSplitDeltaHIntoItsTerms) {
  auto capped = step(2.0, 0.1, 1.9, 0.25);
  capped.kinetic_uncapped = 0.3;
  capped.cap_fired = true;
  capped.damping_change = -0.001;
  auto next = step(1.95, 0.25, 1.8, 0.3);
  next.damping_change = -0.002;
  EnergyLog::Snapshot snapshot;
  {
    EnergyLog log(path_);
    log.add(1, capped, std::nullopt, 0.1);
    snapshot = log.snapshot();
  }
  EnergyLog log(path_, snapshot);
  log.add(2, next, std::nullopt, 0.2);
  log.close();
  const auto csv = io::read_csv(path_);
  ASSERT_EQ(csv.rows.size(), 2u);
  const auto cell = [&](size_t row, const char* column) {
    return std::stod(csv.rows[row][csv.column(column)]);
  };
  // ΔH = 1.9 + 0.25 − 2.1 = 0.05 = damping (−0.001) + cap (0.25 − 0.3) + integrator (0.101).
  EXPECT_DOUBLE_EQ(cell(0, "delta_h_damping"), -0.001);
  EXPECT_DOUBLE_EQ(cell(0, "delta_h_cap"), 0.25 - 0.3);
  EXPECT_NEAR(cell(0, "delta_h_integrator"), 0.101, 1e-15);
  // Noise: L_{B_2}(θ_2) − L_{B_1}(θ_2) = 1.95 − 1.9.
  EXPECT_NEAR(cell(0, "delta_h_noise"), 0.05, 1e-15);
  EXPECT_DOUBLE_EQ(cell(1, "delta_h_damping"), -0.002);
  EXPECT_DOUBLE_EQ(cell(1, "delta_h_cap"), 0.0);
  EXPECT_EQ(csv.rows[1][csv.column("delta_h_noise")], "");  // no step 3
  const auto f = log.figures();                             // the tail of two steps is the last one
  EXPECT_DOUBLE_EQ(f.at("drift_damping").get<double>(), 0.002);
  EXPECT_NEAR(f.at("drift_integrator").get<double>(), std::fabs(2.1 - 2.2 + 0.002), 1e-15);
  EXPECT_DOUBLE_EQ(f.at("drift_cap").get<double>(), 0.0);
  EXPECT_NEAR(f.at("drift_noise").get<double>(), 0.05, 1e-15);
}

// The baselines have no damping, cap or integrator part; their noise part is still measured.
TEST_F(EnergyLogTest, BaselinesGetOnlyTheNoiseTerm) {
  EnergyLog log(path_);
  log.add(1, step(2.0, 0.0, 1.9, 0.05, 0.5), std::nullopt, 0.1);
  log.add(2, step(1.8, 0.05, 1.7, 0.1, 0.5), std::nullopt, 0.2);
  log.close();
  const auto f = log.figures();
  EXPECT_FALSE(f.contains("drift_damping"));
  EXPECT_FALSE(f.contains("drift_integrator"));
  EXPECT_FALSE(f.contains("drift_cap"));
  EXPECT_NEAR(f.at("drift_noise").get<double>(), std::fabs(1.8 - 1.9), 1e-15);
  EXPECT_EQ(io::read_csv(path_).rows[0][io::read_csv(path_).column("delta_h_damping")], "");
}

TEST(TailMedianAbs, TakesTheLastFifthOfTheSteps) {
  std::vector<double> values(100, 5.0);
  for (size_t i = 80; i < 100; ++i)
    values[i] = (i % 2 ? -1.0 : 1.0) * static_cast<double>(i);  // |x| = 80..99: median 89.5
  EXPECT_DOUBLE_EQ(tail_median_abs(values), 89.5);
}

}  // namespace
}  // namespace symplex::kinds
