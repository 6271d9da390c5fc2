#include "symplex/ode/van_der_pol.h"

namespace symplex::ode {

torch::Tensor VanDerPol::operator()(const torch::Tensor& y) const {
  const auto y1 = y.select(1, 0), y2 = y.select(1, 1);
  return torch::stack({y2, mu_ * (1.0 - y1 * y1) * y2 - y1}, 1);
}

torch::Tensor VanDerPol::jacobian(const torch::Tensor& y) const {
  const auto y1 = y.select(1, 0).detach(), y2 = y.select(1, 1).detach();
  const auto zero = torch::zeros_like(y1), one = torch::ones_like(y1);
  const auto top = torch::stack({zero, one}, 1);
  const auto bottom = torch::stack({-2.0 * mu_ * y1 * y2 - 1.0, mu_ * (1.0 - y1 * y1)}, 1);
  return torch::stack({top, bottom}, 1);
}

torch::Tensor spectral_radius(const torch::Tensor& matrices) {
  return std::get<0>(torch::linalg_eigvals(matrices.detach().to(torch::kCPU)).abs().max(-1));
}

}  // namespace symplex::ode
