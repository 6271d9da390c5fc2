#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace symplex::cli {

// Exit codes scripts can rely on.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,       // a run failed, or a runtime error
  kExitBadSpec = 2,       // the spec (or the command line) is invalid
  kExitInterrupted = 130  // stopped by SIGINT, SIGTERM or SIGUSR1; finished runs are kept
};

struct RunCommand {
  std::string spec;
  std::vector<std::string> overrides;  // --set key=value
  std::string out;                     // sweep folder; empty for the default
  std::string results_root = "results";
  std::string device = "auto";
  bool dry_run = false;
  bool force = false;
  bool deterministic = false;        // LibTorch's deterministic algorithms (and cuDNN's)
  std::string shard;                 // "i/n" or "slurm"; empty: the whole grid
  double checkpoint_seconds = 60.0;  // a running run saves its state this often
  int jobs = 1;                      // runs at once, each in a worker process of its own
  int threads = 0;                   // CPU threads per run; 0: the spec's `threads`
  bool worker = false;  // one of the processes of --jobs: longest runs first, never concludes
};

// Each returns the process exit code; spec problems are printed to `err`.
int run_command(const RunCommand& command, std::ostream& out, std::ostream& err);
int validate_command(const std::vector<std::string>& specs,
                     const std::vector<std::string>& overrides, std::ostream& out,
                     std::ostream& err);
int list_command(const std::string& kind, std::ostream& out, std::ostream& err);
// Rebuilds a finished sweep's conclusion from its folder alone (spec.resolved.json and the runs'
// summary.json): prints it and writes report.md and the kind's plots into the folder. With a
// reference folder (results/<config>/: its summary.json), compares every run's figures with it
// too. Exit 2 when the folder is not a finished sweep or the reference has no summary.
int report_command(const std::filesystem::path& sweep_dir,
                   const std::filesystem::path& reference_dir, std::ostream& out,
                   std::ostream& err);
// Rebuilds summary.csv/json and the conclusion from whatever runs of a sweep folder are finished
// (after shards or concurrent processes, or an interrupted sweep) and says which are missing.
int summarize_command(const std::filesystem::path& sweep_dir, std::ostream& out, std::ostream& err);

}  // namespace symplex::cli
