#pragma once

namespace symplex::pde {

// u_xx + u_yy + k² u = q on [−1, 1]² with u = u* on the boundary, where q is chosen so that
// u* = sin(a₁πx) sin(a₂πy) is the solution: q = (k² − (a₁² + a₂²)π²) u*. The benchmark of
// Wang, Teng & Perdikaris ("Understanding and mitigating gradient pathologies in PINNs",
// arXiv 2001.04536) that seed 003 trains on with a₁ = a₂ = 6.
struct HelmholtzEquation {
  double a1 = 1.0;
  double a2 = 4.0;
  double k = 1.0;
};

}  // namespace symplex::pde
