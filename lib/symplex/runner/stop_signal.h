#pragma once

#include <atomic>
#include <stdexcept>

namespace symplex::runner {

// Ctrl-C (SIGINT), SIGTERM and SIGUSR1 (Slurm's warning) ask the sweep to stop after the current
// step; a second signal ends the process at once, unless `repeats_ignored` (a --jobs worker,
// which may get the same stop from Slurm and from its parent, and must still save its
// checkpoint).
void install_stop_handlers(bool repeats_ignored = false);
bool stop_requested();
// For tests and callers that stop a sweep themselves.
void request_stop();

// Thrown by a run that noticed a stop request; the sweep records the run as interrupted.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

}  // namespace symplex::runner
