#pragma once

#include <any>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "symplex/config/section.h"
#include "symplex/experiments/spec_kinds.h"

namespace symplex::experiments {

// A spec that passed every check: the keys every spec has, the kind's spec struct, and the
// resolved spec (every key with the value in force, defaults included).
struct ValidSpec {
  std::string file;
  std::string kind;
  std::string name;
  int64_t threads = 0;  // CPU threads for LibTorch; 0 leaves LibTorch's default
  nlohmann::json resolved;
  std::any spec;  // the struct the kind's reader returned
};

// Reads and validates a spec with its `--set` overrides; throws config::SpecInvalid listing
// every problem.
ValidSpec validate_spec(const std::string& path, const std::vector<std::string>& overrides);

// Every key a spec of this kind may have, with its type, default and meaning.
std::vector<config::KeyDoc> describe_kind(const SpecKind& kind);

}  // namespace symplex::experiments
