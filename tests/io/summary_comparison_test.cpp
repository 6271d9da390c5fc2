#include "symplex/io/summary_comparison.h"

#include <gtest/gtest.h>

#include <cmath>

namespace symplex::io {
namespace {

RunRecord run(const std::string& id, double loss, double sigma_min) {
  RunRecord r;
  r.id = id;
  r.status = "finished";
  r.params = {{"depth", 4}, {"seed", 0}};
  r.figures = {{"final_loss", loss}, {"trained", {{"sigma_min", sigma_min}}}, {"device", "cpu"}};
  return r;
}

const FigureDifference& figure(const SummaryComparison& c, const std::string& name) {
  for (const auto& f : c.figures) {
    if (f.figure == name) return f;
  }
  throw std::out_of_range(name);
}

// Runs are matched by id; each numeric figure, nested ones included, counts the bit-equal runs
// and keeps the largest relative difference with the run it came from.
TEST(SummaryComparison, ComparesEveryNumericFigureRunByRun) {
  const std::vector<RunRecord> reference = {run("a", 1.0, 0.5), run("b", 2.0, 0.25),
                                            run("gone", 1.0, 1.0)};
  std::vector<RunRecord> sweep = {run("b", 2.2, 0.25), run("a", 1.0, 0.5), run("new", 1.0, 1.0)};
  const auto c = compare_with_reference(sweep, reference);
  EXPECT_EQ(c.only_in_sweep, std::vector<std::string>{"new"});
  EXPECT_EQ(c.only_in_reference, std::vector<std::string>{"gone"});
  ASSERT_EQ(c.figures.size(), 2u);  // "device" is not a number
  const auto& loss = figure(c, "final_loss");
  EXPECT_EQ(loss.runs, 2u);
  EXPECT_EQ(loss.equal, 1u);
  EXPECT_NEAR(loss.max_relative_difference, 0.2 / 2.2, 1e-15);
  EXPECT_EQ(loss.worst_run, "b");
  const auto& sigma = figure(c, "trained.sigma_min");
  EXPECT_EQ(sigma.equal, 2u);
  EXPECT_EQ(sigma.max_relative_difference, 0.0);
  EXPECT_TRUE(sigma.worst_run.empty());
}

// A run with other grid parameters is another experiment: listed, not compared. A diverged twin
// is listed, and a figure that is NaN on one side, or missing there, counts as unmatched.
TEST(SummaryComparison, OtherParametersAndDivergedRunsAreListed) {
  const std::vector<RunRecord> reference = {run("a", 1.0, 0.5), run("b", 1.0, 0.5)};
  auto changed = run("a", 1.0, 0.5);
  changed.params["depth"] = 10;
  auto diverged = run("b", NAN, 0.5);
  diverged.status = "diverged";
  const auto c = compare_with_reference({changed, diverged}, reference);
  EXPECT_EQ(c.params_differ, std::vector<std::string>{"a"});
  EXPECT_EQ(c.status_differs, std::vector<std::string>{"b"});
  EXPECT_EQ(figure(c, "final_loss").runs, 0u);
  EXPECT_EQ(figure(c, "final_loss").unmatched, 1u);
  EXPECT_EQ(figure(c, "trained.sigma_min").runs, 1u);
  EXPECT_EQ(figure(c, "trained.sigma_min").unmatched, 0u);

  auto lost = run("b", 1.0, 0.5);
  lost.figures.erase("trained");
  const auto without = compare_with_reference({lost}, reference);
  EXPECT_EQ(figure(without, "trained.sigma_min").unmatched, 1u);
  EXPECT_EQ(figure(without, "final_loss").equal, 1u);
}

}  // namespace
}  // namespace symplex::io
