#!/usr/bin/env bash
# Configures and builds symplex in Release into build/ (the binary is build/symplex).
set -euo pipefail
cd "$(dirname "$0")/.."

generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release
fi
# Two jobs: a LibTorch translation unit takes about 1 GiB of memory to compile.
cmake --build build --parallel "${SYMPLEX_BUILD_JOBS:-$(nproc)}"
