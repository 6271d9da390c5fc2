#include "symplex/kinds/kind_views.h"

#include "symplex/kinds/kind_table.h"

namespace symplex::kinds {

const std::vector<KindView>& kind_views() {
  static const std::vector<KindView> views = [] {
    std::vector<KindView> all;
    for_each_kind([&](const auto& entry) { all.push_back(view_of(entry)); });
    return all;
  }();
  return views;
}

int find_kind(const std::string& name) {
  const auto& views = kind_views();
  for (size_t i = 0; i < views.size(); ++i) {
    if (views[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace symplex::kinds
