#pragma once

#include <functional>
#include <memory>
#include <string>

#include "symplex/config/section.h"

namespace symplex::runner {
class Experiment;
}

namespace symplex::kinds {

// One experiment kind as the table lists it (kinds/kind_table.h): its name in specs, a one-line
// summary, the reader of its keys, which returns the kind's spec struct, and the script of
// scripts/ that draws its plots. Each kind's spec.h also declares
// `std::unique_ptr<runner::Experiment> make_experiment(Spec spec)`, defined beside its experiment.
template <class Spec>
struct KindEntry {
  const char* name;
  const char* summary;
  Spec (*read_spec)(config::Section& root);
  const char* plot_script;  // nullptr: the kind draws no plots
};

// A kind without its spec type: what spec validation, `symplex list` and the fuzz test need.
struct KindView {
  std::string name;
  std::string summary;
  std::string plot_script;                               // empty: none
  std::function<void(config::Section& root)> read_spec;  // reads and checks the kind's keys
};

template <class Spec>
KindView view_of(const KindEntry<Spec>& entry) {
  return {entry.name, entry.summary, entry.plot_script ? entry.plot_script : "",
          [read = entry.read_spec](config::Section& root) { read(root); }};
}

}  // namespace symplex::kinds
