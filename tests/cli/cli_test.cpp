// The real binary on the real smoke config, as a user or a script would run it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace {

namespace fs = std::filesystem;
using symplex::io::read_csv;
using symplex::io::read_file;

const char* kSmoke = "configs/smoke/depth_sweep.yaml";
const std::vector<std::string> kSmokeRuns = {"mlp_d02_s0",          "mlp_d03_s0",
                                             "residual_mlp_d02_s0", "residual_mlp_d03_s0",
                                             "symplectic_d02_s0",   "symplectic_d03_s0"};

// The start of a figure's row in `symplex report --against`: name, runs compared, bit-equal runs.
std::string fmt_row(const std::string& figure, int runs, int equal) {
  std::string row = "  " + figure;
  row.resize(34, ' ');
  const auto right = [](int n, size_t width) {
    std::string text = std::to_string(n);
    return std::string(width - text.size(), ' ') + text;
  };
  return row + " " + right(runs, 5) + " " + right(equal, 9) + " ";
}

class SmokeSweep : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("symplex_smoke_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  BinaryResult run(const std::string& extra = "") {
    return run_symplex(std::string("run ") + kSmoke + " --device cpu --out '" + dir_.string() +
                       "' " + extra);
  }

  // Starts a long smoke sweep, sends the signal during its first run and checks what is left.
  void expect_clean_stop(int signal_number);

  fs::path dir_;
};

TEST_F(SmokeSweep, ProducesEveryArtifactAndTheyParseBack) {
  const auto result = run();
  ASSERT_EQ(result.exit_code, 0) << result.err;

  const auto manifest = nlohmann::json::parse(read_file(dir_ / "manifest.json"));
  EXPECT_EQ(manifest["status"], "finished");
  EXPECT_EQ(manifest["kind"], "depth_sweep");
  EXPECT_EQ(manifest["device"], "cpu");
  EXPECT_FALSE(manifest["libtorch_version"].get<std::string>().empty());
  EXPECT_EQ(manifest["spec"]["train"]["steps"], 20);
  EXPECT_EQ(manifest["runs"].size(), kSmokeRuns.size());
  for (const auto& run : manifest["runs"])
    EXPECT_EQ(run["status"], "finished");

  for (const auto& id : kSmokeRuns) {
    const auto metrics = read_csv(dir_ / id / "metrics.csv");
    EXPECT_EQ(metrics.columns, (std::vector<std::string>{"step", "loss", "residual", "initial",
                                                         "boundary", "relative_l2", "seconds"}));
    EXPECT_EQ(metrics.rows.size(), 5u);  // steps 1, 5, 10, 15, 20
    const auto summary = nlohmann::json::parse(read_file(dir_ / id / "summary.json"));
    EXPECT_EQ(summary["status"], "finished");
    EXPECT_GT(summary["figures"]["trained"]["sigma_min"].get<double>(), 0.0);
    const auto spectra = read_csv(dir_ / id / "spectra.csv");
    const int64_t width = summary["params"]["width"];
    EXPECT_EQ(spectra.rows.size(), static_cast<size_t>(2 * 4 * width));  // 2 stages, 4 points
  }

  const auto spectra = read_csv(dir_ / "spectra.csv");
  EXPECT_EQ(spectra.columns,
            (std::vector<std::string>{"architecture", "depth", "seed", "stage", "point", "index",
                                      "sigma", "floor", "below_floor"}));
  std::set<std::string> stages;
  for (const auto& row : spectra.rows)
    stages.insert(row[spectra.column("stage")]);
  EXPECT_EQ(stages, (std::set<std::string>{"init", "trained"}));

  const auto summary = read_csv(dir_ / "summary.csv");
  EXPECT_EQ(summary.rows.size(), kSmokeRuns.size());
  for (const char* column :
       {"id", "status", "architecture", "depth", "seed", "width", "parameters", "final_loss",
        "relative_l2", "init.sigma_min", "trained.sigma_max", "trained.mean_log_abs_det"}) {
    EXPECT_NO_THROW(summary.column(column)) << column;
  }
  for (const auto& row : summary.rows) {
    EXPECT_GT(std::stod(row[summary.column("relative_l2")]), 0.0);
  }
  EXPECT_EQ(nlohmann::json::parse(read_file(dir_ / "summary.json")).size(), kSmokeRuns.size());
  EXPECT_TRUE(fs::exists(dir_ / "spec.resolved.json"));

  EXPECT_NE(result.out.find("σmin init"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("results: " + dir_.string()), std::string::npos);
  EXPECT_NE(result.err.find("[6/6]"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("ETA"), std::string::npos);
}

// With --deterministic, a second sweep computes the same numbers: every metrics.csv is equal
// but for its clock column. The manifest records the compute environment.
TEST_F(SmokeSweep, DeterministicSweepsRepeatExactly) {
  ASSERT_EQ(run("--deterministic").exit_code, 0);
  const fs::path twin = dir_.string() + "_twin";
  fs::remove_all(twin);
  const auto second = run_symplex(std::string("run ") + kSmoke +
                                  " --device cpu --deterministic --out '" + twin.string() + "'");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  for (const auto& id : kSmokeRuns) {
    const auto a = read_csv(dir_ / id / "metrics.csv");
    const auto b = read_csv(twin / id / "metrics.csv");
    ASSERT_EQ(a.rows.size(), b.rows.size()) << id;
    const size_t clock = a.column("seconds");
    for (size_t r = 0; r < a.rows.size(); ++r) {
      for (size_t c = 0; c < a.columns.size(); ++c) {
        if (c != clock) {
          EXPECT_EQ(a.rows[r][c], b.rows[r][c]) << id << " row " << r;
        }
      }
    }
  }
  const auto manifest = nlohmann::json::parse(read_file(twin / "manifest.json"));
  const auto& environment = manifest["environment"];
  EXPECT_EQ(environment["deterministic_algorithms"], true);
  EXPECT_GE(environment["threads"].get<int>(), 1);
  EXPECT_FALSE(environment["cpu_capability"].get<std::string>().empty());
  EXPECT_EQ(environment["cudnn"]["allow_tf32"].is_boolean(), true);

  // Resuming with another thread count warns that old and new runs may differ in the last bits.
  if (environment["threads"].get<int>() != 1) {
    const auto resumed =
        run_symplex(std::string("run ") + kSmoke + " --device cpu --force --set threads=1 --out '" +
                    twin.string() + "'");
    EXPECT_EQ(resumed.exit_code, 0);
    EXPECT_NE(resumed.err.find("threads 1 (was"), std::string::npos) << resumed.err;
  }
  fs::remove_all(twin);
}

// Processes at once on one folder, as shards or plain: every run happens exactly once (shards by
// their share, plain processes by claiming runs), and `symplex summarize` puts the sweep together.
TEST_F(SmokeSweep, ShardsAndConcurrentProcessesRunEveryRunExactlyOnce) {
  for (const std::vector<std::string>& processes :
       {std::vector<std::string>{"--shard 1/3", "--shard 2/3", "--shard 3/3"},
        std::vector<std::string>{"", ""}}) {
    fs::remove_all(dir_);
    std::vector<std::future<BinaryResult>> running;
    for (const auto& extra : processes)
      running.push_back(std::async(std::launch::async, [this, extra] { return run(extra); }));
    std::multiset<std::string> ran;
    int succeeded = 0;
    for (auto& process : running) {
      const auto result = process.get();
      // A plain process that ends while another holds runs says so and exits 1 (a script must
      // not take the sweep for finished); the last one to end finds every run done.
      if (processes.front().empty() && result.exit_code == 1) {
        EXPECT_NE(result.err.find("runs are not finished: other processes hold them"),
                  std::string::npos)
            << result.err;
      } else {
        ASSERT_EQ(result.exit_code, 0) << result.err;
        ++succeeded;
      }
      for (const auto& id : kSmokeRuns) {
        if (result.err.find(" " + id + " finished") != std::string::npos) ran.insert(id);
      }
    }
    EXPECT_GE(succeeded, 1);
    EXPECT_EQ(ran, std::multiset<std::string>(kSmokeRuns.begin(), kSmokeRuns.end()))
        << processes.size() << " processes";
    const auto summarized = run_symplex("summarize '" + dir_.string() + "'");
    EXPECT_EQ(summarized.exit_code, 0) << summarized.err;
    EXPECT_EQ(summarized.err.find("no summary.json"), std::string::npos) << summarized.err;
    EXPECT_EQ(read_csv(dir_ / "summary.csv").rows.size(), kSmokeRuns.size());
    EXPECT_TRUE(fs::is_empty(dir_ / ".claims"));  // every claim released
    const auto manifest = nlohmann::json::parse(read_file(dir_ / "manifest.json"));
    EXPECT_EQ(manifest["status"], "finished");
    for (const auto& run : manifest["runs"])
      EXPECT_EQ(run["status"], "finished") << run["id"];
  }
  EXPECT_EQ(run("--shard 4/3").exit_code, 2);
}

TEST_F(SmokeSweep, ResumeRunsOnlyTheUnfinishedRuns) {
  ASSERT_EQ(run().exit_code, 0);
  const std::set<std::string> removed = {"mlp_d03_s0", "symplectic_d02_s0"};
  std::map<std::string, std::string> kept_summaries;
  for (const auto& id : kSmokeRuns) {
    if (removed.count(id)) {
      fs::remove(dir_ / id / "summary.json");  // as if the sweep had stopped during these runs
    } else {
      kept_summaries[id] = read_file(dir_ / id / "summary.json");
    }
  }
  const auto again = run();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("4 finished before, 2 to run"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("[2/2]"), std::string::npos);
  for (const auto& [id, text] : kept_summaries) {
    EXPECT_EQ(read_file(dir_ / id / "summary.json"), text) << id << " was run again";
  }
  for (const auto& id : removed)
    EXPECT_TRUE(fs::exists(dir_ / id / "summary.json"));
  EXPECT_EQ(read_csv(dir_ / "summary.csv").rows.size(), kSmokeRuns.size());
}

TEST_F(SmokeSweep, ResumingWithAnotherSpecIsRefusedUnlessForced) {
  ASSERT_EQ(run("--set grid.depth=[2]").exit_code, 0);
  const auto refused = run("--set grid.depth=[3]");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("it differs in grid.depth"), std::string::npos) << refused.err;
  EXPECT_EQ(run("--set grid.depth=[3] --force").exit_code, 0);
  // The description is free text: a new one does not make it another spec.
  const auto described = run("--set grid.depth=[3] --set 'description=edited'");
  EXPECT_EQ(described.exit_code, 0) << described.err;
  const auto manifest = nlohmann::json::parse(read_file(dir_ / "manifest.json"));
  EXPECT_EQ(manifest["spec"]["description"], "edited");
}

TEST_F(SmokeSweep, ADivergedRunIsRecordedAndTheSweepGoesOn) {
  const auto result = run("--set train.lr=1e30 --set grid.architecture=[mlp]");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto summary = read_csv(dir_ / "summary.csv");
  ASSERT_EQ(summary.rows.size(), 2u);
  for (const auto& row : summary.rows) {
    EXPECT_EQ(row[summary.column("status")], "diverged");
    EXPECT_FALSE(row[summary.column("diverged_step")].empty());
  }
  EXPECT_NE(result.out.find("diverged"), std::string::npos) << result.out;
}

// Ctrl-C, a plain kill and Slurm's warning signal all stop after the current step with exit 130.
TEST_F(SmokeSweep, StopSignalsKeepFinishedRunsAndLeaveTheManifestTrue) {
  for (const int signal_number : {SIGINT, SIGTERM, SIGUSR1}) {
    SCOPED_TRACE(signal_number);
    fs::remove_all(dir_);
    expect_clean_stop(signal_number);
  }
}

void SmokeSweep::expect_clean_stop(int signal_number) {
  const pid_t child = start_symplex({"run", kSmoke, "--device", "cpu", "--set",
                                     "train.steps=100000", "--set", "grid.depth=[2]", "--set",
                                     "grid.architecture=[mlp,symplectic]", "--out", dir_.string()});
  ASSERT_GE(child, 0);
  // Let the first run start (its folder appears), then interrupt it mid-run.
  for (int i = 0; i < 600 && !fs::exists(dir_ / "mlp_d02_s0" / "metrics.csv"); ++i)
    ::usleep(50000);
  ::usleep(300000);
  ::kill(child, signal_number);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const auto manifest = nlohmann::json::parse(read_file(dir_ / "manifest.json"));
  EXPECT_EQ(manifest["status"], "interrupted");
  EXPECT_EQ(manifest["runs"][0]["status"], "interrupted");
  EXPECT_EQ(manifest["runs"][1]["status"], "pending");
  EXPECT_FALSE(fs::exists(dir_ / "mlp_d02_s0" / "summary.json"));
  EXPECT_GE(read_csv(dir_ / "mlp_d02_s0" / "metrics.csv").rows.size(), 1u);
  EXPECT_TRUE(fs::exists(dir_ / "mlp_d02_s0" / "checkpoint.pt"));  // saved on the way out
}

// --jobs 2: two worker processes share the grid (each run once), and this process concludes.
TEST_F(SmokeSweep, JobsRunEveryRunOnceAndConcludeOnce) {
  const auto result = run("--jobs 2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("2 worker processes with 1 CPU thread each"), std::string::npos)
      << result.err;
  for (const auto& id : kSmokeRuns) {
    const std::string line = " " + id + " finished";
    const size_t first = result.err.find(line);
    EXPECT_NE(first, std::string::npos) << id;
    EXPECT_EQ(result.err.find(line, first + 1), std::string::npos) << id << " ran twice";
  }
  // Each worker's progress counts the whole sweep's finished runs: the worker that finishes last
  // says all of its N are done ([k/N] with k = N; a worker started after a run finished has a
  // smaller N). Counting its own runs only, no worker of two would reach its N.
  bool some_worker_saw_all_done = false;
  for (size_t at = result.err.find("] info ["); at != std::string::npos;
       at = result.err.find("] info [", at + 1)) {
    const size_t slash = result.err.find('/', at);
    const size_t close = result.err.find(']', slash);
    some_worker_saw_all_done =
        some_worker_saw_all_done || result.err.substr(at + 8, slash - at - 8) ==
                                        result.err.substr(slash + 1, close - slash - 1);
  }
  EXPECT_TRUE(some_worker_saw_all_done) << result.err;
  EXPECT_EQ(read_csv(dir_ / "summary.csv").rows.size(), kSmokeRuns.size());
  EXPECT_EQ(nlohmann::json::parse(read_file(dir_ / "manifest.json"))["status"], "finished");
  const size_t table = result.out.find("σmin init");
  ASSERT_NE(table, std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("σmin init", table + 1), std::string::npos) << "concluded twice";
}

// -q reaches the workers: nothing below a warning is logged by anyone.
TEST_F(SmokeSweep, QuietJobsLogNoInfoLines) {
  const auto result = run_symplex(std::string("--quiet run ") + kSmoke + " --device cpu --out '" +
                                  dir_.string() + "' --jobs 2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("] info "), std::string::npos) << result.err;
  EXPECT_EQ(read_csv(dir_ / "summary.csv").rows.size(), kSmokeRuns.size());
}

// The bench on tiny networks: bench.csv has symplex's two ways for every architecture and, with
// Debian's python3-torch, the PyTorch reference and the ratios (timings are not checked).
TEST(Cli, PinnBenchSmokeTimesSymplexAndTheReference) {
  const auto dir = fs::temp_directory_path() / ("symplex_bench_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto result =
      run_symplex("run configs/smoke/pinn_bench.yaml --device cpu --out '" + dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto bench = read_csv(dir / "bench.csv");
  std::multiset<std::string> implementations;
  for (const auto& row : bench.rows) {
    implementations.insert(row[bench.column("implementation")]);
    EXPECT_GT(std::stod(row[bench.column("median_seconds")]), 0.0);
  }
  EXPECT_EQ(implementations.count("symplex_fused"), 3u);
  EXPECT_EQ(implementations.count("symplex_autograd"), 3u);
  if (std::system("/usr/bin/python3 -c 'import torch' 2>/dev/null") == 0) {
    EXPECT_EQ(implementations.count("pytorch_eager"), 3u);
    for (const auto& row : bench.rows)
      EXPECT_FALSE(row[bench.column("this_over_fused")].empty());
    EXPECT_NE(result.out.find("[1]/fused"), std::string::npos) << result.out;
    // A report reads the reference's timings back; it never times anything again.
    const auto timed = read_file(dir / "reference.json");
    ASSERT_EQ(run_symplex("report '" + dir.string() + "'").exit_code, 0);
    EXPECT_EQ(read_file(dir / "reference.json"), timed);
  } else {
    EXPECT_NE(result.err.find("no PyTorch reference"), std::string::npos) << result.err;
  }
  // Timings of runs that share the cores would mean nothing.
  const auto parallel =
      run_symplex("run configs/smoke/pinn_bench.yaml --jobs 2 --out '" + dir.string() + "_jobs'");
  EXPECT_EQ(parallel.exit_code, 2);
  EXPECT_NE(parallel.err.find("measures time"), std::string::npos) << parallel.err;
  fs::remove_all(dir);
}

TEST(Cli, DtSweepSmokeProducesEveryArtifact) {
  const auto dir = fs::temp_directory_path() / ("symplex_dt_smoke_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto result =
      run_symplex("run configs/smoke/dt_band.yaml --device cpu --out '" + dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto summary = read_csv(dir / "summary.csv");
  // 4 series (leapfrog at γ = 1e-3 and 0, AdamW, SGD) x 2 step sizes x 2 seeds
  EXPECT_EQ(summary.rows.size(), 16u);
  for (const char* column : {"optimizer", "step_size", "seed", "parameters", "drift",
                             "cap_engagement", "train_loss_tail", "test_accuracy"}) {
    EXPECT_NO_THROW(summary.column(column)) << column;
  }
  const auto metrics = read_csv(dir / "leapfrog_dt0.002_s0" / "metrics.csv");
  EXPECT_EQ(metrics.columns,
            (std::vector<std::string>{"step", "loss", "kinetic", "energy", "delta_h",
                                      "delta_h_consecutive", "delta_h_damping", "delta_h_cap",
                                      "delta_h_integrator", "delta_h_noise", "kinetic_per_step",
                                      "delta_h_per_step", "delta_h_consecutive_per_step",
                                      "floor_gap", "cap_fired", "seconds"}));
  EXPECT_EQ(metrics.rows.size(), 10u);
  // The budget of eq. (16): damping < 0 (it only removes energy), and the γ = 0 control's is 0.
  const auto undamped = read_csv(dir / "leapfrog_gamma0_dt0.002_s0" / "metrics.csv");
  for (size_t row = 0; row < metrics.rows.size(); ++row) {
    EXPECT_LT(std::stod(metrics.rows[row][metrics.column("delta_h_damping")]), 0.0) << row;
    EXPECT_EQ(std::stod(undamped.rows[row][undamped.column("delta_h_damping")]), 0.0) << row;
  }
  // Over one band, each on per-seed points and on seed means: the leapfrog's two definitions and
  // its integrator and damping terms (the γ = 0 control has no damping); AdamW and SGD: four
  // definitions (K per lr and per step).
  const size_t fit_count = 4u * 2 + 3 * 2 + 2 * 4 * 2;
  const auto fits = read_csv(dir / "fits.csv");
  EXPECT_EQ(fits.rows.size(), fit_count);
  EXPECT_EQ(read_csv(dir / "steps.csv").rows.size(), 8u);
  EXPECT_EQ(read_csv(dir / "budget.csv").rows.size(), 8u);
  // Eq. (6) per leapfrog series and definition, band all (two step sizes).
  EXPECT_EQ(read_csv(dir / "drift_model.csv").rows.size(), 4u);
  // The float32 run's loss differs from its float64 re-evaluation (floor_every 10: step 1).
  EXPECT_GT(std::stod(metrics.rows[0][metrics.column("floor_gap")]), 0.0);
  // A baseline's two kinetic columns are the two energies of one Δθ, which differ by lr²: this
  // checks that they reach metrics.csv in their columns. What each is, against a Δθ computed
  // independently, is pinned by tests/optim/velocity_accounting_test.cpp.
  const double lr = 2e-4;
  const auto adamw = read_csv(dir / "adamw_lr0.0002_s0" / "metrics.csv");
  for (size_t row = 1; row < adamw.rows.size(); ++row) {
    const double per_lr = std::stod(adamw.rows[row][adamw.column("kinetic")]);
    const double per_step = std::stod(adamw.rows[row][adamw.column("kinetic_per_step")]);
    EXPECT_GT(per_lr, 0.0);
    EXPECT_NEAR(per_step, lr * lr * per_lr, 1e-13 * per_step) << "row " << row;
  }
  EXPECT_NE(result.out.find("Table 1 beside the seed"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Drift budget"), std::string::npos) << result.out;

  // `symplex report` rebuilds the tables from the folder alone, with report.md and the plots.
  fs::remove(dir / "fits.csv");
  const auto report = run_symplex("report '" + dir.string() + "'");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("Table 1 beside the seed"), std::string::npos) << report.out;
  EXPECT_EQ(read_csv(dir / "fits.csv").rows.size(), fit_count);
  const std::string markdown = read_file(dir / "report.md");
  for (const char* png : {"drift_vs_step.png", "cap_engagement.png", "drift_budget.png"}) {
    EXPECT_TRUE(fs::exists(dir / png)) << png;
    EXPECT_NE(markdown.find(png), std::string::npos) << markdown;
  }
  // A sweep with a run missing is not finished: exit 2, naming the run.
  fs::remove(dir / "sgd_lr0.025_s1" / "summary.json");
  const auto unfinished = run_symplex("report '" + dir.string() + "'");
  EXPECT_EQ(unfinished.exit_code, 2);
  EXPECT_NE(unfinished.err.find("not a finished sweep: 1 of 16 runs have no summary.json: "
                                "sgd_lr0.025_s1"),
            std::string::npos)
      << unfinished.err;
  // `symplex summarize` rebuilds the summary from the finished runs and names the missing one.
  const auto summarized = run_symplex("summarize '" + dir.string() + "'");
  EXPECT_EQ(summarized.exit_code, 0) << summarized.err;
  EXPECT_NE(summarized.err.find("1 of 16 runs have no summary.json: sgd_lr0.025_s1"),
            std::string::npos)
      << summarized.err;
  EXPECT_EQ(read_csv(dir / "summary.csv").rows.size(), 15u);
  fs::remove_all(dir);
}

// Each hostile or mistaken spec ends with exit 2 and a message that names the problem.
TEST(Cli, HostileSpecsExitTwoWithAMessage) {
  const auto dir = fs::temp_directory_path() / ("symplex_hostile_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"kind: dt_sweep\ntrain: " + std::string(10'000, '[') + std::string(10'000, ']') + "\n",
       "nesting too deep"},
      {"kind: dt_sweep\ngrid:\n  seed: &x [1, *x]\n", "aliases (*name) are not allowed"},
      {"kind: dt_sweep\ntrain:\n  steps: 10\n  steps: 20\n",
       "duplicate key 'steps' (lines 3 and 4)"},
      {"kind: dt_sweep\ntrain:\n  steps: ten\n", "expected an integer, got 'ten'"},
      {"kind: dt_sweep\ntrain:\n  steps: 3000000000\n", "must be between"},
      {"kind: dt_sweep\nleapfrog:\n  dt: .nan\n", "expected a finite number"},
      {"kind: dt_sweep\nleapfrog:\n  dt: -1\n", "leapfrog.dt[0]"},
      {"kind: dt_sweep\ngrid:\n  seed: []\n", "the list is empty"},
      {"kind: dt_sweep\n---\nkind: dt_sweep\n", "2 YAML documents"},
      {"", "the spec is empty"},
      {std::string("kind: dt_sweep\n\0\xff", 17), "not a text file"},
      {"kind: dt_sweep\nname: caf\xe9\n", "not valid UTF-8"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto path = dir / ("case" + std::to_string(i) + ".yaml");
    std::ofstream(path, std::ios::binary) << cases[i].first;
    const auto result = run_symplex("validate '" + path.string() + "'");
    EXPECT_EQ(result.exit_code, 2) << cases[i].second;
    EXPECT_NE(result.err.find(path.string() + ":"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(cases[i].second), std::string::npos) << result.err;
  }
  const auto directory = run_symplex("validate '" + dir.string() + "'");
  EXPECT_EQ(directory.exit_code, 2);
  EXPECT_NE(directory.err.find("is a directory, not a spec file"), std::string::npos);
  const auto bad_set = run_symplex("validate configs/smoke/dt_band.yaml --set train.stepz=5");
  EXPECT_EQ(bad_set.exit_code, 2);
  EXPECT_NE(bad_set.err.find("did you mean 'steps'?"), std::string::npos) << bad_set.err;
  fs::remove_all(dir);
}

TEST(Cli, ReportRefusesAFolderThatIsNotASweep) {
  const auto result = run_symplex("report configs");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("configs is not a sweep folder"), std::string::npos) << result.err;
}

// Two deterministic sweeps of one spec agree to the last bit in every figure but the clock's;
// a run the reference lacks is named, and a folder without a summary is refused.
TEST_F(SmokeSweep, ReportComparesASweepWithAReference) {
  const auto reference_dir = dir_ / "reference";
  const auto sweep_dir = dir_ / "sweep";
  const std::string spec = "run configs/smoke/reversibility.yaml --device cpu --deterministic ";
  ASSERT_EQ(run_symplex(spec + "--out '" + reference_dir.string() + "'").exit_code, 0);
  ASSERT_EQ(
      run_symplex(spec + "--set grid.steps=[5,20,30] --out '" + sweep_dir.string() + "'").exit_code,
      0);
  const auto report =
      run_symplex("report '" + sweep_dir.string() + "' --against '" + reference_dir.string() + "'");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.err.find("was made from another spec (it differs in grid.steps)"),
            std::string::npos)
      << report.err;
  // 24 runs in common (3 integrators x 2 dtypes x 2 models x N = 5, 20); N = 30 is new.
  EXPECT_NE(report.out.find("runs only in this sweep (12)"), std::string::npos) << report.out;
  for (const char* figure : {"parameter_error", "momentum_error"}) {
    EXPECT_NE(report.out.find(fmt_row(figure, 24, 24)), std::string::npos) << report.out;
  }
  EXPECT_NE(read_file(sweep_dir / "report.md").find("## Against a reference"), std::string::npos);
  const auto refused = run_symplex("report '" + sweep_dir.string() + "' --against configs");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("is not as symplex writes it"), std::string::npos) << refused.err;
}

// In float64 the float64 re-evaluation is the same computation: the floor vanishes.
TEST(Cli, DtSweepInFloat64HasNoArithmeticFloor) {
  const auto dir = fs::temp_directory_path() / ("symplex_dt_fp64_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto result = run_symplex(
      "run configs/smoke/dt_band.yaml --device cpu --set train.precision=float64 "
      "--set train.floor_every=1 --set grid.optimizer=[leapfrog] --set grid.seed=[0] --out '" +
      dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto metrics = read_csv(dir / "leapfrog_dt0.002_s0" / "metrics.csv");
  for (const auto& row : metrics.rows) {
    const double gap = std::stod(row[metrics.column("floor_gap")]);
    EXPECT_LE(gap, 1e-12 * std::stod(row[metrics.column("loss")]));
  }
  const auto manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
  EXPECT_EQ(manifest["dtypes"], nlohmann::json::array({"float64"}));
  EXPECT_EQ(manifest["tf32"], nlohmann::json::array({false}));
  fs::remove_all(dir);
}

// bf16 autocast is in force where the spec asks for it: its gap to the float64 re-evaluation is
// that of bfloat16 (8 significand bits), far above float32's, with the energy still finite and
// the layout and precision recorded in the manifest.
TEST(Cli, DtSweepInBf16ChannelsLastHasABfloat16Floor) {
  const auto mean_floor_gap = [](const std::string& extra, nlohmann::json& manifest) {
    const auto dir = fs::temp_directory_path() / ("symplex_dt_bf16_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const auto result = run_symplex(
        "run configs/smoke/dt_band.yaml --device cpu --set train.floor_every=1 "
        "--set grid.optimizer=[leapfrog] --set grid.seed=[0] --set leapfrog.gamma=[1.0e-3] "
        "--set leapfrog.dt=[0.002] " +
        extra + " --out '" + dir.string() + "'");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
    const auto metrics = read_csv(dir / "leapfrog_dt0.002_s0" / "metrics.csv");
    double sum = 0.0;
    for (const auto& row : metrics.rows) {
      EXPECT_TRUE(std::isfinite(std::stod(row[metrics.column("energy")])));
      sum += std::stod(row[metrics.column("floor_gap")]);
    }
    fs::remove_all(dir);
    return sum / static_cast<double>(metrics.rows.size());
  };
  nlohmann::json float32_manifest, bf16_manifest;
  const double float32_gap = mean_floor_gap("", float32_manifest);
  const double bf16_gap = mean_floor_gap(
      "--set train.precision=bf16 --set train.memory_format=channels_last", bf16_manifest);
  EXPECT_GT(bf16_gap, 1000.0 * float32_gap) << "bf16 " << bf16_gap << ", float32 " << float32_gap;
  EXPECT_EQ(float32_manifest["memory_formats"], nlohmann::json::array({"contiguous"}));
  EXPECT_EQ(bf16_manifest["dtypes"], nlohmann::json::array({"bf16"}));
  EXPECT_EQ(bf16_manifest["memory_formats"], nlohmann::json::array({"channels_last"}));
}

TEST(Cli, ReversibilitySmokeProducesEveryArtifact) {
  const auto dir = fs::temp_directory_path() / ("symplex_rev_smoke_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto result =
      run_symplex("run configs/smoke/reversibility.yaml --device cpu --out '" + dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto summary = read_csv(dir / "summary.csv");
  EXPECT_EQ(summary.rows.size(), 24u);  // 3 integrators x 2 dtypes x 2 models x 2 lengths
  for (const auto& row : summary.rows) {
    const double error = std::stod(row[summary.column("parameter_error")]);
    if (row[summary.column("integrator")] == "leapfrog" &&
        row[summary.column("dtype")] == "float64") {
      EXPECT_LT(error, 1e-10) << row[summary.column("id")];
    }
    if (row[summary.column("integrator")] == "explicit_euler") {
      EXPECT_GT(error, 1e-9) << row[summary.column("id")];
    }
  }
  // The printed table holds, per (model, integrator, dtype), the mean parameter error over seeds
  // at each N, as summary.csv records the runs.
  std::map<std::string, std::map<std::string, std::vector<double>>> errors;  // row -> N -> errors
  for (const auto& row : summary.rows) {
    char key[64];
    std::snprintf(key, sizeof key, "%-10s %-17s %-8s", row[summary.column("model")].c_str(),
                  row[summary.column("integrator")].c_str(), row[summary.column("dtype")].c_str());
    errors[key][row[summary.column("steps")]].push_back(
        std::stod(row[summary.column("parameter_error")]));
  }
  ASSERT_EQ(errors.size(), 12u);
  for (const auto& [key, by_steps] : errors) {
    std::string line = key;
    for (const char* n : {"5", "20"}) {
      double mean = 0.0;
      for (const double e : by_steps.at(n))
        mean += e / static_cast<double>(by_steps.at(n).size());
      char cell[32];
      std::snprintf(cell, sizeof cell, " %12.3e", mean);
      line += cell;
    }
    EXPECT_NE(result.out.find(line + "\n"), std::string::npos) << line << "\n" << result.out;
  }
  fs::remove_all(dir);
}

TEST(Cli, MemoryAblationSmokeProducesEveryArtifactAndIdenticalCurves) {
  const auto dir = fs::temp_directory_path() / ("symplex_mem_smoke_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto result = run_symplex("run configs/smoke/memory_ablation.yaml --device cpu --out '" +
                                  dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto summary = read_csv(dir / "summary.csv");
  EXPECT_EQ(summary.rows.size(), 12u);  // (2 leapfrog dt + adamw + sgd) x 3 modes
  for (const char* column : {"mode", "optimizer", "step_size", "drift", "seconds_per_step"}) {
    EXPECT_NO_THROW(summary.column(column)) << column;
  }
  for (const char* mode : {"default", "thrash", "scramble"}) {
    EXPECT_EQ(
        read_csv(dir / (std::string(mode) + "_leapfrog_dt0.002_s0") / "metrics.csv").rows.size(),
        10u)
        << mode;
  }
  // Single-threaded on the CPU, the three modes compute the same numbers.
  const auto ablation = read_csv(dir / "ablation.csv");
  ASSERT_EQ(ablation.rows.size(), 2u);
  for (const auto& row : ablation.rows) {
    EXPECT_EQ(row[ablation.column("runs_compared")], "4");
    EXPECT_EQ(row[ablation.column("runs_identical")], "4") << row[0];
  }
  // Leapfrog's fits in each mode: two definitions and the integrator and damping terms, each on
  // per-seed points and on seed means.
  EXPECT_EQ(read_csv(dir / "fits.csv").rows.size(), 3u * 4 * 2);
  EXPECT_NE(result.out.find("equal default's bit for bit in all 8 compared runs"),
            std::string::npos)
      << result.out;
  fs::remove_all(dir);
}

TEST(Cli, MemoryAblationNeedsTheDefaultMode) {
  const auto result =
      run_symplex("validate configs/smoke/memory_ablation.yaml --set 'ablation.modes=[thrash]'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("'ablation.modes': the modes must include 'default'"),
            std::string::npos)
      << result.err;
}

// Each memory mode's cost is a time ratio: its runs must not share the cores.
TEST(Cli, MemoryAblationRefusesJobs) {
  const auto dir = fs::temp_directory_path() / ("symplex_mem_jobs_" + std::to_string(::getpid()));
  const auto result =
      run_symplex("run configs/smoke/memory_ablation.yaml --jobs 2 --out '" + dir.string() + "'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("measures time"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir / "manifest.json"));
  fs::remove_all(dir);
}

// A graphed step is Adam's only, and off a GPU each run fails saying why (the build has no CUDA,
// or the run is not on a CUDA device) while the sweep exits 1.
TEST(Cli, DepthSweepCudaGraphNeedsAdamAndAGpu) {
  const auto lbfgs = run_symplex(
      "validate configs/smoke/depth_sweep.yaml --set train.cuda_graph=true "
      "--set train.optimizer=lbfgs");
  EXPECT_EQ(lbfgs.exit_code, 2);
  EXPECT_NE(lbfgs.err.find("train.cuda_graph needs train.optimizer: adam"), std::string::npos)
      << lbfgs.err;

  const auto dir = fs::temp_directory_path() / ("symplex_graph_cpu_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto on_cpu = run_symplex(
      "run configs/smoke/depth_sweep.yaml --device cpu --set train.cuda_graph=true "
      "--set grid.architecture=[mlp] --set grid.depth=[2] --out '" +
      dir.string() + "'");
  fs::remove_all(dir);
  EXPECT_EQ(on_cpu.exit_code, 1) << on_cpu.err;
  EXPECT_TRUE(on_cpu.err.find("built against a CUDA LibTorch") != std::string::npos ||
              on_cpu.err.find("needs the run on a CUDA device") != std::string::npos)
      << on_cpu.err;
}

// On a GPU, the depth sweep's graphed Adam trains as its eager Adam with LibTorch's Adam: the same
// losses at every logged step, to float32 round-off over 20 steps.
TEST(Cli, DepthSweepCudaGraphTrainsAsEagerAdam) {
  const auto losses = [](const std::string& extra, BinaryResult& result) {
    const auto dir = fs::temp_directory_path() /
                     ("symplex_graph_" + std::to_string(::getpid()) + std::to_string(extra.size()));
    fs::remove_all(dir);
    result = run_symplex("run configs/smoke/depth_sweep.yaml --device cuda " + extra +
                         " --set grid.architecture=[mlp] --set grid.depth=[3] --out '" +
                         dir.string() + "'");
    std::vector<double> values;
    if (result.exit_code == 0) {
      const auto metrics = read_csv(dir / "mlp_d03_s0" / "metrics.csv");
      for (const auto& row : metrics.rows)
        values.push_back(std::stod(row[metrics.column("loss")]));
    }
    fs::remove_all(dir);
    return values;
  };
  BinaryResult eager_result, graphed_result;
  const auto eager = losses("", eager_result);
  if (eager_result.exit_code != 0 &&
      eager_result.err.find("sees no CUDA device") != std::string::npos) {
    GTEST_SKIP() << "skipped: no CUDA device here";
  }
  ASSERT_EQ(eager_result.exit_code, 0) << eager_result.err;
  const auto graphed = losses("--set train.cuda_graph=true", graphed_result);
  ASSERT_EQ(graphed_result.exit_code, 0) << graphed_result.err;
  ASSERT_EQ(graphed.size(), eager.size());
  for (size_t i = 0; i < eager.size(); ++i)
    EXPECT_NEAR(graphed[i], eager[i], 1e-4 * std::abs(eager[i])) << "row " << i;
}

TEST(Cli, DryRunPrintsTheGridWithParameterCounts) {
  const auto result = run_symplex("run configs/depth_sweep.yaml --dry-run");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("12 runs"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("symplectic_d50_s0"), std::string::npos);
  EXPECT_NE(result.out.find("parameters"), std::string::npos);
}

TEST(Cli, ValidateAcceptsEveryShippedConfig) {
  const auto result =
      run_symplex("validate configs/*.yaml configs/smoke/*.yaml configs/gpu/*.yaml");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // One "valid" line per shipped spec: the glob reached them all.
  size_t specs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(SYMPLEX_SOURCE_DIR "/configs")) {
    specs += entry.path().extension() == ".yaml" ? 1 : 0;
  }
  size_t valid = 0;
  for (size_t at = result.out.find(": valid "); at != std::string::npos;
       at = result.out.find(": valid ", at + 1)) {
    ++valid;
  }
  EXPECT_EQ(valid, specs) << result.out;
}

TEST(Cli, ValidateListsEveryProblemWithFileLineAndKey) {
  const auto path =
      fs::temp_directory_path() / ("symplex_bad_" + std::to_string(::getpid()) + ".yaml");
  symplex::io::write_file_atomic(path,
                                 "kind: depth_sweep\n"
                                 "grid:\n"
                                 "  depth: [4, -1]\n"
                                 "train:\n"
                                 "  optimiser: adam\n"
                                 "  steps: ten\n");
  const auto result = run_symplex("validate '" + path.string() + "'");
  fs::remove(path);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(path.string() + ":3:14: 'grid.depth[1]'"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(":5:3: 'train.optimiser': unknown key 'optimiser' in 'train' — did "
                            "you mean 'optimizer'?"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(":6:10: 'train.steps': expected an integer"), std::string::npos);
}

TEST(Cli, BadCommandLinesAndKindsExitWithTwo) {
  EXPECT_EQ(run_symplex("run configs/depth_sweep.yaml --set train.steps=ten --dry-run").exit_code,
            2);
  EXPECT_EQ(run_symplex("run configs/depth_sweep.yaml --device tpu").exit_code, 2);
  EXPECT_EQ(run_symplex("frobnicate").exit_code, 2);
  EXPECT_EQ(run_symplex("list no_such_kind").exit_code, 2);
}

TEST(Cli, ListDocumentsEveryKey) {
  const auto result = run_symplex("list");
  ASSERT_EQ(result.exit_code, 0);
  for (const char* key : {"depth_sweep", "grid.architecture", "train.steps", "model.param_budget",
                          "pde.alpha", "diagnostics.probe_points"}) {
    EXPECT_NE(result.out.find(key), std::string::npos) << key;
  }
}

}  // namespace
