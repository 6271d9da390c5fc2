// build/symplex: starts the program (libexec/symplex beside it) with the stop signals blocked.
// Loading LibTorch's libraries takes some tenths of a second before any code of the program can
// install a handler, and a SIGTERM or Ctrl-C in that time would end it with the signal's own exit
// status instead of 130. A blocked signal waits across exec; the program installs its handlers
// and unblocks it (early_stop_signals.cpp), and then it is a stop like any other. This launcher
// links nothing but the C library, so it gets to block them within a millisecond or so.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

int main(int /*argc*/, char** argv) {
  sigset_t stops;
  sigemptyset(&stops);
  for (const int signal_number : {SIGINT, SIGTERM, SIGUSR1})
    sigaddset(&stops, signal_number);
  sigprocmask(SIG_BLOCK, &stops, nullptr);

  char self[4096] = {};
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  std::string program = length > 0 ? std::string(self, static_cast<size_t>(length)) : argv[0];
  program = program.substr(0, program.rfind('/') + 1) + "libexec/symplex";
  ::execv(program.c_str(), argv);
  std::perror(("symplex: cannot start " + program).c_str());
  return 1;
}
