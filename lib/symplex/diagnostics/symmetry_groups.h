#pragma once

#include <string>
#include <vector>

#include <torch/types.h>

#include "symplex/diagnostics/conservation_predictions.h"

namespace symplex::diagnostics {

// A slice family of one parameter tensor: unit u owns the slice at index u of `unit_dim` (−1: the
// whole tensor is a single unit), entering the family's quantities with `sign`.
struct SymmetryPiece {
  size_t parameter;  // index into the module's parameters()
  int64_t unit_dim;
  double sign = 1.0;
};

// The units of one layer that share a symmetry (docs/conservation.md): e.g. the columns of the
// final layer (translation), the channels feeding a batch norm (scale, incoming weights and bias)
// or the hidden ReLU units between two layers (rescale: outgoing +, incoming −).
struct SymmetryFamily {
  std::string name;
  Symmetry symmetry;
  std::vector<SymmetryPiece> pieces;
};

// The number of units of a family, checked to agree across its pieces.
int64_t unit_count(const SymmetryFamily& family, const std::vector<torch::Tensor>& parameters);

// Σ over each unit's slices of `terms[piece.parameter]` (a float64 tensor shaped like the
// parameter), with each piece's sign when `with_sign`; float64 on the CPU, one value per unit.
std::vector<double> unit_sums(const SymmetryFamily& family, const std::vector<torch::Tensor>& terms,
                              bool with_sign = true);

}  // namespace symplex::diagnostics
