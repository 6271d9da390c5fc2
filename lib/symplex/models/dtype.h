#pragma once

#include <c10/core/ScalarType.h>

#include "symplex/models/precision.h"

namespace symplex::models {

inline c10::ScalarType dtype_of(Precision precision) {
  return precision == Precision::float64 ? c10::kDouble : c10::kFloat;
}

}  // namespace symplex::models
