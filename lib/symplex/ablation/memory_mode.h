#pragma once

#include "symplex/io/name_table.h"

namespace symplex::ablation {

// How a run disturbs memory without changing its arithmetic (docs/memory_ablation.md): not at
// all, by thrashing the cache between the half steps, or by moving every tensor to fresh storage
// between steps.
enum class MemoryMode { undisturbed, thrash, scramble };

inline constexpr io::NameTable<MemoryMode, 3> kMemoryModeNames = {{
    {MemoryMode::undisturbed, "default"},
    {MemoryMode::thrash, "thrash"},
    {MemoryMode::scramble, "scramble"},
}};

}  // namespace symplex::ablation
