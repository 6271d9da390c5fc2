#pragma once

#include <c10/core/MemoryFormat.h>
#include <torch/nn/module.h>

#include "symplex/models/memory_format.h"

namespace symplex::models {

c10::MemoryFormat torch_memory_format(MemoryFormat format);

// Lays every 4-d parameter and buffer of `module` out in `format`, in place (what Python's
// module.to(memory_format=...) does); optimizer state made from them afterwards follows.
void set_memory_format(torch::nn::Module& module, MemoryFormat format);

}  // namespace symplex::models
