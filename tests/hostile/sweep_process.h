#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

// What the hostile tests of processes sharing sweep folders have in common.

// A fresh, empty path in the temporary folder for this test process (`what` tells tests apart).
std::filesystem::path fresh_folder(const std::string& what);

// `symplex run` of the smoke depth sweep cut to one run (mlp, depth 2) of `steps` steps into
// `out`, on the CPU, with a checkpoint after every step; `extra` is appended.
std::vector<std::string> one_run_arguments(const std::filesystem::path& out, int steps,
                                           const std::vector<std::string>& extra = {});

// The run's folder within such a sweep.
std::filesystem::path one_run_folder(const std::filesystem::path& out);

// Waits for process `pid` to end: its exit code, or 128 + the signal that ended it (as a shell).
int exit_code_of(pid_t pid);

// Waits up to `seconds` for `file` to exist; whether it does.
bool wait_for_file(const std::filesystem::path& file, double seconds);

// Starts such a run of `steps` steps into `out` and returns its pid once the run has a
// checkpoint (after its first step), or -1 when none came within a minute (the process is
// killed then).
pid_t start_until_checkpoint(const std::filesystem::path& out, int steps);

// The exit code (as exit_code_of) and standard error of `symplex <arguments>`, run to its end.
struct Finished {
  int exit_code;
  std::string err;
};
Finished run_to_end(const std::vector<std::string>& arguments);
