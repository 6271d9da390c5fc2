#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace symplex::config {

// A spec that passed every check: the keys every spec has, whatever its kind, and the resolved
// spec (every key with the value in force, defaults included).
struct SpecHeader {
  std::string file;
  std::string kind;
  std::string name;
  int64_t threads = 0;  // CPU threads for LibTorch; 0 leaves LibTorch's default
  nlohmann::json resolved;
};

}  // namespace symplex::config
