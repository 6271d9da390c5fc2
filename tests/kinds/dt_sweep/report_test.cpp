#include "symplex/kinds/dt_sweep/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>

#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

io::RunRecord run(const std::string& optimizer, double step, int seed, double drift, double cap) {
  io::RunRecord r;
  r.id = optimizer + std::to_string(step) + "_" + std::to_string(seed);
  r.params = {{"optimizer", optimizer}, {"series", optimizer}, {"step_size", step}, {"seed", seed}};
  r.status = "finished";
  r.figures = {{"drift", drift}, {"cap_engagement", cap}};
  return r;
}

// Drift = 10 · dt^-0.5 in the canonical band and 1e3 · dt² in the wide band, with a seed-dependent
// factor 10^(±0.01) that the seed means average out exactly in log space only approximately.
std::vector<io::RunRecord> records() {
  std::vector<io::RunRecord> out;
  for (const int seed : {0, 1}) {
    const double wobble = std::pow(10.0, seed == 0 ? 0.01 : -0.01);
    for (const double dt : {0.002, 0.0025, 0.003, 0.0035}) {
      out.push_back(run("leapfrog", dt, seed, 10.0 * std::pow(dt, -0.5) * wobble, 0.0));
    }
    for (const double dt : {0.006, 0.008, 0.012, 0.016}) {
      out.push_back(run("leapfrog", dt, seed, 1e3 * dt * dt * wobble, seed == 0 ? 0.1 : 0.3));
    }
    for (const double lr : {2e-4, 4e-4})
      out.push_back(run("adamw", lr, seed, lr * wobble, 0.0));
  }
  auto diverged = run("sgd", 0.1, 0, NAN, 0.0);
  diverged.status = "diverged";
  out.push_back(diverged);
  return out;
}

const DriftFit& find(const std::vector<DriftFit>& fits, const std::string& series,
                     const std::string& band, const std::string& fit_on,
                     const std::string& definition = "same_batch") {
  for (const auto& f : fits) {
    if (f.series == series && f.band == band && f.fit_on == fit_on && f.definition == definition)
      return f;
  }
  throw std::runtime_error("no fit " + series + "/" + band + "/" + fit_on + "/" + definition);
}

TEST(DtSweepReport, FitsRecoverKnownSlopesPerBand) {
  const auto fits = drift_fits(records(), DtSweepSpec{});
  const auto& canonical = find(fits, "leapfrog", "canonical", "per_seed");
  EXPECT_NEAR(canonical.fit.slope, -0.5, 1e-9);
  EXPECT_EQ(canonical.fit.points, 8u);
  EXPECT_LT(canonical.fit.slope_ci_low, -0.5);
  EXPECT_GT(canonical.fit.slope_ci_high, -0.5);
  const auto& means = find(fits, "leapfrog", "canonical", "seed_means");
  EXPECT_EQ(means.fit.points, 4u);
  EXPECT_NEAR(means.fit.slope, -0.5, 1e-3);
  EXPECT_NEAR(find(fits, "leapfrog", "wide", "per_seed").fit.slope, 2.0, 1e-9);
  EXPECT_NEAR(find(fits, "adamw", "all", "seed_means").fit.slope, 1.0, 1e-3);
  // Two AdamW step sizes: a slope but no interval; a diverged SGD run makes no fit.
  EXPECT_TRUE(std::isnan(find(fits, "adamw", "all", "seed_means").fit.slope_ci_low));
  EXPECT_THROW(find(fits, "sgd", "all", "per_seed"), std::runtime_error);
  EXPECT_THROW(find(fits, "adamw", "canonical", "per_seed"), std::runtime_error);
}

TEST(DtSweepReport, WritesFitsAndCapTablesThatParseBack) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("symplex_dt_report_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto text = write_dt_sweep_report(dir, records(), DtSweepSpec{});
  EXPECT_NE(text.find("-0.080 [-0.302, +0.143]"), std::string::npos) << text;
  // Table 1: the seed's claim beside the like-for-like seed-means fit (4 step sizes, 2 dof) and
  // the per-seed fit (8 points, 6 dof); the slope of −0.5 with its narrow CI excludes −0.080.
  EXPECT_NE(text.find("leapfrog canonical: seed -0.080 [-0.302, +0.143]\n  same_batch            "
                      "per seed   ( 6 dof): -0.500"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("same_batch            seed means ( 2 dof): -0.500"), std::string::npos)
      << text;
  EXPECT_NE(text.find("positive, CI excludes 0; seed's slope outside our CI"), std::string::npos)
      << text;  // the wide band's +2 against the seed's +2.226, which has no CI

  const auto fits = io::read_csv(dir / "fits.csv");
  EXPECT_EQ(fits.columns.size(), 10u);
  const auto cap = io::read_csv(dir / "steps.csv");
  for (const auto& row : cap.rows) {
    if (row[cap.column("series")] == "leapfrog" &&
        std::stod(row[cap.column("step_size")]) == 0.016) {
      EXPECT_DOUBLE_EQ(std::stod(row[cap.column("cap_engagement_mean")]), 0.2);
      // Two seeds 0.1 and 0.3: sd = 0.1414, SE = 0.1, t(0.975, 1) = 12.7062.
      EXPECT_NEAR(std::stod(row[cap.column("cap_engagement_ci_half_width")]), 1.27062047364, 1e-9);
    }
  }
  std::filesystem::remove_all(dir);
}

// Each definition and each TF32 setting is a fit of its own; a drift within 10x of the floor is
// flagged; verdicts follow the CI.
TEST(DtSweepReport, DefinitionsSeriesFloorAndVerdicts) {
  std::vector<io::RunRecord> records;
  for (const int seed : {0, 1, 2}) {
    const double wobble = 1.0 + 0.01 * seed;
    for (const double dt : {0.002, 0.0025, 0.003, 0.0035}) {
      auto r = run("leapfrog", dt, seed, 1e3 * dt * dt * dt * wobble, 0.0);
      r.figures["drift_consecutive"] = 0.05 * std::pow(dt, -0.1) * wobble;
      r.figures["floor"] = dt == 0.002 ? 1e-6 : 1e-9;  // drift there: 8e-6 < 10 · 1e-6
      records.push_back(r);
      auto tf32 = run("leapfrog", dt, seed, 2.0 * wobble, 0.0);
      tf32.params["tf32"] = true;
      tf32.params["series"] = "leapfrog+tf32";
      tf32.id += "_tf32";
      records.push_back(tf32);
    }
  }
  const auto fits = drift_fits(records, DtSweepSpec{});
  const auto& same = find(fits, "leapfrog", "canonical", "per_seed");
  EXPECT_NEAR(same.fit.slope, 3.0, 1e-9);
  EXPECT_EQ(slope_verdict(same.fit), "positive, CI excludes 0");
  const auto& consecutive = find(fits, "leapfrog", "canonical", "per_seed", "consecutive");
  EXPECT_NEAR(consecutive.fit.slope, -0.1, 1e-9);
  EXPECT_EQ(slope_verdict(consecutive.fit), "negative, CI excludes 0");
  EXPECT_EQ(slope_verdict(find(fits, "leapfrog+tf32", "canonical", "per_seed").fit),
            "CI includes 0");
  EXPECT_THROW(find(fits, "leapfrog", "canonical", "per_seed", "same_batch_per_step"),
               std::runtime_error);

  const auto dir =
      std::filesystem::temp_directory_path() / ("symplex_dt_floor_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  write_dt_sweep_report(dir, records, DtSweepSpec{});
  const auto steps = io::read_csv(dir / "steps.csv");
  size_t flagged = 0;
  for (const auto& row : steps.rows) {
    if (row[steps.column("at_floor")] == "true") {
      ++flagged;
      EXPECT_EQ(row[steps.column("series")], "leapfrog");
      EXPECT_EQ(std::stod(row[steps.column("step_size")]), 0.002);
    }
  }
  EXPECT_EQ(flagged, 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace symplex::kinds
