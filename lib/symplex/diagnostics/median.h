#pragma once

#include <vector>

namespace symplex::diagnostics {

// The median of the values (the mean of the middle two for an even count); NaN when empty.
double median(std::vector<double> values);

}  // namespace symplex::diagnostics
