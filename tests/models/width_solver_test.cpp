#include "symplex/models/width_solver.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>

#include "symplex/config/spec_document.h"
#include "symplex/kinds/depth_sweep/spec.h"
#include "symplex/models/parameter_count.h"
#include "symplex/models/pinn_net.h"

namespace symplex::models {
namespace {

kinds::DepthSweepSpec default_config() {
  const auto document =
      config::SpecDocument::load(std::string(SYMPLEX_SOURCE_DIR) + "/configs/depth_sweep.yaml", {});
  config::SpecReading reading;
  reading.document = &document;
  config::Section root(reading, document.root(), "");
  std::string kind;
  root.required<std::string>("kind", kind, "kind");
  std::string name;
  root.optional<std::string>("name", name, "name");
  std::string description;
  root.optional<std::string>("description", description, "description");
  auto spec = kinds::read_depth_sweep_spec(root);
  root.finish();
  EXPECT_TRUE(reading.problems.empty());
  return spec;
}

int64_t built_parameters(Architecture architecture, int64_t width, int64_t depth) {
  PinnNet net(PinnNetOptions(architecture, width, depth));
  return parameter_count(*net);
}

TEST(WidthSolver, LandsWithinFivePercentOfTheDefaultBudget) {
  const auto spec = default_config();
  for (const auto& architecture : spec.architectures) {
    for (const int64_t depth : spec.depths) {
      const auto solved = solve_width(architecture, depth, spec.param_budget);
      const double off = std::abs(static_cast<double>(solved.parameters - spec.param_budget)) /
                         static_cast<double>(spec.param_budget);
      const std::string name = io::name_of(kArchitectureNames, architecture);
      EXPECT_LT(off, 0.05) << name << " depth " << depth << " width " << solved.width;
      EXPECT_EQ(built_parameters(architecture, solved.width, depth), solved.parameters)
          << name << " depth " << depth;
    }
  }
}

TEST(WidthSolver, SymplecticWidthsAreEvenAndCountsMatchTheModule) {
  for (const int64_t depth : {1, 3, 7}) {
    const auto solved = solve_width(Architecture::symplectic, depth, 2000);
    EXPECT_EQ(solved.width % 2, 0);
    EXPECT_EQ(built_parameters(Architecture::symplectic, 6, depth),
              pinn_parameter_count(Architecture::symplectic, 6, depth));
    EXPECT_EQ(built_parameters(Architecture::residual_mlp, 5, depth),
              pinn_parameter_count(Architecture::residual_mlp, 5, depth));
  }
}

}  // namespace
}  // namespace symplex::models
