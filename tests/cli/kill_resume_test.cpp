// A sweep killed with SIGKILL at random moments and resumed each time ends exactly as an
// uninterrupted one: finished runs are never run again, and a run killed mid-way goes on from its
// checkpoint, with its metrics.csv cut back to it (rows logged after the checkpoint and a torn
// line, left deterministically by one test, included).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace {

namespace fs = std::filesystem;
using symplex::io::read_csv;
using symplex::io::read_file;

const std::vector<std::string> kRuns = {"mlp_d02_s0",          "mlp_d03_s0",
                                        "residual_mlp_d02_s0", "residual_mlp_d03_s0",
                                        "symplectic_d02_s0",   "symplectic_d03_s0"};

std::vector<std::string> sweep_arguments(const fs::path& dir, int steps = 600,
                                         const std::string& checkpoint_every = "0.02",
                                         const std::vector<std::string>& extra = {}) {
  std::vector<std::string> arguments = {"run",
                                        "configs/smoke/depth_sweep.yaml",
                                        "--set",
                                        "train.steps=" + std::to_string(steps),
                                        "--device",
                                        "cpu",
                                        "--deterministic",
                                        "--checkpoint-every",
                                        checkpoint_every,
                                        "--out",
                                        dir.string()};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

// A file that a child process may not have created yet, as text ("" until it exists).
std::string text_of(const fs::path& path) {
  return fs::exists(path) ? read_file(path) : "";
}

// Waits until `predicate` holds, polling every 20 ms for at most a minute; returns whether it held.
template <class Predicate>
bool wait_until(const Predicate& predicate) {
  for (int i = 0; i < 3000; ++i) {
    if (predicate()) return true;
    ::usleep(20000);
  }
  return false;
}

int wait_for(pid_t child) {
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
  return status;
}

// Whether a CSV column is a clock's: seconds, seconds_per_step, figures.measuring_seconds, ...
bool is_clock(const std::string& column) {
  return column.find("seconds") != std::string::npos;
}

// Every cell of two CSV files but those of the clock columns.
void expect_equal_but_clocks(const fs::path& a_path, const fs::path& b_path) {
  const auto a = read_csv(a_path);
  const auto b = read_csv(b_path);
  ASSERT_EQ(a.columns, b.columns) << b_path;
  ASSERT_EQ(a.rows.size(), b.rows.size()) << b_path;
  for (size_t c = 0; c < a.columns.size(); ++c) {
    if (is_clock(a.columns[c])) continue;
    for (size_t r = 0; r < a.rows.size(); ++r)
      EXPECT_EQ(a.rows[r][c], b.rows[r][c]) << b_path << " row " << r << " " << a.columns[c];
  }
}

// Starts a sweep and stops it with SIGUSR1 once `file` of the run folder `run_dir` has `rows`
// rows: it must exit 130 with that run's checkpoint saved and no summary written.
void stop_run_midway(const std::vector<std::string>& arguments, const fs::path& run_dir,
                     const std::string& file, size_t rows) {
  const auto path = run_dir / file;
  const pid_t child = start_symplex(arguments);
  for (int i = 0; i < 1500 && (!fs::exists(path) || read_csv(path).rows.size() < rows); ++i)
    ::usleep(20000);
  ::kill(child, SIGUSR1);
  const int status = wait_for(child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(fs::exists(run_dir / "checkpoint.pt"));
  EXPECT_FALSE(fs::exists(run_dir / "summary.json"));
}

TEST(KillResume, TwentySigkillsThenResumeEqualAnUninterruptedSweep) {
  const auto base = fs::temp_directory_path() / ("symplex_kill_" + std::to_string(::getpid()));
  const auto reference = base / "reference";
  const auto killed = base / "killed";
  fs::remove_all(base);
  ASSERT_EQ(wait_for(start_symplex(sweep_arguments(reference))), 0);

  // Each kill comes at a random moment after the attempt has started its runs (its "to run" line),
  // whatever the time the binary takes to start on this machine.
  std::mt19937 random(20261123);
  std::uniform_int_distribution<int> delay_ms(0, 1000);
  std::map<std::string, std::string> finished;  // run -> its summary.json when first seen
  int resumed_from_checkpoint = 0;
  for (int kill = 0; kill < 20; ++kill) {
    const auto log = base / ("attempt_" + std::to_string(kill) + ".err");
    const pid_t child = start_symplex(sweep_arguments(killed), log.string());
    EXPECT_TRUE(wait_until([&] { return text_of(log).find(" to run") != std::string::npos; }))
        << text_of(log);
    ::usleep(static_cast<useconds_t>(delay_ms(random)) * 1000);
    ::kill(child, SIGKILL);
    const int status = wait_for(child);
    EXPECT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));
    if (read_file(log).find("from its checkpoint") != std::string::npos) ++resumed_from_checkpoint;

    for (const auto& id : kRuns) {
      const auto summary = killed / id / "summary.json";
      if (fs::exists(summary)) {
        const auto [seen, first_time] = finished.emplace(id, read_file(summary));
        EXPECT_TRUE(first_time || seen->second == read_file(summary)) << id << " was run again";
      }
    }
  }
  const pid_t last = start_symplex(sweep_arguments(killed), (base / "last.err").string());
  const int status = wait_for(last);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(base / "last.err");
  if (read_file(base / "last.err").find("from its checkpoint") != std::string::npos) {
    ++resumed_from_checkpoint;
  }

  EXPECT_GE(resumed_from_checkpoint, 1);
  for (const auto& [id, text] : finished)
    EXPECT_EQ(read_file(killed / id / "summary.json"), text) << id << " was run again";
  expect_equal_but_clocks(reference / "summary.csv", killed / "summary.csv");
  for (const auto& id : kRuns) {
    expect_equal_but_clocks(reference / id / "metrics.csv", killed / id / "metrics.csv");
    EXPECT_EQ(read_file(reference / id / "spectra.csv"), read_file(killed / id / "spectra.csv"));
    EXPECT_FALSE(fs::exists(killed / id / "checkpoint.pt"));
  }
  fs::remove_all(base);
}

// The recovery the kills above count on, made deterministic. A run stopped by SIGUSR1 saves a
// checkpoint that accounts for exactly the metrics.csv it leaves (no other checkpoint falls due).
// Appended to it by hand, as a SIGKILL after more steps would leave them, are a row logged after
// the checkpoint and a row torn mid-write: the resumed run must cut both back to the checkpoint's
// bytes and end exactly as an uninterrupted run.
TEST(KillResume, RowsPastTheCheckpointAndATornRowAreCutBackOnResume) {
  const auto base = fs::temp_directory_path() / ("symplex_torn_" + std::to_string(::getpid()));
  const auto reference = base / "reference";
  const auto stopped = base / "stopped";
  fs::remove_all(base);
  // One run of 2000 steps (about 4 s on a 2-core VM), stopped once it has logged step 5: the
  // stop lands long before the run's end on any machine.
  const auto arguments = [](const fs::path& dir) {
    return sweep_arguments(dir, 2000, "1000",
                           {"--set", "grid.architecture=[mlp]", "--set", "grid.depth=[2]"});
  };
  ASSERT_EQ(wait_for(start_symplex(arguments(reference))), 0);

  const auto metrics = stopped / "mlp_d02_s0" / "metrics.csv";
  const pid_t child = start_symplex(arguments(stopped));
  EXPECT_TRUE(wait_until([&] {  // the header and two rows, counted without parsing a live file
    const std::string text = text_of(metrics);
    return std::count(text.begin(), text.end(), '\n') >= 3;
  }));
  ::kill(child, SIGUSR1);
  const int status = wait_for(child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 130);
  ASSERT_TRUE(fs::exists(stopped / "mlp_d02_s0" / "checkpoint.pt"));
  const size_t kept_rows = read_csv(metrics).rows.size();
  ASSERT_LT(kept_rows, read_csv(reference / "mlp_d02_s0" / "metrics.csv").rows.size());
  const std::string past_the_checkpoint = "9999,1,1,1,1,1,1\n9999,0.12";
  const auto kept_bytes = fs::file_size(metrics);
  std::ofstream(metrics, std::ios::app | std::ios::binary) << past_the_checkpoint;
  ASSERT_EQ(fs::file_size(metrics), kept_bytes + past_the_checkpoint.size());

  const auto log = base / "resumed.err";
  ASSERT_EQ(wait_for(start_symplex(arguments(stopped), log.string())), 0) << read_file(log);
  EXPECT_NE(read_file(log).find("from its checkpoint"), std::string::npos) << read_file(log);
  expect_equal_but_clocks(reference / "mlp_d02_s0" / "metrics.csv", metrics);
  expect_equal_but_clocks(reference / "summary.csv", stopped / "summary.csv");
  fs::remove_all(base);
}

// Slurm's warning signal in the middle of a leapfrog, an AdamW and an SGD run: each run saves a
// checkpoint on its way out, and the resumed sweep equals an uninterrupted one, energy logs and
// optimizer states included.
TEST(KillResume, StoppedDtSweepGoesOnFromItsCheckpointsExactly) {
  const auto base = fs::temp_directory_path() / ("symplex_stop_dt_" + std::to_string(::getpid()));
  const auto reference = base / "reference";
  const auto stopped = base / "stopped";
  fs::remove_all(base);
  const auto arguments = [](const fs::path& dir) {
    return std::vector<std::string>{"run",
                                    "configs/smoke/dt_band.yaml",
                                    "--device",
                                    "cpu",
                                    "--deterministic",
                                    "--set",
                                    "train.steps=150",
                                    "--set",
                                    "grid.seed=[0]",
                                    "--set",
                                    "leapfrog.dt=[0.002]",
                                    "--set",
                                    "adamw.lr=[2.0e-4]",
                                    "--set",
                                    "sgd.lr=[0.0125]",
                                    "--out",
                                    dir.string()};
  };
  ASSERT_EQ(wait_for(start_symplex(arguments(reference))), 0);

  const std::vector<std::string> runs = {"leapfrog_dt0.002_s0", "adamw_lr0.0002_s0",
                                         "sgd_lr0.0125_s0"};
  for (const auto& run : runs) {
    SCOPED_TRACE(run);
    stop_run_midway(arguments(stopped), stopped / run, "metrics.csv", 5);
  }
  const auto log = base / "resumed.err";
  ASSERT_EQ(wait_for(start_symplex(arguments(stopped), log.string())), 0) << read_file(log);
  expect_equal_but_clocks(reference / "summary.csv", stopped / "summary.csv");
  for (const auto& run : runs)
    expect_equal_but_clocks(reference / run / "metrics.csv", stopped / run / "metrics.csv");
  fs::remove_all(base);
}

// The same for the gradient-SNR kind, whose checkpoint also holds the RBA weights (RBA runs) and
// how far each of its four files had got: stopped after ten SNR measurements, each run ends with
// exactly the metrics, SNR curves, per-layer SNR and residual cells of an uninterrupted sweep.
TEST(KillResume, StoppedPinnSnrRunsGoOnFromTheirCheckpointsExactly) {
  const auto base = fs::temp_directory_path() / ("symplex_stop_snr_" + std::to_string(::getpid()));
  const auto reference = base / "reference";
  const auto stopped = base / "stopped";
  fs::remove_all(base);
  const auto arguments = [](const fs::path& dir) {
    return std::vector<std::string>{"run",
                                    "configs/smoke/pinn_snr.yaml",
                                    "--device",
                                    "cpu",
                                    "--deterministic",
                                    "--set",
                                    "grid.problem=[allen_cahn, helmholtz]",
                                    "--set",
                                    "grid.rba=[false, true]",
                                    "--set",
                                    "train.steps=400",
                                    "--out",
                                    dir.string()};
  };
  ASSERT_EQ(wait_for(start_symplex(arguments(reference))), 0);
  const std::vector<std::string> runs = {"allen_cahn_plain_s0", "allen_cahn_rba_s0",
                                         "helmholtz_plain_s0", "helmholtz_rba_s0"};
  for (const auto& run : runs) {
    SCOPED_TRACE(run);
    stop_run_midway(arguments(stopped), stopped / run, "snr.csv", 10);
  }
  const auto log = base / "resumed.err";
  ASSERT_EQ(wait_for(start_symplex(arguments(stopped), log.string())), 0) << read_file(log);
  expect_equal_but_clocks(reference / "summary.csv", stopped / "summary.csv");
  for (const auto& run : runs) {
    for (const char* file : {"metrics.csv", "snr.csv", "snr_layers.csv", "residual_cells.csv"})
      expect_equal_but_clocks(reference / run / file, stopped / run / file);
  }
  fs::remove_all(base);
}

// The same for the conservation kind, whose checkpoint also holds every family's predictions and
// how far families.csv and units.csv had got: runs of each update stopped midway end with exactly
// the logs of an uninterrupted sweep (the predictions carried over the stop included).
TEST(KillResume, StoppedConservationRunsGoOnFromTheirCheckpointsExactly) {
  const auto base =
      fs::temp_directory_path() / ("symplex_stop_conservation_" + std::to_string(::getpid()));
  const auto reference = base / "reference";
  const auto stopped = base / "stopped";
  fs::remove_all(base);
  const auto arguments = [](const fs::path& dir) {
    return std::vector<std::string>{"run",
                                    "configs/smoke/conservation.yaml",
                                    "--device",
                                    "cpu",
                                    "--deterministic",
                                    "--set",
                                    "grid.network=[vgg_bn]",
                                    "--set",
                                    "optimizers.sgd.lr=[0.05]",
                                    "--set",
                                    "optimizers.sgd.horizon=20",
                                    "--set",
                                    "optimizers.momentum.horizon=4",
                                    "--set",
                                    "optimizers.adamw.horizon=0.4",
                                    "--set",
                                    "optimizers.leapfrog.horizon=4",
                                    "--out",
                                    dir.string()};
  };
  ASSERT_EQ(wait_for(start_symplex(arguments(reference))), 0);
  const std::vector<std::string> runs = {
      "vgg_bn_sgd_wd0.01_lr0.05_s0", "vgg_bn_momentum_wd0.01_lr0.01_s0",
      "vgg_bn_adamw_wd0.01_lr0.001_s0", "vgg_bn_leapfrog_gamma1_lr0.01_s0"};
  for (const auto& run : runs) {
    SCOPED_TRACE(run);
    stop_run_midway(arguments(stopped), stopped / run, "families.csv", 5 * 40);
  }
  const auto log = base / "resumed.err";
  ASSERT_EQ(wait_for(start_symplex(arguments(stopped), log.string())), 0) << read_file(log);
  expect_equal_but_clocks(reference / "summary.csv", stopped / "summary.csv");
  for (const auto& run : runs) {
    for (const char* file : {"metrics.csv", "families.csv", "units.csv"})
      expect_equal_but_clocks(reference / run / file, stopped / run / file);
  }
  fs::remove_all(base);
}

}  // namespace
