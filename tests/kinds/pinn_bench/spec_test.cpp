#include "symplex/kinds/pinn_bench/spec.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace symplex::kinds {
namespace {

TEST(PinnBenchSpec, TrunkShapesParseAndBadOnesAreRefused) {
  const auto shape = parse_trunk_shape("10x22");
  EXPECT_EQ(shape.depth, 10);
  EXPECT_EQ(shape.width, 22);
  for (const char* bad : {"10x", "x22", "10*22", "10x22x3", "0x5", "3x1", "123456x2", "-3x4", ""}) {
    EXPECT_THROW(parse_trunk_shape(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace symplex::kinds
