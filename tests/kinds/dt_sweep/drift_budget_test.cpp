#include "symplex/kinds/dt_sweep/drift_budget.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <functional>

#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

const std::vector<double> kGrid = {0.002, 0.0025, 0.003, 0.0035, 0.006, 0.008, 0.012, 0.016};

// Leapfrog runs of one series with drift(dt) · (1 + 0.01 (seed − 1)) for seeds 0, 1, 2, whose
// seed mean is drift(dt) exactly.
std::vector<io::RunRecord> leapfrog_runs(const std::string& series, double gamma,
                                         const std::function<double(double)>& drift) {
  std::vector<io::RunRecord> out;
  for (const int seed : {0, 1, 2}) {
    const double factor = 1.0 + 0.01 * (seed - 1);
    for (const double dt : kGrid) {
      io::RunRecord r;
      r.id = series + std::to_string(dt) + "_" + std::to_string(seed);
      r.params = {{"optimizer", "leapfrog"},
                  {"series", series},
                  {"step_size", dt},
                  {"seed", seed},
                  {"gamma", gamma}};
      r.status = "finished";
      r.figures = {{"drift", drift(dt) * factor},
                   {"drift_consecutive", drift(dt) * factor},
                   {"drift_damping", 1e-3 * dt * factor},
                   {"drift_cap", 0.0},
                   {"drift_integrator", 2.0 * dt * dt * dt * factor},
                   {"drift_noise", 0.05 * factor}};
      out.push_back(r);
    }
  }
  return out;
}

const DriftModelFit& find(const std::vector<DriftModelFit>& fits, const std::string& series,
                          const std::string& band, const std::string& definition = "same_batch") {
  for (const auto& f : fits) {
    if (f.series == series && f.band == band && f.definition == definition) return f;
  }
  throw std::runtime_error("no fit " + series + "/" + band + "/" + definition);
}

// Drift = a dt³ + bσ² dt² + cγ dt with known coefficients: the fit recovers them, the bootstrap
// CI holds them, the shares are each term over the model, and the model's slope across the band
// is the closed form's.
TEST(DriftModel, RecoversKnownCoefficientsWithSharesAndSlope) {
  const double a = 4.0, b = 0.2, c = 3e-4;
  const auto model = [&](double dt) { return a * dt * dt * dt + b * dt * dt + c * dt; };
  const auto fits = fit_drift_model(leapfrog_runs("leapfrog", 1e-3, model), DtSweepSpec{}, 200);
  const auto& all = find(fits, "leapfrog", "all");
  EXPECT_EQ(all.step_sizes, 8u);
  EXPECT_EQ(all.seeds, 3u);
  EXPECT_NEAR(all.coefficient[0], a, a * 1e-6);
  EXPECT_NEAR(all.coefficient[1], b, b * 1e-6);
  EXPECT_NEAR(all.coefficient[2], c, c * 1e-6);
  EXPECT_LT(all.relative_rms, 1e-9);
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_LE(all.ci_low[k], all.coefficient[k] * (1 + 1e-9));
    EXPECT_GE(all.ci_high[k], all.coefficient[k] * (1 - 1e-9));
  }
  // A resample of seeds scales every drift by one mean factor in [0.99, 1.01], which scales each
  // coefficient by it.
  EXPECT_GE(all.ci_low[0], 0.99 * a * (1 - 1e-6));
  EXPECT_LE(all.ci_high[0], 1.01 * a * (1 + 1e-6));
  const auto& canonical = find(fits, "leapfrog", "canonical");
  EXPECT_EQ(canonical.step_sizes, 4u);
  const double expected_slope =
      std::log10(model(0.0035) / model(0.002)) / std::log10(0.0035 / 0.002);
  EXPECT_NEAR(canonical.model_slope, expected_slope, 1e-6);
  EXPECT_EQ(canonical.slope_min, 1.0);
  EXPECT_EQ(canonical.slope_max, 3.0);
  for (const auto& [dt, share] : all.shares) {
    EXPECT_NEAR(share[0], a * dt * dt * dt / model(dt), 1e-6);
    EXPECT_NEAR(share[0] + share[1] + share[2], 1.0, 1e-12);
  }
}

// A drift that falls with dt, as the seed reports in its canonical band: no non-negative a, b, c
// follow it (eq. 18), and the report says so. With γ = 0 the damping term is left out.
TEST(DriftModel, AFallingDriftIsOutOfReachAndGammaZeroDropsTheDampingTerm) {
  auto records =
      leapfrog_runs("leapfrog", 1e-3, [](double dt) { return 0.05 * std::pow(dt, -0.6); });
  const auto control =
      leapfrog_runs("leapfrog_gamma0", 0.0, [](double dt) { return 7.0 * dt * dt * dt; });
  records.insert(records.end(), control.begin(), control.end());
  const auto fits = fit_drift_model(records, DtSweepSpec{}, 100);
  const auto& falling = find(fits, "leapfrog", "canonical", "consecutive");
  EXPECT_GE(falling.model_slope, 1.0 - 1e-9);
  EXPECT_GT(falling.relative_rms, 0.05);
  const auto& undamped = find(fits, "leapfrog_gamma0", "all");
  EXPECT_TRUE(std::isnan(undamped.coefficient[2]));
  EXPECT_NEAR(undamped.coefficient[0], 7.0, 7.0 * 1e-6);
  EXPECT_EQ(undamped.slope_min, 2.0);

  const auto dir =
      std::filesystem::temp_directory_path() / ("symplex_budget_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto text = write_drift_budget(dir, records, DtSweepSpec{});
  EXPECT_NE(text.find("leapfrog canonical slope -0.080 (CI upper end +0.143) against eq. 6 with a, "
                      "b, c >= 0, whose slope lies in [1, 3] at every dt: no a, b, c >= 0 "
                      "produces it"),
            std::string::npos)
      << text;
  const auto budget = io::read_csv(dir / "budget.csv");
  ASSERT_EQ(budget.rows.size(), 16u);
  const auto& row = budget.rows[0];  // leapfrog at dt 0.002: seed means of each term
  EXPECT_EQ(row[budget.column("series")], "leapfrog");
  EXPECT_NEAR(std::stod(row[budget.column("damping")]), 1e-3 * 0.002, 1e-15);
  EXPECT_NEAR(std::stod(row[budget.column("integrator")]), 2.0 * 0.002 * 0.002 * 0.002, 1e-20);
  EXPECT_NEAR(std::stod(row[budget.column("noise")]), 0.05, 1e-15);
  const auto model = io::read_csv(dir / "drift_model.csv");
  EXPECT_EQ(model.columns.size(), 18u);
  EXPECT_EQ(io::read_csv(dir / "drift_model_shares.csv").columns.size(), 7u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace symplex::kinds
