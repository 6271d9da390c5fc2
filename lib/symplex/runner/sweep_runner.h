#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "symplex/config/spec_header.h"
#include "symplex/io/run_record.h"
#include "symplex/runner/experiment.h"
#include "symplex/runner/shard.h"

namespace symplex::runner {

// A validated spec with the experiment it describes, ready to plan and run.
struct LoadedSpec : config::SpecHeader {
  std::unique_ptr<Experiment> experiment;
};

struct SweepOptions {
  std::filesystem::path dir;  // the sweep folder
  std::string device;         // "cpu" or "cuda"
  bool force = false;         // resume even when the folder holds a sweep of another spec
  Shard shard;                // the share of the grid this process runs
  double checkpoint_seconds = 60.0;
  int threads = 0;               // CPU threads per run, in place of the spec's; 0: the spec's
  bool run_runs = true;          // false: only put together what is finished (after --jobs workers)
  bool conclude = true;          // false: leave the conclusion to another process (a --jobs worker)
  bool longest_first = false;    // take runs by falling relative cost, not in grid order
  bool a_worker_failed = false;  // after --jobs: a worker failed, so missing runs failed there
};

// What a sweep ended with: every run's record (finished ones only), how many failed, and how
// many this process stopped because their claim was gone or taken (io::ClaimLost).
struct SweepResult {
  std::vector<io::RunRecord> records;
  size_t failed = 0;
  size_t lost = 0;
  size_t total = 0;
};

// Thrown when the sweep folder holds the runs of another spec, or a spec record that cannot be
// read: the command line asks for something the folder cannot give (exit 2).
struct SweepOfAnotherSpec : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Makes options.dir the folder of this spec's sweep: the first process to write its spec record
// (spec.resolved.json, created atomically: of two processes started at once on one new folder
// only one can) owns it for that spec. Throws SweepOfAnotherSpec when the folder belongs to
// another spec, unless options.force, which rewrites the record with this spec.
void own_sweep_folder(const LoadedSpec& spec, const SweepOptions& options);

// results/<name>/<spec file stem>-<8 hex digits of the resolved spec's hash>: the same spec
// lands in the same folder, so running it again resumes.
std::filesystem::path default_sweep_dir(const LoadedSpec& spec, const std::filesystem::path& root);

// Runs, in a folder own_sweep_folder made this spec's, every run of the grid (of its shard) that
// has not finished yet, one after another, keeping the manifest true after each; then, once
// every run of the grid is finished, writes the sweep summary and lets the experiment conclude.
// Throws Interrupted after recording the state when a stop was requested.
SweepResult run_sweep(const LoadedSpec& spec, const SweepOptions& options, std::ostream& out);

}  // namespace symplex::runner
