#include "symplex/config/value_parsing.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace symplex::config {
namespace {

const char* kind_of(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  if (node.IsNull()) return "nothing";
  return "a scalar";
}

bool scalar_text(const YAML::Node& node, const char* expected, std::string& text,
                 std::string& error) {
  if (!node.IsScalar()) {
    error = std::string("expected ") + expected + ", got " + kind_of(node);
    return false;
  }
  text = node.Scalar();
  return true;
}

}  // namespace

bool parse_value(const YAML::Node& node, int64_t& value, std::string& error) {
  std::string text;
  if (!scalar_text(node, "an integer", text, error)) return false;
  errno = 0;
  char* end = nullptr;
  const long long parsed = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    error = "expected an integer, got '" + text + "'";
    return false;
  }
  if (errno == ERANGE) {
    error = "integer '" + text + "' is out of range";
    return false;
  }
  value = parsed;
  return true;
}

bool parse_value(const YAML::Node& node, double& value, std::string& error) {
  std::string text;
  if (!scalar_text(node, "a number", text, error)) return false;
  // YAML 1.2 spellings of the special values; strtod would also accept "nan" and "inf".
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (text == ".inf" || text == "+.inf" || text == ".Inf" || text == "+.Inf") {
    value = std::numeric_limits<double>::infinity();
  } else if (text == "-.inf" || text == "-.Inf") {
    value = -std::numeric_limits<double>::infinity();
  } else {
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0') {
      error = "expected a number, got '" + text + "'";
      return false;
    }
  }
  if (!std::isfinite(value)) {
    error = "expected a finite number, got '" + text + "'";
    return false;
  }
  return true;
}

bool parse_value(const YAML::Node& node, bool& value, std::string& error) {
  std::string text;
  if (!scalar_text(node, "true or false", text, error)) return false;
  if (text == "true" || text == "True" || text == "yes") {
    value = true;
  } else if (text == "false" || text == "False" || text == "no") {
    value = false;
  } else {
    error = "expected true or false, got '" + text + "'";
    return false;
  }
  return true;
}

bool parse_value(const YAML::Node& node, std::string& value, std::string& error) {
  return scalar_text(node, "a string", value, error);
}

}  // namespace symplex::config
