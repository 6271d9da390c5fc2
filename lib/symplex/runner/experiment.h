#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "symplex/io/name_table.h"
#include "symplex/io/run_claim.h"
#include "symplex/io/run_record.h"

namespace symplex::runner {

// One point of a sweep's grid.
struct RunPlan {
  std::string id;  // also the name of the run's folder
  nlohmann::json params = nlohmann::json::object();
};

// The enum value of a variant that plan() wrote into a run's parameters by its name.
template <class Enum, size_t N>
Enum param_value(const RunPlan& plan, const char* key, const io::NameTable<Enum, N>& names) {
  return io::value_of(names, plan.params.at(key).get<std::string>());
}

// What a run may use: its own folder, the device to compute on ("cpu" or "cuda"), how often to
// save a checkpoint (runner/run_checkpoint.h) to resume from, and the claim that makes the run
// this process's: a run that finds it no longer held throws io::ClaimLost and writes nothing more.
struct RunContext {
  io::RunLayout files;
  std::string device;
  double checkpoint_seconds = 60.0;
  const io::RunClaim* claim = nullptr;  // none: the run is this process's alone (tests)
};

// The outcome of one run: "finished" or "diverged" (with the step), and its final figures.
struct RunOutcome {
  std::string status = "finished";
  std::optional<int64_t> diverged_step;
  nlohmann::json figures = nlohmann::json::object();
};

// One kind of experiment, built from a validated spec. The sweep runner owns the loop over the
// grid, the run folders, resume and progress; an experiment only says what its grid is, how one
// run goes, and what the finished sweep adds up to.
class Experiment {
 public:
  virtual ~Experiment() = default;

  virtual std::vector<RunPlan> plan() const = 0;

  // Runs one grid point. Writes its own files (metrics.csv, ...) into context.files.dir, and throws
  // runner::Interrupted when a stop was requested. A run that keeps checkpoints saves one before it
  // throws, and goes on from the one it finds there.
  virtual RunOutcome run(const RunPlan& plan, const RunContext& context) const = 0;

  // Called once every run has a record: writes the sweep-level files of this kind and prints
  // its summary table.
  virtual void conclude(const std::filesystem::path& sweep_dir,
                        const std::vector<io::RunRecord>& records, std::ostream& out) const = 0;

  // One line per grid point for a dry run.
  virtual std::string describe(const RunPlan& plan) const = 0;

  // The key figures of a finished run, for its progress line.
  virtual std::string headline(const io::RunRecord& record) const = 0;

  // How long this run takes relative to the others of the grid, for the sweep's ETA.
  virtual double relative_cost(const RunPlan& /*plan*/) const { return 1.0; }

  // Whether the runs measure time, so that running several at once (--jobs) would spoil them.
  virtual bool timing_sensitive() const { return false; }
};

}  // namespace symplex::runner
