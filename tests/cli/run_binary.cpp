#include "cli/run_binary.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "symplex/io/atomic_file.h"

pid_t start_symplex(const std::vector<std::string>& arguments, const std::string& err_path,
                    rlim_t max_file_bytes) {
  std::vector<std::string> words = {SYMPLEX_BINARY};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const char* err = err_path.empty() ? "/dev/null" : err_path.c_str();
    if (::chdir(SYMPLEX_SOURCE_DIR) != 0 || !std::freopen("/dev/null", "w", stdout) ||
        !std::freopen(err, "w", stderr)) {
      ::_exit(126);
    }
    // The limit after the standard error is open (it applies to that file too).
    const rlimit limit{max_file_bytes, max_file_bytes};
    if (max_file_bytes != RLIM_INFINITY && ::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
    std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails instead of killing
    ::execv(SYMPLEX_BINARY, argv.data());
    ::_exit(127);
  }
  return child;
}

std::filesystem::path fresh_temp_dir(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

BinaryResult run_symplex(const std::string& arguments) {
  static std::atomic<int> calls{0};  // a file pair per call: tests may run several at once
  const auto base = std::filesystem::temp_directory_path() /
                    ("symplex_cli_" + std::to_string(::getpid()) + "_" + std::to_string(calls++));
  const std::string out = base.string() + ".out";
  const std::string err = base.string() + ".err";
  const std::string command = std::string("cd '") + SYMPLEX_SOURCE_DIR + "' && '" + SYMPLEX_BINARY +
                              "' " + arguments + " > '" + out + "' 2> '" + err + "' < /dev/null";
  const int status = std::system(command.c_str());
  BinaryResult result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, symplex::io::read_file(out),
                      symplex::io::read_file(err)};
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}
