#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "symplex/config/spec_problem.h"
#include "symplex/kinds/runnable_kinds.h"
#include "symplex/runner/sweep_runner.h"

namespace symplex::cli {

// Reads and validates a spec with its `--set` overrides and builds its experiment from the
// kind's entry in `kinds`; throws config::SpecInvalid listing every problem.
runner::LoadedSpec load_spec(const std::string& path, const std::vector<std::string>& overrides,
                             const std::vector<kinds::RunnableKind>& kinds);

// One "error: file:line:column: ..." line per problem.
void print_problems(const config::SpecInvalid& invalid, std::ostream& err);

}  // namespace symplex::cli
