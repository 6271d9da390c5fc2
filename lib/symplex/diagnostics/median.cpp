#include "symplex/diagnostics/median.h"

#include <algorithm>
#include <cmath>

namespace symplex::diagnostics {

double median(std::vector<double> values) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace symplex::diagnostics
