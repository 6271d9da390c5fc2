#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include "symplex/runner/experiment.h"
#include "symplex/runner/run_clock.h"

namespace symplex::runner {

// What a training kind gives the shared loop (train()): its step, and its state for a checkpoint.
// Everything a kind builds before the loop from its seed (model, data, optimizer) is built again
// on resume; the checkpoint holds only what the steps change.
class TrainingSteps {
 public:
  virtual ~TrainingSteps() = default;

  // A new run: opens its metrics.
  virtual void start() = 0;
  // A run going on from its checkpoint: reads back what save() wrote, and opens its metrics cut
  // back to `metrics_bytes` (dropping the rows logged after the checkpoint, and a torn line).
  virtual void resume(torch::serialize::InputArchive& archive, uint64_t metrics_bytes) = 0;
  // The state after the last step done: model, optimizer, generators, data order, logs.
  virtual void save(torch::serialize::OutputArchive& archive) const = 0;
  // The bytes of metrics.csv that the state save() writes accounts for.
  virtual uint64_t metrics_bytes() const = 0;

  // Step `step` (from 1); `clock` gives the run's seconds of computing for its metrics. Returns
  // false when the loss became NaN or infinite: the run has diverged.
  virtual bool step(int64_t step, const RunClock& clock) = 0;
};

struct TrainingResult {
  std::optional<int64_t> diverged_step;  // the first step whose loss was not finite
  double seconds = 0.0;                  // of computing, over every attempt of the run
};

// The outcome a run's training gives before its figures: "diverged" at its first non-finite
// step, else "finished".
RunOutcome outcome_of(const TrainingResult& trained);

// Steps 1 to `steps` of one run, or those left after its checkpoint (one that cannot be read back
// throws DamagedCheckpoint): before each step a claim no longer held throws io::ClaimLost, and a
// stop request saves the state and throws Interrupted; every context.checkpoint_seconds of
// computing the state is saved; the first diverged step ends the loop. Logs progress at debug
// level.
TrainingResult train(TrainingSteps& training, int64_t steps, const RunContext& context,
                     const std::string& run_id);

}  // namespace symplex::runner
