#pragma once

#include <chrono>

namespace symplex::runner {

// Seconds of computing, started now or, for a run going on from a checkpoint, as if started
// `seconds_before` ago.
class RunClock {
 public:
  explicit RunClock(double seconds_before = 0.0)
      : start_(std::chrono::steady_clock::now() -
               std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   std::chrono::duration<double>(seconds_before))) {}

  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace symplex::runner
