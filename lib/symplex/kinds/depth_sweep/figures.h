#pragma once

#include <string>

#include "symplex/diagnostics/median.h"
#include "symplex/io/run_record.h"

namespace symplex::kinds {

// A figure of a depth-sweep run by JSON pointer ("/trained/sigma_min"), censored when the run
// flags it so ("/trained/sigma_min_censored"); NaN when the run has no number there.
diagnostics::CensoredValue censored_figure(const io::RunRecord& record, const std::string& pointer);

// "3.846e-15", or "<3.846e-15" for a censored value (an upper bound).
std::string censored_text(const diagnostics::CensoredValue& value);

}  // namespace symplex::kinds
