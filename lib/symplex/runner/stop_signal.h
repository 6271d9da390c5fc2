#pragma once

#include <atomic>
#include <stdexcept>

namespace symplex::runner {

// Ctrl-C (SIGINT), SIGTERM and SIGUSR1 (Slurm's warning) ask the sweep to stop after the current
// step. Repeats of SIGTERM and SIGUSR1 change nothing (a batch system or `timeout` may send more
// than one, and the stop must still save its checkpoint); a second Ctrl-C ends the process at once
// with exit code 130, unless `repeats_ignored` (a --jobs worker, which may get the same stop from
// Slurm and from its parent).
void install_stop_handlers(bool repeats_ignored = false);
// For commands that do not stop gracefully (validate, list, report): the signals' default action.
void restore_default_stop_handlers();
// Blocks or unblocks the three stop signals: a blocked one waits, across exec too, until the
// program that is starting has its handlers (apps/symplex/early_stop_signals.cpp).
void set_stop_signals_blocked(bool blocked);
bool stop_requested();
// For tests and callers that stop a sweep themselves.
void request_stop();

// Thrown by a run that noticed a stop request; the sweep records the run as interrupted.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

}  // namespace symplex::runner
