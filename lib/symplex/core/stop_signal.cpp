#include "symplex/core/stop_signal.h"

#include <csignal>

namespace symplex::core {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int signal_number) {
  g_stop.store(true);
  std::signal(signal_number, SIG_DFL);
}

}  // namespace

void install_stop_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGUSR1, on_stop_signal);  // Slurm's warning before the time limit (--signal)
}

bool stop_requested() {
  return g_stop.load();
}

void request_stop() {
  g_stop.store(true);
}

}  // namespace symplex::core
