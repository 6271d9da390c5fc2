#pragma once

#include <string>

namespace symplex::runner {

std::string symplex_version();
std::string git_sha();  // of the source tree at configure time; "unknown" outside git
std::string libtorch_version();

}  // namespace symplex::runner
