#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace symplex::config {

// The spec keys, dotted (train.steps; a list by its own key), whose resolved values differ
// between two resolved specs, comma-separated; empty when the specs are equal.
std::string differing_keys(const nlohmann::json& before, const nlohmann::json& now);

}  // namespace symplex::config
