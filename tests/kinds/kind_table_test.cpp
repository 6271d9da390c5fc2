#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "symplex/kinds/kind_views.h"
#include "symplex/kinds/runnable_kinds.h"
#include "symplex/kinds/spec_validation.h"

namespace symplex::kinds {
namespace {

namespace fs = std::filesystem;

// Every shipped config, smoke configs included.
std::vector<fs::path> shipped_configs() {
  std::vector<fs::path> configs;
  for (const auto& entry : fs::recursive_directory_iterator(SYMPLEX_SOURCE_DIR "/configs")) {
    if (entry.path().extension() == ".yaml") configs.push_back(entry.path());
  }
  return configs;
}

TEST(KindTable, ViewsAndRunnableKindsListTheSameKindsInOneOrder) {
  const auto& views = kind_views();
  const auto& runnable = runnable_kinds();
  ASSERT_EQ(views.size(), runnable.size());
  std::set<std::string> names;
  for (size_t i = 0; i < views.size(); ++i) {
    EXPECT_EQ(views[i].name, runnable[i].view.name);
    EXPECT_FALSE(views[i].summary.empty()) << views[i].name;
    EXPECT_EQ(find_kind(views[i].name), static_cast<int>(i));
    names.insert(views[i].name);
    if (!views[i].plot_script.empty()) {
      EXPECT_TRUE(fs::exists(fs::path(SYMPLEX_SOURCE_DIR "/scripts") / views[i].plot_script))
          << views[i].plot_script;
    }
  }
  EXPECT_EQ(names.size(), views.size()) << "two kinds share a name";
  EXPECT_EQ(find_kind("no_such_kind"), -1);
}

// Every kind builds its experiment from the configs shipped for it, and plans a grid; every kind
// has at least one shipped config.
TEST(KindTable, EveryKindBuildsItsExperimentFromItsShippedConfigs) {
  std::set<std::string> kinds_built;
  for (const auto& config : shipped_configs()) {
    SCOPED_TRACE(config.string());
    std::unique_ptr<runner::Experiment> experiment;
    const auto header = read_spec(config.string(), {}, [&](size_t kind, config::Section& root) {
      experiment = runnable_kinds().at(kind).read_experiment(root);
    });
    ASSERT_NE(experiment, nullptr);
    EXPECT_FALSE(experiment->plan().empty());
    kinds_built.insert(header.kind);
  }
  for (const auto& view : kind_views())
    EXPECT_TRUE(kinds_built.count(view.name)) << view.name << " has no config in configs/";
}

}  // namespace
}  // namespace symplex::kinds
