#pragma once

#include "symplex/io/name_table.h"

namespace symplex::ode {

// The time-stepping methods of docs/stiffness.md: one-step Runge–Kutta methods given by their
// Butcher tableaux (ode/butcher_tableau.h) and BDF2, a two-step method.
enum class Method {
  explicit_euler,
  rk4,
  implicit_euler,
  trapezoid,   // Crank–Nicolson
  sdirk2,      // γ = 1 − 1/√2, L-stable
  radau_iia2,  // Radau IIA, 2 stages (order 3)
  radau_iia3,  // Radau IIA, 3 stages (order 5)
  bdf2,
};

inline constexpr io::NameTable<Method, 8> kMethodNames = {{
    {Method::explicit_euler, "explicit_euler"},
    {Method::rk4, "rk4"},
    {Method::implicit_euler, "implicit_euler"},
    {Method::trapezoid, "trapezoid"},
    {Method::sdirk2, "sdirk2"},
    {Method::radau_iia2, "radau_iia2"},
    {Method::radau_iia3, "radau_iia3"},
    {Method::bdf2, "bdf2"},
}};

// What the stability theory says of a method, for the report's labels.
struct MethodTraits {
  bool implicit;
  bool a_stable;   // |R(z)| <= 1 on the whole left half-plane
  bool l_stable;   // A-stable and R(z) -> 0 as |z| -> ∞
  bool multistep;  // its growth factor is a root of a recurrence, not a one-step R(z)
};

constexpr MethodTraits traits_of(Method method) {
  switch (method) {
    case Method::explicit_euler:
    case Method::rk4:
      return {false, false, false, false};
    case Method::trapezoid:
      return {true, true, false, false};
    case Method::implicit_euler:
    case Method::sdirk2:
    case Method::radau_iia2:
    case Method::radau_iia3:
      return {true, true, true, false};
    case Method::bdf2:
      return {true, true, true, true};
  }
  return {false, false, false, false};
}

}  // namespace symplex::ode
