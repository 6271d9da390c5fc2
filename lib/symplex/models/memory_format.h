#pragma once

#include "symplex/io/name_table.h"

namespace symplex::models {

// How a convolutional network's 4-d tensors lie in memory: NCHW (LibTorch's default) or NHWC
// ("channels last"), which cuDNN's tensor-core convolutions prefer. memory_layout.h applies it.
enum class MemoryFormat { contiguous, channels_last };

inline constexpr io::NameTable<MemoryFormat, 2> kMemoryFormatNames = {{
    {MemoryFormat::contiguous, "contiguous"},
    {MemoryFormat::channels_last, "channels_last"},
}};

}  // namespace symplex::models
