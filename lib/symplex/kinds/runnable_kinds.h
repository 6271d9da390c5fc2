#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "symplex/kinds/kind.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// A kind with its factory: reads the kind's keys and builds the experiment they describe.
struct RunnableKind {
  KindView view;
  std::function<std::unique_ptr<runner::Experiment>(config::Section& root)> read_experiment;
};

// The kinds of kind_table.h, in the table's order (the same as kind_views()).
const std::vector<RunnableKind>& runnable_kinds();

}  // namespace symplex::kinds
