#pragma once

#include <exception>
#include <string>

namespace symplex::runner {

// What went wrong, for a user and for the manifest: LibTorch's errors without the C++ backtrace
// their what() carries.
std::string error_message(const std::exception& error);

}  // namespace symplex::runner
