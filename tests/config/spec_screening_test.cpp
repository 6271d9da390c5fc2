#include "symplex/config/spec_screening.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "config/spec_test_util.h"
#include "symplex/config/spec_document.h"

namespace symplex::config {
namespace {

// yaml-cpp alone says "bad file" at about 500 levels; symplex names the problem and its place.
TEST(SpecScreening, DeepNestingIsRefusedByName) {
  const std::string deep =
      "kind: depth_sweep\ntrain: " + std::string(10'000, '[') + std::string(10'000, ']') + "\n";
  TempSpec file(deep);
  const auto problems = load_problems(file.path());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "nesting too deep (more than 32 levels)");
  EXPECT_EQ(problems[0].where, file.path() + ":2:39");  // the 33rd '[' on line 2
  EXPECT_TRUE(screen_spec_text("s", "a: " + std::string(31, '[') + std::string(31, ']')).empty());
}

TEST(SpecScreening, CyclicAliasesAndAliasBombsAreRefusedQuickly) {
  TempSpec cyclic("kind: depth_sweep\ntrain: &x [1, *x]\n");
  const auto cycle = load_problems(cyclic.path());
  ASSERT_EQ(cycle.size(), 1u);
  EXPECT_EQ(cycle[0].where, cyclic.path() + ":2:15");
  EXPECT_NE(cycle[0].message.find("aliases (*name) are not allowed"), std::string::npos);

  // "Billion laughs": nine levels of nine aliases each, 9⁹ strings once expanded.
  std::string bomb = "kind: depth_sweep\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  const std::string names = "abcdefghij";
  for (size_t level = 1; level < names.size(); ++level) {
    const std::string alias = std::string("*") + names[level - 1];
    bomb += std::string(1, names[level]) + ": &" + names[level] + " [" + alias;
    for (int i = 1; i < 9; ++i)
      bomb += ", " + alias;
    bomb += "]\n";
  }
  TempSpec laughs(bomb);
  const auto start = std::chrono::steady_clock::now();
  const auto problems = load_problems(laughs.path());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("(81 aliases, the first here)"), std::string::npos)
      << problems[0].message;

  TempSpec clean("kind: depth_sweep\n");
  const auto in_override = load_problems(clean.path(), {"grid.seed=&y [0, *y]"});
  ASSERT_EQ(in_override.size(), 1u);
  EXPECT_EQ(in_override[0].where, "--set grid.seed=&y [0, *y]");
  EXPECT_EQ(in_override[0].key_path, "grid.seed");
}

TEST(SpecScreening, BinaryAndNonUtf8FilesAreRefusedWithTheirPosition) {
  TempSpec binary(std::string("kind: x\n\0\1\2", 11));
  EXPECT_EQ(load_problems(binary.path()).at(0).message, "not a text file (NUL byte)");
  TempSpec latin1("kind: depth_sweep\nname: caf\xe9\n");
  const auto problems = load_problems(latin1.path());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, latin1.path() + ":2:10");
  EXPECT_NE(problems[0].message.find("not valid UTF-8"), std::string::npos);
  // Well-formed multi-byte text is fine, in values and comments.
  EXPECT_TRUE(screen_spec_text("s", "name: café γ ≤ 🙂  # ΔH\n").empty());
  for (const char* bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
    EXPECT_FALSE(screen_spec_text("s", std::string("a: ") + bad).empty()) << bad;
  }
}

TEST(SpecScreening, ADirectoryIsNotASpec) {
  const auto problems = load_problems(std::filesystem::temp_directory_path().string());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "is a directory, not a spec file");
}

}  // namespace
}  // namespace symplex::config
