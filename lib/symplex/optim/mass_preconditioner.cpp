#include "symplex/optim/mass_preconditioner.h"

#include <algorithm>
#include <cmath>

namespace symplex::optim {

double inverse_mass(const torch::Tensor& parameter) {
  if (parameter.dim() < 2) return 1.0;
  const double fan_in = static_cast<double>(parameter.numel() / parameter.size(0));
  return std::clamp(1.0 / std::sqrt(std::max(1.0, fan_in)), 1.0 / 8.0, 8.0);
}

}  // namespace symplex::optim
