#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "symplex/config/spec_document.h"
#include "symplex/config/value_parsing.h"
#include "symplex/io/name_table.h"

namespace symplex::config {

// What one spec key means, for `symplex list`.
struct KeyDoc {
  std::string path;
  std::string type;
  std::string default_value;  // JSON text; "required" when there is no default
  std::string doc;
};

// Returns an empty string when the value is acceptable, else what is wrong with it.
template <class T>
using Check = std::function<std::string(const T&)>;

// Shared by every Section of one spec: the problems found, the resolved values (defaults
// included) and the documentation of every key that was asked for.
struct SpecReading {
  const SpecDocument* document = nullptr;
  std::vector<SpecProblem> problems;
  nlohmann::json resolved = nlohmann::json::object();
  std::vector<KeyDoc> catalog;
};

// Reads one mapping of a spec into typed values. A bad, missing or unknown key is recorded
// as a problem and reading goes on, so that a user sees every problem at once. The same calls
// document the schema (KeyDoc) and build the resolved spec, so the three cannot disagree.
class Section {
 public:
  Section(SpecReading& reading, YAML::Node node, std::string path);

  template <class T>
  void optional(const std::string& key, T& value, const std::string& doc, Check<T> check = {}) {
    read_value(key, value, doc, check, false);
  }
  template <class T>
  void required(const std::string& key, T& value, const std::string& doc, Check<T> check = {}) {
    read_value(key, value, doc, check, true);
  }
  // A non-empty list; a scalar is taken as a list of one.
  template <class T>
  void list(const std::string& key, std::vector<T>& values, const std::string& doc,
            Check<T> check = {});
  void choice(const std::string& key, std::string& value, const std::vector<std::string>& allowed,
              const std::string& doc);
  // A list whose items must each be one of `allowed`.
  void choice_list(const std::string& key, std::vector<std::string>& values,
                   const std::vector<std::string>& allowed, const std::string& doc);
  // The same with the names of an enum: the value is read into the enum, the resolved spec keeps
  // the name.
  template <class Enum, size_t N>
  void choice(const std::string& key, Enum& value, const io::NameTable<Enum, N>& names,
              const std::string& doc);
  template <class Enum, size_t N>
  void choice_list(const std::string& key, std::vector<Enum>& values,
                   const io::NameTable<Enum, N>& names, const std::string& doc);
  Section child(const std::string& key, const std::string& doc);

  // Records every key of the mapping that no call above asked for.
  void finish();

  const std::string& path() const { return path_; }
  // Records a problem found by a check that spans several keys.
  void problem(const std::string& key, const std::string& message);

 private:
  std::string key_path(const std::string& key) const;
  YAML::Node lookup(const std::string& key);
  void document(const std::string& key, const std::string& type, const std::string& default_value,
                const std::string& doc);
  void resolve(const std::string& key, nlohmann::json value);

  template <class T>
  void read_value(const std::string& key, T& value, const std::string& doc, const Check<T>& check,
                  bool is_required);

  SpecReading& reading_;
  YAML::Node node_;
  std::string path_;
  std::set<std::string> asked_;
};

template <class T>
void Section::read_value(const std::string& key, T& value, const std::string& doc,
                         const Check<T>& check, bool is_required) {
  document(key, type_name<T>(), is_required ? "required" : nlohmann::json(value).dump(), doc);
  const YAML::Node node = lookup(key);
  if (!node.IsDefined()) {
    if (is_required) problem(key, "missing required key (" + doc + ")");
    resolve(key, value);
    return;
  }
  const std::string where = reading_.document->where(node, key_path(key));
  std::string error;
  T parsed{};
  if (!parse_value(node, parsed, error)) {
    reading_.problems.push_back({where, key_path(key), error});
  } else if (std::string bad = check ? check(parsed) : ""; !bad.empty()) {
    reading_.problems.push_back({where, key_path(key), bad});
  } else {
    value = parsed;
  }
  resolve(key, value);
}

template <class T>
void Section::list(const std::string& key, std::vector<T>& values, const std::string& doc,
                   Check<T> check) {
  document(key, "list of " + type_name<T>(), nlohmann::json(values).dump(), doc);
  const YAML::Node node = lookup(key);
  if (!node.IsDefined()) {
    resolve(key, values);
    return;
  }
  const std::string path = key_path(key);
  const std::string where = reading_.document->where(node, path);
  if (node.IsSequence() && node.size() == 0) {
    reading_.problems.push_back({where, path, "the list is empty"});
    resolve(key, values);
    return;
  }
  std::vector<YAML::Node> items;
  if (node.IsSequence()) {
    for (const auto& item : node)
      items.push_back(item);
  } else {
    items.push_back(node);
  }
  std::vector<T> parsed_values;
  std::vector<size_t> item_of;  // the item each parsed value came from
  bool ok = true;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    const std::string item_where = reading_.document->where(items[i], path);
    std::string error;
    T parsed{};
    if (!parse_value(items[i], parsed, error)) {
      reading_.problems.push_back({item_where, item_path, error});
      ok = false;
    } else if (std::string bad = check ? check(parsed) : ""; !bad.empty()) {
      reading_.problems.push_back({item_where, item_path, bad});
      ok = false;
    } else if (const auto same = std::find(parsed_values.begin(), parsed_values.end(), parsed);
               same != parsed_values.end()) {
      // A list is a set of alternatives: a value given twice would make the same run twice.
      reading_.problems.push_back({item_where, item_path,
                                   "duplicate of item [" +
                                       std::to_string(item_of[same - parsed_values.begin()]) +
                                       "]: every value may appear once"});
      ok = false;
    } else {
      parsed_values.push_back(parsed);
      item_of.push_back(i);
    }
  }
  if (ok) values = parsed_values;
  resolve(key, values);
}

template <class Enum, size_t N>
void Section::choice(const std::string& key, Enum& value, const io::NameTable<Enum, N>& names,
                     const std::string& doc) {
  std::string name = io::name_of(names, value);
  choice(key, name, io::names_of(names), doc);
  value = io::value_named(names, name).value_or(value);
}

template <class Enum, size_t N>
void Section::choice_list(const std::string& key, std::vector<Enum>& values,
                          const io::NameTable<Enum, N>& names, const std::string& doc) {
  std::vector<std::string> chosen;
  for (const Enum value : values)
    chosen.emplace_back(io::name_of(names, value));
  choice_list(key, chosen, io::names_of(names), doc);
  values.clear();
  for (const auto& name : chosen)
    values.push_back(io::value_of(names, name));
}

}  // namespace symplex::config
