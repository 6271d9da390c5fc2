#include "symplex/runner/stop_signal.h"

#include <unistd.h>

#include <csignal>

namespace symplex::runner {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_repeats_ignored{false};

extern "C" void on_stop_signal(int signal_number) {
  const bool stopping_already = g_stop.exchange(true);
  // 128 + SIGINT: the exit code of a process stopped by Ctrl-C, as for a stop that completes.
  if (stopping_already && signal_number == SIGINT && !g_repeats_ignored.load()) ::_exit(130);
}

}  // namespace

void install_stop_handlers(bool repeats_ignored) {
  g_repeats_ignored.store(repeats_ignored);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGUSR1, on_stop_signal);  // Slurm's warning before the time limit (--signal)
}

void restore_default_stop_handlers() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGUSR1, SIG_DFL);
}

bool stop_requested() {
  return g_stop.load();
}

void request_stop() {
  g_stop.store(true);
}

}  // namespace symplex::runner
