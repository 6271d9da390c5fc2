#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "symplex/config/spec_problem.h"

namespace symplex::config {

// A spec file parsed into a YAML tree with the command line's `--set key=value`
// overrides applied, and able to say where any of its values came from.
class SpecDocument {
 public:
  // Throws SpecInvalid (every problem found) when the file cannot be read or parsed, is not
  // a single YAML mapping, or an override is malformed.
  static SpecDocument load(const std::string& path, const std::vector<std::string>& overrides);

  // A document with no keys, for describing a schema.
  static SpecDocument empty();

  const YAML::Node& root() const { return root_; }
  const std::string& file() const { return file_; }

  // "file:line:column" of the node, or "--set key=value" when the key was overridden.
  std::string where(const YAML::Node& node, const std::string& key_path) const;

 private:
  std::string file_;
  YAML::Node root_;
  std::map<std::string, std::string> overrides_;  // key path -> the override as typed
};

}  // namespace symplex::config
