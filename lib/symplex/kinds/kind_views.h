#pragma once

#include <string>
#include <vector>

#include "symplex/kinds/kind.h"

namespace symplex::kinds {

// The kinds of kind_table.h without their spec types, in the table's order.
const std::vector<KindView>& kind_views();

// The index of a kind in the table, or -1.
int find_kind(const std::string& name);

}  // namespace symplex::kinds
