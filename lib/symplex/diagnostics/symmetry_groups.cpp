#include "symplex/diagnostics/symmetry_groups.h"

#include <torch/torch.h>

#include <stdexcept>

namespace symplex::diagnostics {
namespace {

int64_t piece_units(const SymmetryPiece& piece, const torch::Tensor& parameter) {
  return piece.unit_dim < 0 ? 1 : parameter.size(piece.unit_dim);
}

}  // namespace

int64_t unit_count(const SymmetryFamily& family, const std::vector<torch::Tensor>& parameters) {
  if (family.pieces.empty()) throw std::invalid_argument(family.name + ": a family without pieces");
  const int64_t units =
      piece_units(family.pieces.front(), parameters.at(family.pieces.front().parameter));
  for (const auto& piece : family.pieces) {
    if (piece_units(piece, parameters.at(piece.parameter)) != units) {
      throw std::invalid_argument(family.name + ": its pieces disagree on the number of units");
    }
  }
  return units;
}

std::vector<double> unit_sums(const SymmetryFamily& family, const std::vector<torch::Tensor>& terms,
                              bool with_sign) {
  torch::Tensor total;
  for (const auto& piece : family.pieces) {
    const auto& term = terms.at(piece.parameter);
    auto sums =
        piece.unit_dim < 0
            ? term.sum().reshape({1})
            : term.movedim(piece.unit_dim, 0).reshape({term.size(piece.unit_dim), -1}).sum(1);
    if (with_sign && piece.sign != 1.0) sums = sums * piece.sign;
    total = total.defined() ? total + sums : sums;
  }
  total = total.to(torch::kCPU, torch::kFloat64).contiguous();
  return {total.data_ptr<double>(), total.data_ptr<double>() + total.numel()};
}

}  // namespace symplex::diagnostics
