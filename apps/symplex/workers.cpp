#include "workers.h"

#include <spdlog/spdlog.h>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "commands.h"
#include "symplex/runner/stop_signal.h"

namespace symplex::cli {

pid_t start_worker(const std::vector<std::string>& arguments) {
  std::vector<std::string> words = {"symplex"};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    // A group of its own: Ctrl-C reaches the parent alone, which passes one stop request on (a
    // second signal would end a worker before it saves its checkpoint).
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // and stops when the parent is killed
    // A stop passed on while the worker loads LibTorch waits for its handlers, as under the
    // launcher (early_stop_signals.cpp unblocks them).
    runner::set_stop_signals_blocked(true);
    ::execv("/proc/self/exe", argv.data());
    ::_exit(127);
  }
  if (child < 0) throw std::runtime_error("cannot start a worker process");
  return child;
}

std::vector<int> wait_for_workers(std::vector<pid_t> workers) {
  std::vector<int> codes;
  bool stop_passed_on = false;
  while (!workers.empty()) {
    if (runner::stop_requested() && !stop_passed_on) {
      for (const pid_t worker : workers)
        ::kill(worker, SIGTERM);
      stop_passed_on = true;
    }
    bool any_done = false;
    for (auto it = workers.begin(); it != workers.end();) {
      int status = 0;
      if (::waitpid(*it, &status, WNOHANG) != *it) {
        ++it;
        continue;
      }
      any_done = true;
      if (WIFEXITED(status)) {
        codes.push_back(WEXITSTATUS(status));
      } else {
        spdlog::error("worker {} ended by signal {}", *it, WTERMSIG(status));
        codes.push_back(runner::stop_requested() ? kExitInterrupted : kExitFailure);
      }
      it = workers.erase(it);
    }
    if (!any_done) ::usleep(100000);
  }
  return codes;
}

}  // namespace symplex::cli
