#pragma once

#include <functional>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/config/spec_header.h"
#include "symplex/kinds/kind.h"

namespace symplex::kinds {

// Reads the keys of the kind at `kind_index` of the table (kind_views()).
using KindReader = std::function<void(size_t kind_index, config::Section& root)>;

// Reads and validates a spec with its `--set` overrides: the keys every spec has, then the kind's
// own through `read_kind`. Throws config::SpecInvalid listing every problem.
config::SpecHeader read_spec(const std::string& path, const std::vector<std::string>& overrides,
                             const KindReader& read_kind);

// read_spec with each kind's own reader: validation without building anything.
config::SpecHeader validate_spec(const std::string& path,
                                 const std::vector<std::string>& overrides);

// Every key a spec of this kind may have, with its type, default and meaning.
std::vector<config::KeyDoc> describe_kind(const KindView& kind);

}  // namespace symplex::kinds
