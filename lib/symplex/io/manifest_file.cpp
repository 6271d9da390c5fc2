#include "symplex/io/manifest_file.h"

#include <filesystem>

#include "symplex/io/atomic_file.h"

namespace symplex::io {

StoredManifest read_manifest(const SweepLayout& layout) {
  if (!std::filesystem::exists(layout.manifest())) return {};
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(read_file(layout.manifest()));
  } catch (const std::exception& e) {
    return {std::nullopt, e.what()};
  }
  if (!manifest.is_object() || !manifest.value("runs", nlohmann::json()).is_array())
    return {std::nullopt, "not a sweep's manifest: no list of runs"};
  return {std::move(manifest), ""};
}

}  // namespace symplex::io
