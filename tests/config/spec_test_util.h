#pragma once

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/config/spec_document.h"

// A spec file in the temporary folder, removed when the test ends.
class TempSpec {
 public:
  explicit TempSpec(const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("symplex_spec_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++) +
               ".yaml")) {
    std::ofstream(path_) << text;
  }
  ~TempSpec() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static int& counter() {
    static int value = 0;
    return value;
  }
  std::filesystem::path path_;
};

namespace symplex::config {

// The problems SpecDocument::load reports for a file, or none when it loads.
inline std::vector<SpecProblem> load_problems(const std::string& path,
                                              const std::vector<std::string>& overrides = {}) {
  try {
    SpecDocument::load(path, overrides);
  } catch (const SpecInvalid& invalid) {
    return invalid.problems();
  }
  return {};
}

// A kind's spec read from `text` (which names its kind) by the kind's reader, with the problems
// it found and the resolved values.
template <class Spec>
struct KindSpecReading {
  Spec spec;
  std::vector<SpecProblem> problems;
  nlohmann::json resolved;
};

template <class Spec>
KindSpecReading<Spec> read_kind_spec(const std::string& text, Spec (*reader)(Section& root),
                                     const std::vector<std::string>& overrides = {}) {
  TempSpec file(text);
  const auto document = SpecDocument::load(file.path(), overrides);
  SpecReading reading;
  reading.document = &document;
  Section root(reading, document.root(), "");
  std::string kind;
  root.required<std::string>("kind", kind, "kind");
  KindSpecReading<Spec> result;
  result.spec = reader(root);
  root.finish();
  result.problems = reading.problems;
  result.resolved = reading.resolved;
  return result;
}

}  // namespace symplex::config
