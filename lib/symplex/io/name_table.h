#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace symplex::io {

// Enums inside, names at the edge: a variant is an enum value in the code and a name in specs,
// run parameters and tables. Each enum has one table of its names (e.g. models/architecture.h).
template <class Enum>
struct Named {
  Enum value;
  const char* name;
};
template <class Enum, size_t N>
using NameTable = std::array<Named<Enum>, N>;

template <class Enum, size_t N>
const char* name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.name;
  }
  throw std::logic_error("an enum value without a name in its table");
}

template <class Enum, size_t N>
std::optional<Enum> value_named(const NameTable<Enum, N>& table, const std::string& name) {
  for (const auto& entry : table) {
    if (name == entry.name) return entry.value;
  }
  return std::nullopt;
}

// The value of a name this program wrote itself (a run's parameters); throws for any other.
template <class Enum, size_t N>
Enum value_of(const NameTable<Enum, N>& table, const std::string& name) {
  if (auto value = value_named(table, name)) return *value;
  throw std::invalid_argument("unknown name '" + name + "'");
}

template <class Enum, size_t N>
std::vector<std::string> names_of(const NameTable<Enum, N>& table) {
  std::vector<std::string> names;
  for (const auto& entry : table)
    names.emplace_back(entry.name);
  return names;
}

}  // namespace symplex::io
