#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds against Debian's LibTorch 1.13 into
# build/ and runs ctest; builds against the CUDA-enabled LibTorch 2.x of PyPI's torch wheel
# (scripts/torch_wheel.sh) into build-wheel/ and runs the same tests, the CUDA ones skipped where
# no GPU is present; then builds the parts without LibTorch (spec reading, artifact files) with
# AddressSanitizer and UBSan into build-sanitize/ and runs their tests, the spec fuzz test among
# them.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure "$@"

scripts/build.sh --libtorch "$(scripts/torch_wheel.sh)" --build-dir build-wheel
ctest --test-dir build-wheel --output-on-failure "$@"

generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
if [[ ! -f build-sanitize/CMakeCache.txt ]]; then
  cmake -S . -B build-sanitize "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSYMPLEX_WITH_TORCH=OFF -DCMAKE_CXX_FLAGS="$sanitizers" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
fi
cmake --build build-sanitize --parallel "${SYMPLEX_BUILD_JOBS:-$(nproc)}"
ctest --test-dir build-sanitize --output-on-failure "$@"
