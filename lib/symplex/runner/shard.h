#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace symplex::runner {

// Share i of n (1-based) of a sweep's grid: the runs at positions p with p mod n = i − 1 in the
// grid's own order, which the spec alone fixes. Shards are disjoint and together cover the grid.
struct Shard {
  size_t index = 1;
  size_t count = 1;

  bool contains(size_t position) const { return position % count == index - 1; }
};

// "i/n", or "slurm" for i and n from SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and
// SLURM_ARRAY_TASK_COUNT (a job array --array=a-b). Throws std::invalid_argument saying what is
// wrong.
Shard parse_shard(const std::string& text);

}  // namespace symplex::runner
