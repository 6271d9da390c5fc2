#include "symplex/config/spec_document.h"

#include <gtest/gtest.h>

#include "config/spec_test_util.h"

namespace symplex::config {
namespace {

TEST(SpecDocument, SyntaxErrorIsLocated) {
  TempSpec file("kind: depth_sweep\ntrain: [1, 2\n");
  const auto problems = load_problems(file.path());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("YAML syntax error"), std::string::npos);
  EXPECT_NE(problems[0].where.find(".yaml:"), std::string::npos);
}

TEST(SpecDocument, EmptyMissingAndNonMappingFilesAreRefused) {
  TempSpec empty("");
  EXPECT_NE(load_problems(empty.path()).at(0).message.find("empty"), std::string::npos);
  EXPECT_NE(load_problems("/nonexistent/spec.yaml").at(0).message.find("cannot open"),
            std::string::npos);
  TempSpec list("- 1\n- 2\n");
  EXPECT_NE(load_problems(list.path()).at(0).message.find("mapping"), std::string::npos);
  TempSpec two("a: 1\n---\nb: 2\n");
  EXPECT_NE(load_problems(two.path()).at(0).message.find("2 YAML documents"), std::string::npos);
}

TEST(SpecDocument, MalformedOverridesAreAllReported) {
  TempSpec file("kind: depth_sweep\ntrain: 3\n");
  const auto problems = load_problems(file.path(), {"novalue", "a..b=1", "train.steps=1"});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].message.find("key.path=value"), std::string::npos);
  EXPECT_NE(problems[1].message.find("empty component"), std::string::npos);
  EXPECT_NE(problems[2].message.find("'train' is not a mapping"), std::string::npos);
}

TEST(SpecDocument, WhereNamesLineAndColumn) {
  TempSpec file("kind: depth_sweep\ntrain:\n  steps: 5\n");
  const auto doc = SpecDocument::load(file.path(), {});
  const auto where = doc.where(doc.root()["train"]["steps"], "train.steps");
  EXPECT_EQ(where, file.path() + ":3:10");
}

}  // namespace
}  // namespace symplex::config
