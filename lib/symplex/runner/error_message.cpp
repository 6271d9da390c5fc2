#include "symplex/runner/error_message.h"

#include <c10/util/Exception.h>

namespace symplex::runner {

std::string error_message(const std::exception& error) {
  if (const auto* torch_error = dynamic_cast<const c10::Error*>(&error))
    return torch_error->what_without_backtrace();
  return error.what();
}

}  // namespace symplex::runner
