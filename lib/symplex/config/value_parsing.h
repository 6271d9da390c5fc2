#pragma once

#include <cstdint>
#include <string>

#include <yaml-cpp/yaml.h>

namespace symplex::config {

// Converts a YAML scalar to a C++ value; on failure returns false and says why in `error`.
bool parse_value(const YAML::Node& node, int64_t& value, std::string& error);
bool parse_value(const YAML::Node& node, double& value, std::string& error);
bool parse_value(const YAML::Node& node, bool& value, std::string& error);
bool parse_value(const YAML::Node& node, std::string& value, std::string& error);

template <class T>
std::string type_name();
template <>
inline std::string type_name<int64_t>() {
  return "integer";
}
template <>
inline std::string type_name<double>() {
  return "number";
}
template <>
inline std::string type_name<bool>() {
  return "boolean";
}
template <>
inline std::string type_name<std::string>() {
  return "string";
}

}  // namespace symplex::config
