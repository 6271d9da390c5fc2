#include "symplex/ode/butcher_tableau.h"

#include <cmath>
#include <stdexcept>

namespace symplex::ode {

bool ButcherTableau::explicit_stages() const {
  for (int i = 0; i < stages; ++i) {
    for (int j = i; j < stages; ++j) {
      if (at(i, j) != 0.0) return false;
    }
  }
  return true;
}

bool ButcherTableau::stiffly_accurate() const {
  for (int j = 0; j < stages; ++j) {
    if (at(stages - 1, j) != b[static_cast<size_t>(j)]) return false;
  }
  return true;
}

ButcherTableau tableau_of(Method method) {
  switch (method) {
    case Method::explicit_euler:
      return {1, {0.0}, {1.0}, {0.0}};
    case Method::rk4:
      return {4,
              {0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0},
              {1.0 / 6.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 6.0},
              {0.0, 0.5, 0.5, 1.0}};
    case Method::implicit_euler:
      return {1, {1.0}, {1.0}, {1.0}};
    case Method::trapezoid:
      return {2, {0.0, 0.0, 0.5, 0.5}, {0.5, 0.5}, {0.0, 1.0}};
    case Method::sdirk2: {
      const double g = 1.0 - 1.0 / std::sqrt(2.0);
      return {2, {g, 0.0, 1.0 - g, g}, {1.0 - g, g}, {g, 1.0}};
    }
    case Method::radau_iia2:
      return {2, {5.0 / 12.0, -1.0 / 12.0, 0.75, 0.25}, {0.75, 0.25}, {1.0 / 3.0, 1.0}};
    case Method::radau_iia3: {
      const double s6 = std::sqrt(6.0);
      const double b1 = (16.0 - s6) / 36.0;
      const double b2 = (16.0 + s6) / 36.0;
      return {3,
              {(88.0 - 7.0 * s6) / 360.0, (296.0 - 169.0 * s6) / 1800.0, (-2.0 + 3.0 * s6) / 225.0,
               (296.0 + 169.0 * s6) / 1800.0, (88.0 + 7.0 * s6) / 360.0, (-2.0 - 3.0 * s6) / 225.0,
               b1, b2, 1.0 / 9.0},
              {b1, b2, 1.0 / 9.0},
              {(4.0 - s6) / 10.0, (4.0 + s6) / 10.0, 1.0}};
    }
    case Method::bdf2:
      break;
  }
  throw std::invalid_argument("BDF2 is a two-step method: it has no Butcher tableau");
}

}  // namespace symplex::ode
