#pragma once

#include <string>
#include <vector>

#include "symplex/kinds/depth_sweep/seed_table.h"

namespace symplex::kinds {

// A seed-000 claim about depth (docs/depth_sweep.md, "Verdicts") judged from the seed table:
// `outcome` is "supported", "not supported" or "undetermined (why)".
struct Verdict {
  std::string claim;
  std::string definition;
  std::string outcome;
  std::string evidence;
};

// The failure threshold of the relative L2 error (4) the verdicts use.
inline constexpr double kFailedRelativeL2 = 0.1;
// The symplectic claim's bound on the trained σ_min at depth 50.
inline constexpr double kSymplecticSigmaMin = 0.25;
// How many decades the MLP's trained σ_min must fall from the shallowest depth to the deepest.
inline constexpr double kCollapseDecades = 3.0;

std::vector<Verdict> depth_sweep_verdicts(const std::vector<SeedRow>& rows);

std::string verdicts_text(const std::vector<Verdict>& verdicts);

}  // namespace symplex::kinds
