#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace symplex::cli {

// Starts this program again (/proc/self/exe) with `arguments`, in a process group of its own and
// ended when this process dies; returns its pid.
pid_t start_worker(const std::vector<std::string>& arguments);

// Waits for the workers, passing a stop request on to them once; returns their exit codes. A
// worker ended by a signal counts as interrupted after a stop request and as failed otherwise.
std::vector<int> wait_for_workers(std::vector<pid_t> workers);

}  // namespace symplex::cli
