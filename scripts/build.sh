#!/usr/bin/env bash
# Configures and builds symplex in Release (the binary is <build dir>/symplex).
#   scripts/build.sh                                  Debian's LibTorch 1.13, into build/
#   scripts/build.sh --libtorch DIR --build-dir DIR2  another LibTorch: DIR holds its
#                                                     share/cmake/Torch (a LibTorch download, or
#                                                     the torch folder of a PyTorch install)
# Torch_DIR in the environment works as well. With a CUDA LibTorch, CUDA's nvcc must be on PATH
# or under /usr/local/cuda; the CUDA paths are then compiled in.
set -euo pipefail
cd "$(dirname "$0")/.."

libtorch=""
build_dir=build
while [[ $# -gt 0 ]]; do
  case $1 in
    --libtorch) libtorch=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    *) echo "usage: scripts/build.sh [--libtorch DIR] [--build-dir DIR]" >&2; exit 2 ;;
  esac
done

options=(-DCMAKE_BUILD_TYPE=Release)
command -v ninja > /dev/null && options+=(-G Ninja)
if [[ -n $libtorch ]]; then
  if [[ ! -f $libtorch/share/cmake/Torch/TorchConfig.cmake ]]; then
    echo "build.sh: $libtorch/share/cmake/Torch/TorchConfig.cmake not found" >&2
    exit 2
  fi
  # The LibTorch's own lib/ first, so that CMake does not pick a system libtorch.so beside it; the
  # system's spdlog and fmt headers ahead of the fmt that PyTorch's wheel bundles (README.md,
  # "Building on a GPU box").
  options+=(-DCMAKE_PREFIX_PATH="$libtorch;$libtorch/share/cmake"
    -DSYMPLEX_DEPS_INCLUDE_FIRST=/usr/include)
fi
if ! command -v nvcc > /dev/null && [[ -x /usr/local/cuda/bin/nvcc ]]; then
  export PATH=/usr/local/cuda/bin:$PATH
fi
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake -S . -B "$build_dir" "${options[@]}"
fi
# Two jobs: a LibTorch translation unit takes about 1 GiB of memory to compile.
cmake --build "$build_dir" --parallel "${SYMPLEX_BUILD_JOBS:-$(nproc)}"
