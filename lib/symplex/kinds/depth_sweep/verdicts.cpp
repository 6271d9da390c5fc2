#include "symplex/kinds/depth_sweep/verdicts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "symplex/kinds/depth_sweep/figures.h"

namespace symplex::kinds {
namespace {

constexpr const char* kLoss = "/final_loss";
constexpr const char* kRelativeL2 = "/relative_l2";
constexpr const char* kSigmaMin = "/trained/sigma_min";
constexpr const char* kSupported = "supported";
constexpr const char* kNotSupported = "not supported";

const std::string kStraddles = "undetermined (the interval straddles the threshold)";
const std::string kBelowFloor = "undetermined (σ below floor)";

// The rows of one architecture, shallowest first.
std::vector<const SeedRow*> rows_of(const std::vector<SeedRow>& rows,
                                    const std::string& architecture) {
  std::vector<const SeedRow*> found;
  for (const auto& row : rows) {
    if (row.architecture == architecture) found.push_back(&row);
  }
  std::sort(found.begin(), found.end(),
            [](const SeedRow* a, const SeedRow* b) { return a->depth < b->depth; });
  return found;
}

std::string evidence_of(const SeedRow& row, const char* pointer, const char* label) {
  const auto& s = row.figures.at(pointer);
  return fmt::format("{} at depth {}: {} [{}, {}] (n = {}, {:.1f}%)", label, row.depth,
                     censored_text(s.median), censored_text(s.interval.low),
                     censored_text(s.interval.high), s.seeds, 100 * s.interval.coverage);
}

// Why a figure's interval cannot carry a verdict, or "" when it can.
std::string unusable(const SeedStatistics& s) {
  if (s.interval.coverage < kSeedConfidence) {
    return fmt::format("undetermined (n = {} seeds give no {:.0f}% interval of the median)",
                       s.seeds, 100 * kSeedConfidence);
  }
  return "";
}

std::string unusable(const SeedStatistics& a, const SeedStatistics& b) {
  const auto why = unusable(a);
  return why.empty() ? unusable(b) : why;
}

// The verdict on "figure > threshold" (or "<") from its interval: supported when the whole
// interval is beyond the threshold, not supported when it is wholly on the other side.
std::string compare(const SeedStatistics& s, double threshold, bool above) {
  if (const auto why = unusable(s); !why.empty()) return why;
  const auto& low = s.interval.low;
  const auto& high = s.interval.high;
  if (above) {
    if (high.value < threshold) return kNotSupported;  // an upper bound below is below, too
    if (low.censored) return kBelowFloor;
    return low.value > threshold ? kSupported : kStraddles;
  }
  if (high.value < threshold) return kSupported;
  if (low.censored) return kBelowFloor;
  return low.value >= threshold ? kNotSupported : kStraddles;
}

Verdict mlp_fails(const std::vector<SeedRow>& rows) {
  Verdict v{"MLP collapses (training fails) at depth 50 (here: the deepest)",
            fmt::format("median rel. L2 of the deepest MLP above {} (its {:.0f}% interval wholly "
                        "above: supported; wholly below: not supported)",
                        kFailedRelativeL2, 100 * kSeedConfidence),
            "", ""};
  const auto mlp = rows_of(rows, "mlp");
  if (mlp.empty()) return v.outcome = "undetermined (no MLP in this sweep)", v;
  v.evidence = evidence_of(*mlp.back(), kRelativeL2, "rel. L2");
  v.outcome = compare(mlp.back()->figures.at(kRelativeL2), kFailedRelativeL2, /*above=*/true);
  return v;
}

Verdict mlp_spectrum_collapses(const std::vector<SeedRow>& rows) {
  Verdict v{"MLP spectrum collapses with depth (after training)",
            fmt::format("upper end of the deepest MLP's interval of the median trained σ_min at "
                        "least {} decades below the lower end of the shallowest one's",
                        kCollapseDecades),
            "", ""};
  const auto mlp = rows_of(rows, "mlp");
  if (mlp.size() < 2) return v.outcome = "undetermined (fewer than two MLP depths)", v;
  const auto& shallow = mlp.front()->figures.at(kSigmaMin);
  const auto& deep = mlp.back()->figures.at(kSigmaMin);
  v.evidence = evidence_of(*mlp.front(), kSigmaMin, "σ_min") + "; " +
               evidence_of(*mlp.back(), kSigmaMin, "σ_min");
  if (const auto why = unusable(shallow, deep); !why.empty()) {
    return v.outcome = why, v;
  }
  const double scale = std::pow(10.0, -kCollapseDecades);
  if (deep.interval.high.value < scale * shallow.interval.low.value) {
    v.outcome = shallow.interval.low.censored ? kBelowFloor : kSupported;
  } else {
    v.outcome = deep.interval.high.censored ? kBelowFloor : kNotSupported;
  }
  return v;
}

Verdict residual_stable(const std::vector<SeedRow>& rows) {
  Verdict v{"ResidualMLP stays stable at every depth",
            fmt::format("at every depth no run diverged and the {:.0f}% interval of the median "
                        "rel. L2 lies below {} (supported); at some depth it lies wholly at or "
                        "above it (not supported)",
                        100 * kSeedConfidence, kFailedRelativeL2),
            "", ""};
  const auto residual = rows_of(rows, "residual_mlp");
  if (residual.empty()) return v.outcome = "undetermined (no ResidualMLP in this sweep)", v;
  size_t diverged = 0;
  for (const auto* row : residual) {
    const auto outcome = compare(row->figures.at(kRelativeL2), kFailedRelativeL2, false);
    v.evidence += (v.evidence.empty() ? "" : "; ") + evidence_of(*row, kRelativeL2, "rel. L2");
    diverged += row->diverged;
    // One depth that fails decides; otherwise the first depth that cannot be decided does.
    if (outcome == kNotSupported || (v.outcome.empty() && outcome != kSupported)) {
      v.outcome = outcome;
    }
  }
  if (v.outcome.empty()) {
    v.outcome = diverged == 0 ? kSupported : fmt::format("undetermined ({} diverged)", diverged);
  }
  return v;
}

Verdict symplectic_sigma_min(const std::vector<SeedRow>& rows) {
  Verdict v{fmt::format("symplectic trained σ_min > {} at depth 50 (here: the deepest)",
                        kSymplecticSigmaMin),
            fmt::format("the deepest symplectic trunk's {:.0f}% interval of the median trained "
                        "σ_min wholly above {} (supported), wholly below (not supported)",
                        100 * kSeedConfidence, kSymplecticSigmaMin),
            "", ""};
  const auto symplectic = rows_of(rows, "symplectic");
  if (symplectic.empty()) return v.outcome = "undetermined (no symplectic trunk)", v;
  v.evidence = evidence_of(*symplectic.back(), kSigmaMin, "σ_min");
  v.outcome = compare(symplectic.back()->figures.at(kSigmaMin), kSymplecticSigmaMin, true);
  return v;
}

Verdict symplectic_improves(const std::vector<SeedRow>& rows) {
  Verdict v{"symplectic trunk improves with depth",
            fmt::format("{:.0f}% intervals of the median rel. L2 at the deepest and the shallowest "
                        "depth disjoint, the deepest lower (supported) or higher (not supported)",
                        100 * kSeedConfidence),
            "", ""};
  const auto symplectic = rows_of(rows, "symplectic");
  if (symplectic.size() < 2) return v.outcome = "undetermined (fewer than two depths)", v;
  const auto& shallow = symplectic.front()->figures.at(kRelativeL2);
  const auto& deep = symplectic.back()->figures.at(kRelativeL2);
  v.evidence = evidence_of(*symplectic.front(), kRelativeL2, "rel. L2") + "; " +
               evidence_of(*symplectic.back(), kRelativeL2, "rel. L2") + "; " +
               evidence_of(*symplectic.back(), kLoss, "loss");
  if (const auto why = unusable(shallow, deep); !why.empty()) {
    return v.outcome = why, v;
  }
  if (deep.interval.high.value < shallow.interval.low.value) {
    v.outcome = kSupported;
  } else if (deep.interval.low.value > shallow.interval.high.value) {
    v.outcome = kNotSupported;
  } else {
    v.outcome = "undetermined (the intervals overlap)";
  }
  return v;
}

}  // namespace

std::vector<Verdict> depth_sweep_verdicts(const std::vector<SeedRow>& rows) {
  return {mlp_fails(rows), mlp_spectrum_collapses(rows), residual_stable(rows),
          symplectic_sigma_min(rows), symplectic_improves(rows)};
}

std::string verdicts_text(const std::vector<Verdict>& verdicts) {
  std::string text = "Verdicts on the seed-000 claims:\n";
  for (const auto& v : verdicts) {
    text += fmt::format("- {}: {}\n    definition: {}\n    measured: {}\n", v.claim, v.outcome,
                        v.definition, v.evidence.empty() ? "-" : v.evidence);
  }
  return text;
}

}  // namespace symplex::kinds
