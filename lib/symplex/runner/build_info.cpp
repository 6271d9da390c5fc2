#include "symplex/runner/build_info.h"

#include <torch/version.h>

#include "symplex/git_sha.h"

namespace symplex::runner {

std::string symplex_version() {
  return SYMPLEX_VERSION;
}
std::string git_sha() {
  return SYMPLEX_GIT_SHA;
}
std::string libtorch_version() {
  return TORCH_VERSION;
}

}  // namespace symplex::runner
