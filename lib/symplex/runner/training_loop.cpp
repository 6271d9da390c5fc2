#include "symplex/runner/training_loop.h"

#include <spdlog/spdlog.h>

#include <c10/util/Exception.h>

#include <algorithm>

#include "symplex/io/atomic_file.h"
#include "symplex/runner/error_message.h"
#include "symplex/runner/run_checkpoint.h"
#include "symplex/runner/stop_signal.h"

namespace symplex::runner {

TrainingResult train(TrainingSteps& training, int64_t steps, const RunContext& context,
                     const std::string& run_id) {
  RunCheckpoint checkpoint(context.files, context.checkpoint_seconds);
  int64_t first_step = 1;
  RunClock clock;
  std::optional<torch::serialize::InputArchive> archive;
  RunProgress progress;
  try {
    archive = checkpoint.load();
    if (archive) {
      progress = read_progress(*archive);
      training.resume(*archive, progress.metrics_bytes);
    }
  } catch (const io::WriteError&) {
    throw;  // the folder or the disk, not the checkpoint (metrics.csv could not be opened)
  } catch (const c10::OutOfMemoryError&) {
    throw;  // the device, not the checkpoint
  } catch (const std::exception& e) {
    throw DamagedCheckpoint(context.files.checkpoint(), error_message(e));
  }
  if (archive) {
    first_step = progress.step + 1;
    clock = RunClock(progress.seconds);
    spdlog::info("{}: going on after step {} from its checkpoint", run_id, progress.step);
  } else {
    training.start();
  }
  const auto save = [&](int64_t step) {
    torch::serialize::OutputArchive archive;
    training.save(archive);
    write_progress(archive, {step, clock.seconds(), training.metrics_bytes()});
    checkpoint.save(archive);
  };

  TrainingResult result;
  const int64_t report_every = std::max<int64_t>(1, steps / 10);
  for (int64_t step = first_step; step <= steps; ++step) {
    // Before anything is written: a run whose claim is gone may be another process's by now.
    if (context.claim && !context.claim->held()) throw io::ClaimLost(context.claim->file());
    if (stop_requested()) {
      save(step - 1);
      throw Interrupted();
    }
    if (!training.step(step, clock)) {
      result.diverged_step = step;
      break;
    }
    if (step % report_every == 0) {
      spdlog::debug("{}: step {}/{}, {:.1f} s", run_id, step, steps, clock.seconds());
    }
    if (checkpoint.due() && step < steps) save(step);
  }
  result.seconds = clock.seconds();
  return result;
}

RunOutcome outcome_of(const TrainingResult& trained) {
  RunOutcome outcome;
  if (trained.diverged_step) {
    outcome.status = "diverged";
    outcome.diverged_step = trained.diverged_step;
  }
  return outcome;
}

}  // namespace symplex::runner
