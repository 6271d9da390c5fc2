#include "symplex/config/spec_problem.h"

namespace symplex::config {

std::string SpecProblem::to_string() const {
  std::string text = where + ": ";
  if (!key_path.empty()) text += "'" + key_path + "': ";
  return text + message;
}

namespace {
std::string join_problems(const std::vector<SpecProblem>& problems) {
  std::string text = std::to_string(problems.size()) + " problem(s) in spec";
  for (const auto& p : problems)
    text += "\n  " + p.to_string();
  return text;
}
}  // namespace

SpecInvalid::SpecInvalid(std::vector<SpecProblem> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

}  // namespace symplex::config
