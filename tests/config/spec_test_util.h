#pragma once

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

}  // namespace symplex::config
