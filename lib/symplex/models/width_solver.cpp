#include "symplex/models/width_solver.h"

#include <cstdlib>
#include <stdexcept>

namespace symplex::models {

int64_t pinn_parameter_count(Architecture architecture, int64_t width, int64_t depth) {
  const int64_t w = width;
  const int64_t ends = (2 * w + w) + (w + 1);  // encoder Linear(2, w) and head Linear(w, 1)
  switch (architecture) {
    case Architecture::mlp:
      return ends + depth * (w * w + w);
    case Architecture::residual_mlp:
      return ends + depth * 2 * (w * w + w);
    case Architecture::symplectic: {
      const int64_t d = w / 2;
      return ends + depth * 2 * (d * d + 2 * d);  // two potentials, each K (d x d), a, b
    }
  }
  throw std::logic_error("pinn_parameter_count: unknown architecture");
}

SolvedWidth solve_width(Architecture architecture, int64_t depth, int64_t budget) {
  const int64_t step = architecture == Architecture::symplectic ? 2 : 1;
  SolvedWidth best{step, pinn_parameter_count(architecture, step, depth)};
  for (int64_t w = step;; w += step) {
    const int64_t count = pinn_parameter_count(architecture, w, depth);
    if (std::llabs(count - budget) < std::llabs(best.parameters - budget)) best = {w, count};
    if (count > budget) break;
  }
  return best;
}

}  // namespace symplex::models
