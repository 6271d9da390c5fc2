// symplex: runs the structure-preserving deep-learning experiments described by YAML specs.
// This file only parses the command line and dispatches to the commands of commands.h.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "commands.h"
#include "symplex/runner/build_info.h"
#include "symplex/runner/error_message.h"
#include "symplex/runner/stop_signal.h"

namespace {

void set_up_logging(int verbosity, bool quiet) {
  auto logger = spdlog::stderr_color_mt("symplex");
  logger->set_pattern("[%H:%M:%S] %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(quiet ? spdlog::level::warn
                          : (verbosity > 0 ? spdlog::level::debug : spdlog::level::info));
}

// glibc serves blocks above its mmap threshold with mmap and returns them on free, so a training
// step that allocates megabyte tensors faults in fresh pages every time (measured: a fused PINN
// step at 78 ms instead of 19 ms). Keeping such blocks in the heap for reuse avoids that. The
// same settings go to child processes through glibc's variables, so that the PyTorch reference
// of a bench runs under the same allocator (without them its median varied up to 4x here).
void keep_large_blocks_in_the_heap() {
  constexpr int kMmapThreshold = 256 << 20;
  constexpr int kTrimThreshold = 512 << 20;
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  ::setenv("MALLOC_MMAP_THRESHOLD_", std::to_string(kMmapThreshold).c_str(), 1);
  ::setenv("MALLOC_TRIM_THRESHOLD_", std::to_string(kTrimThreshold).c_str(), 1);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace symplex::cli;
  using symplex::runner::git_sha;
  using symplex::runner::libtorch_version;
  using symplex::runner::symplex_version;
  keep_large_blocks_in_the_heap();
  CLI::App app{
      "symplex: structure-preserving deep-learning experiments, described in YAML specs.\n"
      "Each spec names an experiment kind and its grid of runs; results land in\n"
      "results/<name>/<sweep-id>/ as manifest.json, per-run metrics.csv and summary.json,\n"
      "and a sweep summary.csv/json. Exit codes: 0 ok, 1 a run failed, or was left\n"
      "unfinished to another process without --shard, or the program failed,\n"
      "2 invalid spec or command line, or a sweep folder of another spec, 130 stopped by\n"
      "SIGINT, SIGTERM or SIGUSR1 (run again to resume; a second Ctrl-C stops at once)."};
  app.set_version_flag(
      "--version", symplex_version() + " (" + git_sha() + ", LibTorch " + libtorch_version() + ")");
  app.require_subcommand(1);
  int verbosity = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbosity, "log more (per-step progress at debug level)");
  app.add_flag("-q,--quiet", quiet, "log warnings and errors only");

  RunCommand run;
  auto* run_cmd = app.add_subcommand(
      "run", "run every run of a spec's grid that has not finished yet (resumes a sweep)");
  run_cmd->add_option("spec", run.spec, "experiment spec (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  run_cmd->add_option("--out", run.out,
                      "sweep folder (default: <results>/<name>/<spec stem>-<spec hash>)");
  run_cmd->add_option("--results", run.results_root, "root of default sweep folders")
      ->capture_default_str();
  run_cmd->add_option("--set", run.overrides,
                      "override a spec key, e.g. --set train.steps=100 --set grid.depth=[4,10]");
  run_cmd->add_option("--device", run.device, "where to compute")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
  run_cmd->add_flag("--dry-run", run.dry_run, "print the grid of runs and exit");
  run_cmd->add_flag("--deterministic", run.deterministic,
                    "use LibTorch's deterministic algorithms (an operation without one fails); "
                    "recorded in the manifest");
  run_cmd->add_option("--shard", run.shard,
                      "run share i of n of the grid (i/n, 1-based), or 'slurm' for i and n from "
                      "the job array; shards may run at once on one folder");
  run_cmd
      ->add_option("--checkpoint-every", run.checkpoint_seconds,
                   "seconds between checkpoints of a running run (0: after every step); a "
                   "stopped or killed run resumes from its last one")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  run_cmd
      ->add_option("--jobs", run.jobs,
                   "runs at once, each in a process of its own with its share of the CPU "
                   "threads (a small PINN does not fill the cores)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  run_cmd
      ->add_option("--threads", run.threads,
                   "CPU threads per run, in place of the spec's `threads` (the results do not "
                   "depend on it but for the last bits; the manifest records it)")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_flag("--worker", run.worker, "")->group("");  // a process started by --jobs
  run_cmd->add_flag("--force", run.force,
                    "resume in a folder that holds a sweep of a different spec");

  std::vector<std::string> validate_specs;
  std::vector<std::string> validate_overrides;
  auto* validate_cmd = app.add_subcommand(
      "validate", "check specs without running them; lists every problem with file:line:column");
  validate_cmd->add_option("specs", validate_specs, "experiment specs (YAML)")->required();
  validate_cmd->add_option("--set", validate_overrides, "override a spec key, as for run");

  std::string list_kind;
  auto* list_cmd =
      app.add_subcommand("list", "list the experiment kinds and every key their specs take");
  list_cmd->add_option("kind", list_kind, "only this kind");

  std::string report_dir;
  std::string report_reference;
  auto* report_cmd = app.add_subcommand(
      "report",
      "rebuild a finished sweep's tables from its folder (also one copied from another machine) "
      "and write report.md and its plots there");
  report_cmd->add_option("sweep", report_dir, "sweep folder written by symplex run")->required();
  report_cmd->add_option("--against", report_reference,
                         "a reference outcome of the same spec (results/<config>/, or another "
                         "sweep folder): compare every figure of every run with it, and add the "
                         "comparison to report.md");

  std::string summarize_dir;
  auto* summarize_cmd = app.add_subcommand(
      "summarize",
      "rebuild summary.csv/json and the tables from the finished runs of a sweep folder, and say "
      "which runs are missing");
  summarize_cmd->add_option("sweep", summarize_dir, "sweep folder written by symplex run")
      ->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadSpec;
  }
  set_up_logging(verbosity, quiet);
  // The stop handlers (early_stop_signals.cpp) serve run; the other commands end on a signal.
  if (!*run_cmd) {
    symplex::runner::restore_default_stop_handlers();
    if (symplex::runner::stop_requested()) return kExitInterrupted;
  }

  try {
    if (*run_cmd) return run_command(run, std::cout, std::cerr);
    if (*validate_cmd) {
      return validate_command(validate_specs, validate_overrides, std::cout, std::cerr);
    }
    if (*report_cmd) return report_command(report_dir, report_reference, std::cout, std::cerr);
    if (*summarize_cmd) return summarize_command(summarize_dir, std::cout, std::cerr);
    return list_command(list_kind, std::cout, std::cerr);
  } catch (const std::exception& e) {
    spdlog::error("{}", symplex::runner::error_message(e));
    return kExitFailure;
  }
}
