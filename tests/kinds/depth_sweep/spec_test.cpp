#include "symplex/kinds/depth_sweep/spec.h"

#include <gtest/gtest.h>

#include "config/spec_test_util.h"
#include "symplex/config/spec_problem.h"

namespace symplex {
namespace {

using Reading = config::KindSpecReading<kinds::DepthSweepSpec>;

Reading read(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return config::read_kind_spec(text, kinds::read_depth_sweep_spec, overrides);
}

bool mentions(const config::SpecProblem& problem, const std::string& line_and_column,
              const std::string& key) {
  return problem.where.find(".yaml:" + line_and_column) != std::string::npos &&
         problem.key_path == key;
}

TEST(DepthSweepSpec, DefaultsApplyAndAreResolved) {
  const auto r = read("kind: depth_sweep\ntrain:\n  steps: 7\n");
  ASSERT_TRUE(r.problems.empty());
  EXPECT_EQ(r.spec.steps, 7);
  EXPECT_EQ(r.spec.depths, (std::vector<int64_t>{4, 10, 25, 50}));
  EXPECT_EQ(r.resolved["train"]["steps"], 7);
  EXPECT_EQ(r.resolved["model"]["param_budget"], 15000);
  EXPECT_EQ(r.resolved["grid"]["architecture"].size(), 3u);
}

TEST(DepthSweepSpec, UnknownKeyIsAnErrorWithASuggestion) {
  const auto r = read("kind: depth_sweep\ntrain:\n  stpes: 7\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(mentions(r.problems[0], "3:3", "train.stpes")) << r.problems[0].to_string();
  EXPECT_NE(r.problems[0].message.find("did you mean 'steps'"), std::string::npos);
  EXPECT_EQ(r.spec.steps, 1000);
}

TEST(DepthSweepSpec, WrongTypeNamesKeyAndLine) {
  const auto r = read("kind: depth_sweep\ntrain:\n  lr: 0.1\n  steps: ten\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(mentions(r.problems[0], "4:10", "train.steps")) << r.problems[0].to_string();
  EXPECT_NE(r.problems[0].message.find("expected an integer, got 'ten'"), std::string::npos);
}

TEST(DepthSweepSpec, MissingRequiredKeyIsReported) {
  const auto r = read("grid:\n  depth: [4]\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].key_path, "kind");
  EXPECT_NE(r.problems[0].message.find("missing required key"), std::string::npos);
}

TEST(DepthSweepSpec, OutOfRangeValuesAreRefused) {
  const auto r = read("kind: depth_sweep\ntrain:\n  lr: -1\ngrid:\n  architecture: [mlp, cnn]\n");
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_TRUE(mentions(r.problems[0], "5:23", "grid.architecture[1]")) << r.problems[0].to_string();
  EXPECT_TRUE(mentions(r.problems[1], "3:7", "train.lr")) << r.problems[1].to_string();
  EXPECT_NE(r.problems[1].message.find("must be > 0"), std::string::npos);
}

TEST(DepthSweepSpec, EveryProblemIsListedAtOnce) {
  const auto r = read(
      "kind: depth_sweep\n"
      "grid:\n"
      "  depth: []\n"
      "  seed: [0, x]\n"
      "model:\n"
      "  param_budget: 5\n"
      "train:\n"
      "  optimizer: sgd\n"
      "  precision: float16\n"
      "bogus: 1\n");
  std::vector<std::string> keys;
  for (const auto& p : r.problems)
    keys.push_back(p.key_path);
  EXPECT_EQ(keys, (std::vector<std::string>{"grid.depth", "grid.seed[1]", "model.param_budget",
                                            "train.optimizer", "train.precision", "bogus"}));
  for (const auto& p : r.problems)
    EXPECT_NE(p.where.find(".yaml:"), std::string::npos);
}

TEST(DepthSweepSpec, OverridesApplyAndTheirErrorsNameTheOverride) {
  const auto ok = read("kind: depth_sweep\n", {"train.steps=12", "grid.depth=[2, 3]"});
  ASSERT_TRUE(ok.problems.empty());
  EXPECT_EQ(ok.spec.steps, 12);
  EXPECT_EQ(ok.spec.depths, (std::vector<int64_t>{2, 3}));

  const auto bad = read("kind: depth_sweep\n", {"train.steps=ten"});
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].where, "--set train.steps=ten");
  EXPECT_EQ(bad.problems[0].key_path, "train.steps");
}

TEST(DepthSweepSpec, DuplicateKeysAreRefused) {
  const auto r = read("kind: depth_sweep\ntrain:\n  lr: 0.1\n  lr: 0.2\n");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].message.find("duplicate key 'lr' (lines 3 and 4)"), std::string::npos);
}

}  // namespace
}  // namespace symplex
