#include "symplex/kinds/depth_sweep/seed_table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "symplex/io/csv.h"
#include "symplex/kinds/depth_sweep/verdicts.h"

namespace symplex::kinds {
namespace {

// A finished run of a depth sweep with the figures the seed table reads.
io::RunRecord finished(const std::string& architecture, int64_t depth, int64_t seed, double loss,
                       double relative_l2, double sigma_min, bool sigma_min_censored = false) {
  io::RunRecord r;
  r.id = architecture + "_d" + std::to_string(depth) + "_s" + std::to_string(seed);
  r.params = {{"architecture", architecture}, {"depth", depth}, {"seed", seed}};
  r.status = "finished";
  r.figures = {{"final_loss", loss},
               {"relative_l2", relative_l2},
               {"trained", {{"sigma_min", sigma_min}, {"sigma_min_censored", sigma_min_censored}}}};
  return r;
}

io::RunRecord diverged(const std::string& architecture, int64_t depth, int64_t seed) {
  io::RunRecord r;
  r.params = {{"architecture", architecture}, {"depth", depth}, {"seed", seed}};
  r.status = "diverged";
  return r;
}

// One seed per value of one (architecture, depth): relative L2 and σ_min as given, loss 10·L2.
void add_seeds(std::vector<io::RunRecord>& records, const std::string& architecture, int64_t depth,
               const std::vector<double>& relative_l2, const std::vector<double>& sigma_min,
               bool censored = false) {
  for (size_t s = 0; s < relative_l2.size(); ++s) {
    records.push_back(finished(architecture, depth, static_cast<int64_t>(s), 10 * relative_l2[s],
                               relative_l2[s], sigma_min[s], censored));
  }
}

const Verdict& verdict_on(const std::vector<Verdict>& verdicts, const std::string& start) {
  for (const auto& v : verdicts) {
    if (v.claim.rfind(start, 0) == 0) return v;
  }
  throw std::logic_error("no verdict on " + start);
}

TEST(DepthSweepSeeds, MedianIntervalAndDivergedRunsPerArchitectureAndDepth) {
  std::vector<io::RunRecord> records;
  add_seeds(records, "mlp", 4, {0.4, 0.1, 0.3, 0.2, 0.6}, {1e-3, 2e-3, 3e-3, 4e-3, 5e-3});
  records.push_back(diverged("mlp", 4, 5));
  const auto rows = seed_rows(records);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].diverged, 1u);
  // rel. L2 of six: 0.1 0.2 0.3 0.4 0.6 inf (the diverged run); median 0.35, range [0.1, inf].
  const auto& l2 = rows[0].figures.at("/relative_l2");
  EXPECT_EQ(l2.seeds, 6u);
  EXPECT_DOUBLE_EQ(l2.median.value, 0.35);
  EXPECT_DOUBLE_EQ(l2.interval.low.value, 0.1);
  EXPECT_TRUE(std::isinf(l2.interval.high.value));
  EXPECT_DOUBLE_EQ(l2.interval.coverage, 1.0 - 2.0 / 64);
  // σ_min has no value for the diverged run: five seeds, median 3e-3, coverage 93.75%.
  const auto& sigma = rows[0].figures.at("/trained/sigma_min");
  EXPECT_EQ(sigma.seeds, 5u);
  EXPECT_DOUBLE_EQ(sigma.median.value, 3e-3);
  EXPECT_DOUBLE_EQ(sigma.interval.coverage, 0.9375);

  const auto csv = io::parse_csv(seed_table_csv(rows));
  ASSERT_EQ(csv.rows.size(), 3u);
  const auto& loss = csv.rows[0];
  EXPECT_EQ(loss[csv.column("figure")], "final_loss");
  EXPECT_DOUBLE_EQ(std::stod(loss[csv.column("median")]), 3.5);
  EXPECT_EQ(loss[csv.column("diverged")], "1");
  EXPECT_EQ(csv.rows[2][csv.column("figure")], "trained/sigma_min");
}

TEST(DepthSweepSeeds, CensoredSigmaMinIsAnUpperBoundInTheTable) {
  std::vector<io::RunRecord> records;
  add_seeds(records, "mlp", 50, {0.01, 0.01, 0.01, 0.01, 0.01, 0.01},
            {4e-15, 3e-15, 5e-15, 4e-15, 6e-15, 2e-15}, /*censored=*/true);
  const auto rows = seed_rows(records);
  const auto& sigma = rows[0].figures.at("/trained/sigma_min");
  EXPECT_TRUE(sigma.median.censored);
  EXPECT_TRUE(sigma.interval.high.censored);
  EXPECT_NE(seed_table_text(rows).find("<4.000e-15 [<2.000e-15, <6.000e-15]"), std::string::npos)
      << seed_table_text(rows);
}

TEST(DepthSweepVerdicts, SymplecticSigmaMinAgainstTheClaimedBound) {
  const auto verdict = [](const std::vector<double>& sigma) {
    std::vector<io::RunRecord> records;
    add_seeds(records, "symplectic", 50, std::vector<double>(sigma.size(), 0.01), sigma);
    return verdict_on(depth_sweep_verdicts(seed_rows(records)), "symplectic trained").outcome;
  };
  EXPECT_EQ(verdict({0.30, 0.31, 0.26, 0.40, 0.35, 0.28}), "supported");
  EXPECT_EQ(verdict({0.21, 0.22, 0.20, 0.24, 0.23, 0.21}), "not supported");
  EXPECT_EQ(verdict({0.21, 0.31, 0.26, 0.40, 0.35, 0.28}),
            "undetermined (the interval straddles the threshold)");
  // Five seeds give no 95% interval of the median.
  EXPECT_EQ(verdict({0.30, 0.31, 0.26, 0.40, 0.35}),
            "undetermined (n = 5 seeds give no 95% interval of the median)");
}

TEST(DepthSweepVerdicts, MlpFailureAndCollapseWithDepth) {
  std::vector<io::RunRecord> records;
  add_seeds(records, "mlp", 4, {0.01, 0.02, 0.01, 0.03, 0.02, 0.01},
            {1e-7, 2e-7, 5e-8, 3e-7, 1e-7, 2e-7});
  add_seeds(records, "mlp", 50, {0.005, 0.2, 0.01, 0.3, 0.02, 0.01},
            {4e-15, 3e-15, 5e-15, 4e-15, 6e-15, 2e-15}, /*censored=*/true);
  const auto verdicts = depth_sweep_verdicts(seed_rows(records));
  // rel. L2 at depth 50 spans 0.005 … 0.3: the 0.1 threshold lies inside its interval.
  EXPECT_EQ(verdict_on(verdicts, "MLP collapses").outcome,
            "undetermined (the interval straddles the threshold)");
  // Every σ_min at depth 50 is at most 6e-15, 7 decades below depth 4's least 5e-8.
  EXPECT_EQ(verdict_on(verdicts, "MLP spectrum").outcome, "supported");

  // Lower at depth 50, but by less than 3 decades: not a collapse.
  add_seeds(records, "mlp", 100, {0.01, 0.01, 0.01, 0.01, 0.01, 0.01},
            {1e-9, 2e-9, 3e-9, 1e-9, 2e-9, 3e-9});
  EXPECT_EQ(verdict_on(depth_sweep_verdicts(seed_rows(records)), "MLP spectrum").outcome,
            "not supported");
}

TEST(DepthSweepVerdicts, ResidualStabilityFailsOnOneDepthAndOnADivergedRun) {
  std::vector<io::RunRecord> records;
  add_seeds(records, "residual_mlp", 4, {0.01, 0.02, 0.01, 0.03, 0.02, 0.01},
            {1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3});
  auto stable = records;
  EXPECT_EQ(verdict_on(depth_sweep_verdicts(seed_rows(stable)), "ResidualMLP").outcome,
            "supported");
  add_seeds(records, "residual_mlp", 25, {4.0, 5.0, 0.2, 6.0, 3.0, 9.0},
            {1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3});
  EXPECT_EQ(verdict_on(depth_sweep_verdicts(seed_rows(records)), "ResidualMLP").outcome,
            "not supported");
  // Nine seeds, one diverged: the interval [X(2), X(8)] stays below 0.1, the diverged run does not.
  add_seeds(stable, "residual_mlp", 4, {0.01, 0.02}, {1e-3, 1e-3});
  stable.push_back(diverged("residual_mlp", 4, 8));
  EXPECT_EQ(verdict_on(depth_sweep_verdicts(seed_rows(stable)), "ResidualMLP").outcome,
            "undetermined (1 diverged)");
}

TEST(DepthSweepVerdicts, SymplecticImprovesOnlyWithDisjointIntervals) {
  const auto verdict = [](const std::vector<double>& deep) {
    std::vector<io::RunRecord> records;
    add_seeds(records, "symplectic", 4, {0.010, 0.011, 0.012, 0.013, 0.014, 0.015},
              {0.9, 0.9, 0.9, 0.9, 0.9, 0.9});
    add_seeds(records, "symplectic", 50, deep, {0.9, 0.9, 0.9, 0.9, 0.9, 0.9});
    return verdict_on(depth_sweep_verdicts(seed_rows(records)), "symplectic trunk").outcome;
  };
  EXPECT_EQ(verdict({0.005, 0.006, 0.007, 0.008, 0.009, 0.0095}), "supported");
  EXPECT_EQ(verdict({0.02, 0.03, 0.04, 0.05, 0.06, 0.07}), "not supported");
  EXPECT_EQ(verdict({0.005, 0.006, 0.007, 0.008, 0.009, 0.012}),
            "undetermined (the intervals overlap)");
}

}  // namespace
}  // namespace symplex::kinds
