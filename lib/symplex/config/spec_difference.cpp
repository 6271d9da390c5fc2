#include "symplex/config/spec_difference.h"

#include <set>
#include <sstream>

namespace symplex::config {

std::string differing_keys(const nlohmann::json& before, const nlohmann::json& now) {
  std::set<std::string> keys;
  for (const auto& operation : nlohmann::json::diff(before, now)) {
    std::string key;
    std::istringstream path(operation.at("path").get<std::string>());
    for (std::string part; std::getline(path, part, '/');) {
      // A list's items are "/0", "/1", ..., and "/-" past its end.
      const bool index =
          !part.empty() && part.find_first_not_of("0123456789-") == std::string::npos;
      if (part.empty() || index) continue;
      key += (key.empty() ? "" : ".") + part;
    }
    keys.insert(key.empty() ? "the whole spec" : key);
  }
  std::string joined;
  for (const auto& key : keys)
    joined += (joined.empty() ? "" : ", ") + key;
  return joined;
}

}  // namespace symplex::config
