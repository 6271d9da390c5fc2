#include "symplex/runner/stop_signal.h"

#include <csignal>

namespace symplex::runner {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int signal_number) {
  g_stop.store(true);
  std::signal(signal_number, SIG_DFL);
}

extern "C" void on_stop_signal_keep_handler(int /*signal_number*/) {
  g_stop.store(true);
}

}  // namespace

void install_stop_handlers(bool repeats_ignored) {
  const auto handler = repeats_ignored ? on_stop_signal_keep_handler : on_stop_signal;
  std::signal(SIGINT, handler);
  std::signal(SIGTERM, handler);
  std::signal(SIGUSR1, handler);  // Slurm's warning before the time limit (--signal)
}

bool stop_requested() {
  return g_stop.load();
}

void request_stop() {
  g_stop.store(true);
}

}  // namespace symplex::runner
