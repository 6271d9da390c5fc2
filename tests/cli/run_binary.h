#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

// The outcome of running the symplex binary as a user would, from the source folder.
struct BinaryResult {
  int exit_code;
  std::string out;
  std::string err;
};

// A folder of the system's temporary folder named after `name` and this process, not there yet.
std::filesystem::path fresh_temp_dir(const std::string& name);

// Runs `symplex <arguments>` (a shell-quoted string) with the source folder as working folder.
BinaryResult run_symplex(const std::string& arguments);

// Starts `symplex <arguments>` in the background, its standard error going to `err_path` (or
// nowhere when empty); returns its pid, to signal and wait for. With `max_file_bytes`, writes
// past that size fail (EFBIG, RLIMIT_FSIZE), as on a full disk.
pid_t start_symplex(const std::vector<std::string>& arguments, const std::string& err_path = "",
                    rlim_t max_file_bytes = RLIM_INFINITY);
