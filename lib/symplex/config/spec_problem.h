#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace symplex::config {

// One thing wrong with a spec, located so that a user can fix it without reading code.
struct SpecProblem {
  std::string where;     // "configs/a.yaml:12:5" or "--set train.steps=ten"
  std::string key_path;  // "train.steps"; empty for problems with the file as a whole
  std::string message;

  std::string to_string() const;
};

// Thrown once with every problem of a spec; the CLI maps it to exit code 2.
class SpecInvalid : public std::runtime_error {
 public:
  explicit SpecInvalid(std::vector<SpecProblem> problems);
  const std::vector<SpecProblem>& problems() const { return problems_; }

 private:
  std::vector<SpecProblem> problems_;
};

}  // namespace symplex::config
