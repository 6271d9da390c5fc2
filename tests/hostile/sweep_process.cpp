#include "hostile/sweep_process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"

namespace fs = std::filesystem;

fs::path fresh_folder(const std::string& what) {
  const auto path =
      fs::temp_directory_path() / ("symplex_hostile_" + what + "_" + std::to_string(::getpid()));
  fs::remove_all(path);
  return path;
}

std::vector<std::string> one_run_arguments(const fs::path& out, int steps,
                                           const std::vector<std::string>& extra) {
  std::vector<std::string> arguments = {"run",
                                        "configs/smoke/depth_sweep.yaml",
                                        "--set",
                                        "train.steps=" + std::to_string(steps),
                                        "--set",
                                        "grid.architecture=[mlp]",
                                        "--set",
                                        "grid.depth=[2]",
                                        "--device",
                                        "cpu",
                                        "--checkpoint-every",
                                        "0",
                                        "--out",
                                        out.string()};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

fs::path one_run_folder(const fs::path& out) {
  return out / "mlp_d02_s0";
}

int exit_code_of(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool wait_for_file(const fs::path& file, double seconds) {
  for (double waited = 0; waited < seconds && !fs::exists(file); waited += 0.01)
    ::usleep(10000);
  return fs::exists(file);
}

pid_t start_until_checkpoint(const fs::path& out, int steps) {
  const pid_t run = start_symplex(one_run_arguments(out, steps));
  if (wait_for_file(one_run_folder(out) / "checkpoint.pt", 60)) return run;
  ::kill(run, SIGKILL);
  exit_code_of(run);
  return -1;
}

Finished run_to_end(const std::vector<std::string>& arguments) {
  static int calls = 0;
  const auto err =
      fs::temp_directory_path() /
      ("symplex_hostile_err_" + std::to_string(::getpid()) + "_" + std::to_string(calls++));
  Finished finished{exit_code_of(start_symplex(arguments, err.string())),
                    symplex::io::read_file(err)};
  fs::remove(err);
  return finished;
}
