// Precompiled for every target that uses LibTorch: parsing these headers once instead of in
// every file is most of a clean build's time on a small machine.
#pragma once

#include <torch/torch.h>
