#include "symplex/runner/stop_signal.h"

#include <unistd.h>

#include <csignal>

namespace symplex::runner {
namespace {

// SIGUSR1 is Slurm's warning before the time limit (--signal).
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGUSR1};

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
  for (const int signal_number : kStopSignals)
    std::signal(signal_number, on_stop_signal);
}

void restore_default_stop_handlers() {
  for (const int signal_number : kStopSignals)
    std::signal(signal_number, SIG_DFL);
}

void set_stop_signals_blocked(bool blocked) {
  sigset_t stops;
  sigemptyset(&stops);
  for (const int signal_number : kStopSignals)
    sigaddset(&stops, signal_number);
  sigprocmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &stops, nullptr);
}

bool stop_requested() {
  return g_stop.load();
}

void request_stop() {
  g_stop.store(true);
}

}  // namespace symplex::runner
