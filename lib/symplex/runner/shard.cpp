#include "symplex/runner/shard.h"

#include <cstdlib>
#include <stdexcept>

namespace symplex::runner {
namespace {

// A whole number in [low, ∞) from `text`, or an error naming `what`.
size_t whole_number(const std::string& text, size_t low, const std::string& what) {
  size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || text[0] == '-' || value < low) {
    throw std::invalid_argument(what + " must be a whole number of at least " +
                                std::to_string(low) + ", got '" + text + "'");
  }
  return static_cast<size_t>(value);
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) {
    throw std::invalid_argument(std::string("--shard slurm needs ") + name +
                                " (run it inside a Slurm job array: sbatch --array=...)");
  }
  return value;
}

}  // namespace

Shard parse_shard(const std::string& text) {
  Shard shard;
  if (text == "slurm") {
    const size_t id = whole_number(environment("SLURM_ARRAY_TASK_ID"), 0, "SLURM_ARRAY_TASK_ID");
    const size_t min = whole_number(environment("SLURM_ARRAY_TASK_MIN"), 0, "SLURM_ARRAY_TASK_MIN");
    shard.count = whole_number(environment("SLURM_ARRAY_TASK_COUNT"), 1, "SLURM_ARRAY_TASK_COUNT");
    if (id < min) throw std::invalid_argument("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN");
    shard.index = id - min + 1;
  } else {
    const auto slash = text.find('/');
    if (slash == std::string::npos) {
      throw std::invalid_argument("--shard takes i/n (e.g. 2/8) or slurm, got '" + text + "'");
    }
    shard.index = whole_number(text.substr(0, slash), 1, "the shard index i");
    shard.count = whole_number(text.substr(slash + 1), 1, "the shard count n");
  }
  if (shard.index > shard.count) {
    throw std::invalid_argument("shard " + std::to_string(shard.index) + " of " +
                                std::to_string(shard.count) +
                                " does not exist (i must be at most n)");
  }
  return shard;
}

}  // namespace symplex::runner
