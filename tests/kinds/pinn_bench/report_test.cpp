#include "symplex/kinds/pinn_bench/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <string>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

io::RunRecord run(const std::string& derivatives, int64_t depth, double median) {
  io::RunRecord r;
  r.id = derivatives + std::to_string(depth);
  r.params = {{"architecture", "mlp"}, {"depth", depth},     {"width", 8},
              {"points", 100},         {"dtype", "float32"}, {"derivatives", derivatives}};
  r.status = "finished";
  r.figures = {{"median", median}, {"min", median}, {"max", median}, {"peak_rss_mib", 100.0}};
  return r;
}

nlohmann::json result(int64_t depth, double median, nlohmann::json compile_seconds = nullptr) {
  return {{"architecture", "mlp"}, {"depth", depth},     {"width", 8},
          {"points", 100},         {"dtype", "float32"}, {"median", median},
          {"min", median},         {"max", median},      {"compile_seconds", compile_seconds}};
}

// Three references: two PyTorch versions (one of them in both variants) and one that could not be
// timed. Every reference gets its own rows and columns, and each row's ratio is its median over
// the fused step's (eq. 5), whichever reference it is.
TEST(PinnBenchReport, EveryReferenceGetsItsRowsAndItsRatioToTheFusedStep) {
  const std::vector<io::RunRecord> records = {run("fused", 4, 0.010), run("autograd", 4, 0.020),
                                              run("fused", 10, 0.020), run("autograd", 10, 0.050)};
  const nlohmann::json timings = nlohmann::json::array(
      {{{"python", "/usr/bin/python3"},
        {"variant", "eager"},
        {"torch_version", "1.13.0"},
        {"threads", 1},
        {"results", {result(4, 0.030), result(10, 0.100)}}},
       {{"python", ".whl/bin/python"},
        {"variant", "eager"},
        {"torch_version", "2.15.0+cu132"},
        {"threads", 1},
        {"results", {result(4, 0.040), result(10, 0.080)}}},
       {{"python", ".whl/bin/python"},
        {"variant", "compile"},
        {"torch_version", "2.15.0+cu132"},
        {"threads", 1},
        {"results", {result(4, 0.015, 42.0)}}},
       {{"python", "/missing/python"}, {"variant", "eager"}, {"error", "cannot start"}}});
  const auto dir = std::filesystem::temp_directory_path() /
                   ("symplex_bench_report_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto table = write_pinn_bench_report(dir, records, timings);
  const auto csv = io::parse_csv(io::read_file(dir / "bench.csv"));
  std::filesystem::remove_all(dir);

  std::map<std::string, double> ratio;  // "implementation torch_version depth" -> this_over_fused
  for (const auto& row : csv.rows) {
    ratio[row[csv.column("implementation")] + " " + row[csv.column("torch_version")] + " " +
          row[csv.column("depth")]] = std::stod(row[csv.column("this_over_fused")]);
  }
  EXPECT_EQ(csv.rows.size(), 4u + 5u);
  EXPECT_DOUBLE_EQ(ratio.at("symplex_fused  4"), 1.0);
  EXPECT_DOUBLE_EQ(ratio.at("symplex_autograd  10"), 2.5);
  EXPECT_DOUBLE_EQ(ratio.at("pytorch_eager 1.13.0 4"), 3.0);
  EXPECT_DOUBLE_EQ(ratio.at("pytorch_eager 2.15.0+cu132 10"), 4.0);
  EXPECT_DOUBLE_EQ(ratio.at("pytorch_compile 2.15.0+cu132 4"), 1.5);
  EXPECT_EQ(ratio.count("pytorch_compile 2.15.0+cu132 10"), 0u);
  for (const auto& row : csv.rows) {
    if (row[csv.column("implementation")] == "pytorch_compile") {
      EXPECT_EQ(row[csv.column("compile_seconds")], "42");
    }
  }

  EXPECT_NE(table.find("[1] PyTorch 1.13.0 eager under /usr/bin/python3, 1 thread"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("[3] PyTorch 2.15.0+cu132 compile under .whl/bin/python"), std::string::npos)
      << table;
  EXPECT_NE(table.find("[4] PyTorch ? eager under /missing/python: not timed (cannot start)"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("[2] 2.15 eager"), std::string::npos) << table;
  EXPECT_NE(table.find("4.00x"), std::string::npos) << table;  // [2]/fused at depth 10
}

// A CUDA-graph run is an implementation of its own, timed against the eager fused step of its
// config, and gets a column of the table; without one the table has no such column.
TEST(PinnBenchReport, AGraphedRunIsAnImplementationOfItsOwn) {
  auto graphed = run("fused", 4, 0.002);
  graphed.params["cuda_graph"] = true;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("symplex_bench_graph_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto eager_only = write_pinn_bench_report(dir, {run("fused", 4, 0.010)}, {});
  const auto table = write_pinn_bench_report(dir, {run("fused", 4, 0.010), graphed}, {});
  const auto csv = io::parse_csv(io::read_file(dir / "bench.csv"));
  std::filesystem::remove_all(dir);

  ASSERT_EQ(csv.rows.size(), 2u);
  std::map<std::string, double> ratio;
  for (const auto& row : csv.rows)
    ratio[row[csv.column("implementation")]] = std::stod(row[csv.column("this_over_fused")]);
  EXPECT_DOUBLE_EQ(ratio.at("symplex_fused"), 1.0);
  EXPECT_DOUBLE_EQ(ratio.at("symplex_fused_graph"), 0.2);
  EXPECT_EQ(eager_only.find("fused graph"), std::string::npos) << eager_only;
  EXPECT_NE(table.find("fused graph"), std::string::npos) << table;
  EXPECT_NE(table.find("2.00"), std::string::npos) << table;  // the graphed step's milliseconds
}

}  // namespace
}  // namespace symplex::kinds
