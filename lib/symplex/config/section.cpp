#include "symplex/config/section.h"

#include <algorithm>
#include <map>

namespace symplex::config {
namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest(const std::string& key, const std::set<std::string>& known) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, key.size() / 3) + 1;
  for (const auto& candidate : known) {
    const size_t d = edit_distance(key, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

Section::Section(SpecReading& reading, YAML::Node node, std::string path)
    : reading_(reading), node_(node), path_(std::move(path)) {
  if (!node_.IsDefined() || node_.IsNull()) return;
  if (!node_.IsMap()) {
    reading_.problems.push_back({reading_.document->where(node_, path_), path_,
                                 "expected a mapping of keys, got a list or scalar"});
    node_ = YAML::Node();
    return;
  }
  std::map<std::string, int> first_line;
  for (const auto& entry : node_) {
    const std::string key = entry.first.as<std::string>("");
    const int line = entry.first.Mark().line + 1;
    const auto [it, inserted] = first_line.emplace(key, line);
    if (!inserted) {
      reading_.problems.push_back(
          {reading_.document->where(entry.first, key_path(key)), key_path(key),
           "duplicate key '" + key + "' (lines " + std::to_string(it->second) + " and " +
               std::to_string(line) + ")"});
    }
  }
}

std::string Section::key_path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

YAML::Node Section::lookup(const std::string& key) {
  asked_.insert(key);
  if (!node_.IsDefined() || node_.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node& map = node_;
  for (const auto& entry : map) {
    if (entry.first.as<std::string>("") == key) return entry.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

void Section::document(const std::string& key, const std::string& type,
                       const std::string& default_value, const std::string& doc) {
  const std::string path = key_path(key);
  const bool seen = std::any_of(reading_.catalog.begin(), reading_.catalog.end(),
                                [&](const KeyDoc& d) { return d.path == path; });
  if (!seen) reading_.catalog.push_back({path, type, default_value, doc});
}

void Section::resolve(const std::string& key, nlohmann::json value) {
  std::string pointer = "/" + key_path(key);
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  reading_.resolved[nlohmann::json::json_pointer(pointer)] = std::move(value);
}

void Section::problem(const std::string& key, const std::string& message) {
  const YAML::Node node = lookup(key);
  const YAML::Node& located = node.IsDefined() ? node : node_;
  reading_.problems.push_back(
      {reading_.document->where(located, key_path(key)), key_path(key), message});
}

void Section::choice(const std::string& key, std::string& value,
                     const std::vector<std::string>& allowed, const std::string& doc) {
  const std::string options = join(allowed);
  optional<std::string>(key, value, doc + " (one of: " + options + ")", [&](const std::string& v) {
    const bool ok = std::find(allowed.begin(), allowed.end(), v) != allowed.end();
    return ok ? "" : "'" + v + "' is not one of: " + options;
  });
}

void Section::choice_list(const std::string& key, std::vector<std::string>& values,
                          const std::vector<std::string>& allowed, const std::string& doc) {
  const std::string options = join(allowed);
  list<std::string>(key, values, doc + " (each one of: " + options + ")",
                    [&](const std::string& v) {
                      const bool ok = std::find(allowed.begin(), allowed.end(), v) != allowed.end();
                      return ok ? "" : "'" + v + "' is not one of: " + options;
                    });
}

Section Section::child(const std::string& key, const std::string& doc) {
  document(key, "mapping", "{}", doc);
  return Section(reading_, lookup(key), key_path(key));
}

void Section::finish() {
  if (!node_.IsDefined() || node_.IsNull()) return;
  for (const auto& entry : node_) {
    const std::string key = entry.first.as<std::string>("");
    if (asked_.count(key)) continue;
    std::string message = "unknown key '" + key + "'";
    if (!path_.empty()) message += " in '" + path_ + "'";
    const std::string suggestion = closest(key, asked_);
    message += suggestion.empty() ? " (known keys: " + join({asked_.begin(), asked_.end()}) + ")"
                                  : " — did you mean '" + suggestion + "'?";
    reading_.problems.push_back(
        {reading_.document->where(entry.first, key_path(key)), key_path(key), message});
  }
}

}  // namespace symplex::config
