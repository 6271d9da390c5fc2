#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "symplex/config/spec_problem.h"

namespace symplex::config {

// Deeper specs are refused: the real ones nest 3 levels, and yaml-cpp itself gives up near 500
// levels with the unhelpful message "bad file".
constexpr int kMaxSpecNesting = 32;

// Larger spec files are refused before they are read: the shipped ones are under 4 KiB, and a
// spec's grid grows with its text.
constexpr size_t kMaxSpecBytes = 1 << 20;

// Looks at a spec's text before it is loaded into a YAML tree, for what would make loading
// unsafe or its errors useless: a NUL byte (a binary file), bytes that are not UTF-8, nesting
// deeper than kMaxSpecNesting, and YAML aliases (*name). Aliases are refused outright: they are
// how a 300-byte file expands to 10⁹ nodes or refers to itself, and a spec never needs one.
// `where` names the text in messages ("file" or "--set key=value"); positions are appended as
// :line:column. Returns every problem found (syntax errors are left to the loader).
std::vector<SpecProblem> screen_spec_text(const std::string& where, const std::string& text);

}  // namespace symplex::config
