#include "symplex/kinds/runnable_kinds.h"

#include "symplex/kinds/kind_table.h"

namespace symplex::kinds {

const std::vector<RunnableKind>& runnable_kinds() {
  static const std::vector<RunnableKind> kinds = [] {
    std::vector<RunnableKind> all;
    for_each_kind([&](const auto& entry) {
      all.push_back({view_of(entry), [read = entry.read_spec](config::Section& root) {
                       return make_experiment(read(root));
                     }});
    });
    return all;
  }();
  return kinds;
}

}  // namespace symplex::kinds
