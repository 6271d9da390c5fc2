#pragma once

#include <fmt/format.h>

#include <string>

#include "symplex/config/section.h"

namespace symplex::config {

template <class T>
Check<T> positive() {
  return
      [](const T& v) { return v > T{0} ? std::string() : fmt::format("must be > 0, got {}", v); };
}

// lo <= v <= hi
template <class T>
Check<T> between(T lo, T hi) {
  return [lo, hi](const T& v) {
    return (v >= lo && v <= hi) ? std::string()
                                : fmt::format("must be between {} and {}, got {}", lo, hi, v);
  };
}

template <class T>
Check<T> at_least(T lo) {
  return [lo](const T& v) {
    return v >= lo ? std::string() : fmt::format("must be at least {}, got {}", lo, v);
  };
}

}  // namespace symplex::config
