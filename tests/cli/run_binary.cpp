#include "cli/run_binary.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "symplex/io/atomic_file.h"

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
