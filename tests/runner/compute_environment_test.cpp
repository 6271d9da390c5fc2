#include "symplex/runner/compute_environment.h"

#include <gtest/gtest.h>

namespace symplex::runner {
namespace {

// The manifest's record of TF32 is what set_tf32 set, for both libraries, in both directions
// (LibTorch keeps the flags without a GPU, so this runs on the CPU).
TEST(ComputeEnvironment, Tf32SwitchSetsTheCublasAndCudnnFlags) {
  for (const bool allowed : {true, false, true, false}) {
    set_tf32(allowed);
    const auto environment = compute_environment("cpu");
    EXPECT_EQ(environment.at("cublas_allow_tf32").get<bool>(), allowed);
    EXPECT_EQ(environment.at("cudnn").at("allow_tf32").get<bool>(), allowed);
  }
}

}  // namespace
}  // namespace symplex::runner
