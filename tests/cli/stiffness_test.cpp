// The stiffness kind through the real binary: its tables hold the closed forms to round-off, and
// its spec errors are located all at once.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "cli/run_binary.h"
#include "symplex/io/csv.h"

namespace {

using symplex::io::read_csv;

double cell(const symplex::io::CsvTable& table, size_t row, const char* column) {
  const auto& text = table.rows.at(row).at(table.column(column));
  return text.empty() ? NAN : std::stod(text);
}

TEST(StiffnessCli, SmokeSweepMeasuresTheClosedFormsAndWritesItsTables) {
  const auto dir = fresh_temp_dir("symplex_stiffness_smoke");
  const auto result =
      run_symplex("run configs/smoke/stiffness.yaml --device cpu --out '" + dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto methods = read_csv(dir / "stiffness_methods.csv");
  ASSERT_EQ(methods.rows.size(), 8u);
  for (size_t i = 0; i < methods.rows.size(); ++i) {
    const auto name = methods.rows[i][methods.column("method")];
    SCOPED_TRACE(name);
    EXPECT_LT(cell(methods, i, "r_max_error"), 1e-10);
    EXPECT_LT(cell(methods, i, "dr_max_error"), 1e-10);
    EXPECT_LT(cell(methods, i, "end_gradient_max_error"), 1e-10);
    EXPECT_LT(cell(methods, i, "sum_gradient_max_error"), 1e-10);
    const bool explicit_method = name == "explicit_euler" || name == "rk4";
    EXPECT_EQ(std::isnan(cell(methods, i, "unstable_from")), !explicit_method);
    // The slopes of |R'| at large |z|: 0 and 3 for the explicit methods, −2 for every one-step
    // A-stable one, −3/2 for BDF2's root.
    const double expected = name == "explicit_euler" ? 0.0
                            : name == "rk4"          ? 3.0
                            : name == "bdf2"         ? -1.5
                                                     : -2.0;
    EXPECT_NEAR(cell(methods, i, "slope"), expected, 0.01);
    if (!explicit_method) {
      EXPECT_LT(cell(methods, i, "sup_z_dr"), 1.0);
    }
  }
  EXPECT_EQ(read_csv(dir / "closed_forms_sdirk2" / "stability.csv").rows.size(), 8u * 4u + 1u);
  EXPECT_EQ(read_csv(dir / "stiffness_learning.csv").rows.size(), 8u * 3u);
  EXPECT_EQ(read_csv(dir / "stiffness_neural.csv").rows.size(), 3u * 2u);
  // 20 Adam steps logged every 5, per ratio.
  EXPECT_EQ(read_csv(dir / "learning_bdf2_s0" / "learning.csv").rows.size(), 5u * 3u);
  EXPECT_EQ(read_csv(dir / "neural_radau_iia3_h1_s0" / "neural.csv").rows.size(), 4u);
  EXPECT_NE(result.out.find("|R'| slope"), std::string::npos) << result.out;
}

TEST(StiffnessCli, BadSpecsAreRefusedWithEveryProblemLocated) {
  const auto result = run_symplex(
      "validate configs/smoke/stiffness.yaml --set stability.z_max=0.001 --set "
      "'grid.method=[rk4, euler]' --set learning.lr=0 --set 'neural.h=[0.1, -1]'");
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  for (const char* key : {"stability.z_max", "grid.method[1]", "learning.lr", "neural.h[1]"})
    EXPECT_NE(result.err.find(key), std::string::npos) << key << "\n" << result.err;
}

}  // namespace
