#pragma once

#include <torch/types.h>

#include <cstdint>

#include "symplex/pde/allen_cahn_equation.h"

namespace symplex::pde {

// The initial condition x² cos(πx), elementwise for any shape.
torch::Tensor allen_cahn_initial(const torch::Tensor& x);

// The solution sampled on a grid: x (nx) = −1 + 2i/nx, i < nx (the periodic grid, x = 1 is
// x = −1), t (nt) = linspace(0, t_max, nt), u (nt, nx). float64, CPU.
struct ReferenceSolution {
  torch::Tensor x, t, u;
};

// Fourier pseudo-spectral in x and ETDRK4 in t; throws std::invalid_argument on a bad resolution.
ReferenceSolution solve_allen_cahn(const AllenCahnEquation& equation,
                                   const ReferenceResolution& resolution);

// A reference solution's own accuracy: the largest |u| difference of `solution` (solved at
// `resolution`) against one of twice the modes and twice the steps.
double reference_self_difference(const AllenCahnEquation& equation,
                                 const ReferenceResolution& resolution,
                                 const ReferenceSolution& solution);

}  // namespace symplex::pde
