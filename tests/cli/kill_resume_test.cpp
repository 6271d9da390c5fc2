// A sweep killed with SIGKILL at random moments and resumed each time ends exactly as an
// uninterrupted one: finished runs are never run again, and a run killed mid-way goes on from its
// checkpoint, with its metrics.csv cut back to it (a torn line included).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

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

std::vector<std::string> sweep_arguments(const fs::path& dir) {
  return {"run",
          "configs/smoke/depth_sweep.yaml",
          "--set",
          "train.steps=600",
          "--device",
          "cpu",
          "--deterministic",
          "--checkpoint-every",
          "0.02",
          "--out",
          dir.string()};
}

int wait_for(pid_t child) {
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
  return status;
}

// Every cell of two CSV files but those of the clock columns.
void expect_equal_but_clocks(const fs::path& a_path, const fs::path& b_path) {
  const auto a = read_csv(a_path);
  const auto b = read_csv(b_path);
  ASSERT_EQ(a.columns, b.columns) << b_path;
  ASSERT_EQ(a.rows.size(), b.rows.size()) << b_path;
  for (size_t c = 0; c < a.columns.size(); ++c) {
    if (a.columns[c] == "seconds" || a.columns[c] == "seconds_per_step") continue;
    for (size_t r = 0; r < a.rows.size(); ++r)
      EXPECT_EQ(a.rows[r][c], b.rows[r][c]) << b_path << " row " << r << " " << a.columns[c];
  }
}

TEST(KillResume, TwentySigkillsThenResumeEqualAnUninterruptedSweep) {
  const auto base = fs::temp_directory_path() / ("symplex_kill_" + std::to_string(::getpid()));
  const auto reference = base / "reference";
  const auto killed = base / "killed";
  fs::remove_all(base);
  ASSERT_EQ(wait_for(start_symplex(sweep_arguments(reference))), 0);

  std::mt19937 random(20261123);
  std::uniform_int_distribution<int> delay_ms(400, 1600);  // the binary starts in about 0.6 s
  std::map<std::string, std::string> finished;  // run -> its summary.json when first seen
  int resumed_from_checkpoint = 0;
  int torn = 0;
  for (int kill = 0; kill < 20; ++kill) {
    const auto log = base / ("attempt_" + std::to_string(kill) + ".err");
    const pid_t child = start_symplex(sweep_arguments(killed), log.string());
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
      } else if (fs::exists(killed / id / "checkpoint.pt") && torn < 3) {
        // As if the kill had come in the middle of writing a row.
        std::ofstream(killed / id / "metrics.csv", std::ios::app) << "999,0.12";
        ++torn;
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
  EXPECT_GE(torn, 1);
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
    const auto metrics = stopped / run / "metrics.csv";
    const pid_t child = start_symplex(arguments(stopped));
    for (int i = 0; i < 1000 && (!fs::exists(metrics) || read_csv(metrics).rows.size() < 5); ++i)
      ::usleep(20000);
    ::kill(child, SIGUSR1);
    const int status = wait_for(child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 130);
    EXPECT_TRUE(fs::exists(stopped / run / "checkpoint.pt"));
    EXPECT_FALSE(fs::exists(stopped / run / "summary.json"));
  }
  const auto log = base / "resumed.err";
  ASSERT_EQ(wait_for(start_symplex(arguments(stopped), log.string())), 0) << read_file(log);
  expect_equal_but_clocks(reference / "summary.csv", stopped / "summary.csv");
  for (const auto& run : runs)
    expect_equal_but_clocks(reference / run / "metrics.csv", stopped / run / "metrics.csv");
  fs::remove_all(base);
}

}  // namespace
