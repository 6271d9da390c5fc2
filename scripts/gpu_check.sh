#!/usr/bin/env bash
# The GPU check in one command, for a machine with a CUDA PyTorch but no Debian packages and no
# network (README.md, "Checking on a GPU machine"):
#   scripts/gpu_check.sh --fetch-deps   here, on Debian: download the build deps into .devdeps/
#   scripts/gpu_check.sh OUT            there, with .devdeps/ copied beside the sources
# It unpacks .devdeps/*.deb (dpkg -x), builds symplex against the LibTorch inside $PYTHON's torch
# (default python3), runs the unit tests (the CUDA ones among them), the GPU PINN bench beside
# PyTorch's eager and CUDA-graph steps, a short TF32 off/on leapfrog band, 2000 steps of the
# gradient-SNR Helmholtz setting, a short VGG-16 conservation sweep and the stiffness smoke sweep,
# each stage under its own time limit (about 13 minutes in all). OUT gets gpu_check.log (every
# stage, its time and its verdict) and gpu_check.tar.gz (the sweeps' reports, tables and
# manifests). Without a CUDA device the GPU stages say so and are skipped. Exit status 0 when every stage that ran passed.
set -uo pipefail
cd "$(dirname "$0")/.."

deps_dir=.devdeps
debs=(libyaml-cpp-dev libyaml-cpp0.7 libspdlog-dev libspdlog1.10 libfmt-dev libfmt9 libcli11-dev
  nlohmann-json3-dev libgtest-dev libgmock-dev zlib1g zlib1g-dev dataset-fashion-mnist)

if [[ ${1:-} == --fetch-deps ]]; then
  set -e
  mkdir -p "$deps_dir"
  grep -qx "/$deps_dir/" .git/info/exclude 2> /dev/null || echo "/$deps_dir/" >> .git/info/exclude
  (cd "$deps_dir" && apt-get download "${debs[@]}")
  du -sh "$deps_dir"
  exit 0
fi
if [[ $# -ne 1 || $1 == -* ]]; then
  echo "usage: scripts/gpu_check.sh OUT | --fetch-deps" >&2
  exit 2
fi

out=$(mkdir -p "$1" && cd "$1" && pwd)
python=${PYTHON:-python3}
build=${GPU_CHECK_BUILD_DIR:-build-cuda}
deps=${GPU_CHECK_DEPS:-/tmp/symplex-deps}
build_limit=${GPU_CHECK_BUILD_LIMIT:-300}  # seconds; 16 cores build in about 3 minutes
log=$out/gpu_check.log
work=$out/sweeps
: > "$log"
mkdir -p "$work"
failed=()

say() { echo "$*" | tee -a "$log"; }

# stage NAME LIMIT_SECONDS COMMAND...: runs COMMAND under a time limit, its output in the log.
stage() {
  local name=$1 limit=$2
  shift 2
  say "== $name (limit ${limit}s): $*"
  local start=$SECONDS
  # A stage is a function of this script, run in a child bash so that timeout can stop it.
  timeout "$limit" bash -c '"$@"' stage "$@" >> "$log" 2>&1
  local status=$?
  local verdict=passed
  [[ $status -eq 0 ]] || verdict="FAILED (exit status $status)"
  [[ $status -eq 124 ]] && verdict="FAILED (past its ${limit}s)"
  [[ $status -eq 0 ]] || failed+=("$name")
  say "== $name: $verdict in $((SECONDS - start))s"
  return $status
}

unpack() {
  local deb link target
  local packages=("$deps_dir"/*.deb)
  if [[ ! -f ${packages[0]} ]]; then
    echo "no .deb files in $deps_dir/: run scripts/gpu_check.sh --fetch-deps on a Debian machine"
    return 1
  fi
  mkdir -p "$deps"
  for deb in "${packages[@]}"; do dpkg -x "$deb" "$deps" || return 1; done
  # A link to an absolute path (zlib1g-dev's libz.so -> /lib/...) points into the unpacked tree.
  while IFS= read -r -d '' link; do
    target=$(readlink "$link")
    if [[ $target == /* && -e $deps$target ]]; then ln -sfn "$deps$target" "$link"; fi
  done < <(find "$deps" -type l -print0)
}

configure_and_build() {
  local torch_dir torch_cmake generator=()
  torch_dir=$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))') || return 1
  torch_cmake=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)') || return 1
  command -v ninja > /dev/null && generator=(-G Ninja)
  if ! command -v nvcc > /dev/null && [[ -x /usr/local/cuda/bin/nvcc ]]; then
    export PATH=/usr/local/cuda/bin:$PATH
  fi
  # The unpacked packages ahead of any system copy; CMakeLists.txt puts their fmt and spdlog
  # headers before the fmt of the torch wheel.
  cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$torch_dir;$torch_cmake;$deps/usr" || return 1
  cmake --build "$build" --parallel "${SYMPLEX_BUILD_JOBS:-$(nproc)}"
}

cuda_tests() {
  "$build/tests/test_numerics" \
    --gtest_filter='GraphedStep.*:Bf16Autocast.*:MemoryFormat.*:ComputeEnvironment.*:CapturableAdam.*'
}

gpu_bench() {
  "$build/symplex" run configs/gpu/pinn_bench.yaml --device cuda --out "$work/pinn_bench" \
    --set "bench.reference_pythons=[$(command -v "$python")]"
}

tf32_band() {
  "$build/symplex" run configs/gpu/dt_band_tf32.yaml --device cuda --out "$work/dt_band_tf32" \
    --set "data.fashion_mnist_dir=$deps/usr/share/datasets/fashion-mnist"
}

# The authors' Helmholtz setting for 2000 steps: the kind on CUDA, and the seconds per step that
# size configs/pinn_snr_gpu.yaml (training_seconds in the runs' figures).
pinn_snr_short() {
  "$build/symplex" run configs/pinn_snr_gpu.yaml --device cuda --out "$work/pinn_snr_short" \
    --set train.steps=2000 --set snr.every=250 --set 'grid.seed=[0]'
}

# VGG-16 with batch norm on Fashion-MNIST (the GPU machine has no CIFAR-10; its 28×28 images take
# four of VGG-16's five pools): SGD and the leapfrog, 400 and 200 steps, the kind on CUDA and the
# seconds per step that size configs/conservation_gpu.yaml.
conservation_short() {
  "$build/symplex" run configs/conservation_gpu.yaml --device cuda --out "$work/conservation_short" \
    --set data.dataset=fashion_mnist --set "data.fashion_mnist_dir=$deps/usr/share/datasets/fashion-mnist" \
    --set 'model.vgg_layers=64 64 M 128 128 M 256 256 256 M 512 512 512 M 512 512 512' \
    --set 'grid.network=[vgg_bn]' --set 'grid.optimizer=[sgd, leapfrog]' --set 'grid.seed=[0]' \
    --set 'grid.weight_decay=[5e-4]' --set 'optimizers.sgd.lr=[0.05]' --set optimizers.sgd.horizon=20 \
    --set 'optimizers.leapfrog.lr=[0.005]' --set 'optimizers.leapfrog.gamma=[1]' \
    --set optimizers.leapfrog.horizon=1
}

# The stiffness kind's float64 solves, Newton iterations and autograd Jacobians on CUDA: its
# smoke spec, whose tables the tests hold to the closed forms on the CPU.
stiffness_smoke() {
  "$build/symplex" run configs/smoke/stiffness.yaml --device cuda --out "$work/stiffness_smoke"
}

export deps_dir python build deps work
export -f unpack configure_and_build cuda_tests gpu_bench tf32_band pinn_snr_short conservation_short \
  stiffness_smoke
export LD_LIBRARY_PATH=$deps/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

say "gpu_check: $(date -u +%FT%TZ) on $(hostname), $(nproc) cores; PyTorch: $("$python" -c \
  'import torch; print(torch.__version__, "CUDA", torch.version.cuda)' 2> /dev/null)"
if stage "unpack $deps_dir into $deps" 60 unpack && stage "build $build" "$build_limit" configure_and_build
then
  stage "CUDA and precision tests" 60 cuda_tests
  stage "unit tests" 180 ctest --test-dir "$build" -L unit --output-on-failure \
    --parallel "$(nproc)"
  if "$python" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' \
    2> /dev/null; then
    say "CUDA device: $("$python" -c 'import torch; print(torch.cuda.get_device_name())' 2>&1)"
    stage "GPU PINN bench" 150 gpu_bench
    stage "TF32 off/on leapfrog band" 180 tf32_band
    stage "gradient SNR, Helmholtz a = 6, 2000 steps" 150 pinn_snr_short
    stage "conservation laws, VGG-16 BN, SGD and leapfrog" 120 conservation_short
    stage "stiffness smoke sweep on CUDA" 60 stiffness_smoke
  else
    say "== GPU PINN bench: skipped, no CUDA device (torch.cuda.is_available() is False)"
    say "== TF32 off/on leapfrog band: skipped, no CUDA device"
    say "== gradient SNR, Helmholtz a = 6: skipped, no CUDA device"
    say "== conservation laws, VGG-16 BN: skipped, no CUDA device"
    say "== stiffness smoke sweep on CUDA: skipped, no CUDA device"
  fi
fi

# The sweeps' own files (reports, tables, manifests, plots), not their runs' checkpoints.
(cd "$work" && find . -maxdepth 2 -type f \
  \( -name '*.md' -o -name '*.csv' -o -name '*.json' -o -name '*.png' \) -print0 |
  tar czf "$out/gpu_check.tar.gz" --null -T -)
if [[ ${#failed[@]} -eq 0 ]]; then
  say "gpu_check: every stage that ran passed; $log, $out/gpu_check.tar.gz"
  exit 0
fi
say "gpu_check: failed: ${failed[*]}"
exit 1
