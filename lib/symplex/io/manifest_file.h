#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "symplex/io/sweep_layout.h"

namespace symplex::io {

// A sweep's manifest.json as read back.
struct StoredManifest {
  std::optional<nlohmann::json> manifest;  // when the file is there and a sweep's manifest
  std::string damage;                      // what is wrong with one that is there but unusable
};

// The manifest of the sweep in `layout`: a JSON object with a list of runs. Nothing, and no
// damage, when there is none.
StoredManifest read_manifest(const SweepLayout& layout);

}  // namespace symplex::io
