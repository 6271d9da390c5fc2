#pragma once

#include <string>
#include <vector>

#include "symplex/io/run_record.h"

namespace symplex::io {

// How one figure of a sweep's runs compares with the same figure of the same runs of a reference
// sweep (results/<config>/summary.json).
struct FigureDifference {
  std::string figure;  // dotted name, e.g. "trained.sigma_min"
  size_t runs = 0;     // runs in which both sweeps give a finite number
  size_t equal = 0;    // of those, the runs with the same value to the last bit
  // Runs in which only one side gives a finite number: a figure lost, or NaN on one side.
  size_t unmatched = 0;
  // The largest |a − b| / max(|a|, |b|) over those runs, and the run it came from.
  double max_relative_difference = 0.0;
  std::string worst_run;
};

// A sweep against a reference sweep of the same spec, run by run (matched by id).
struct SummaryComparison {
  std::vector<std::string> only_in_sweep;
  std::vector<std::string> only_in_reference;
  std::vector<std::string> params_differ;   // same id, other grid parameters
  std::vector<std::string> status_differs;  // finished in one, diverged in the other
  std::vector<FigureDifference> figures;    // in the order the figures first appear
};

// Compares the numeric figures of the runs that both give; a run with other parameters is listed
// and not compared.
SummaryComparison compare_with_reference(const std::vector<RunRecord>& sweep,
                                         const std::vector<RunRecord>& reference);

}  // namespace symplex::io
