#pragma once

#include "symplex/io/name_table.h"

namespace symplex::models {

// The floating-point type of a model, its data and its arithmetic.
enum class Precision { float32, float64 };

inline constexpr io::NameTable<Precision, 2> kPrecisionNames = {{
    {Precision::float32, "float32"},
    {Precision::float64, "float64"},
}};

}  // namespace symplex::models
