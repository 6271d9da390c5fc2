#!/usr/bin/env bash
# Installs what symplex needs from Debian 12's packages; does nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config
  libtorch-dev            # LibTorch 1.13, CPU
  libopenblas0-pthread    # without it LibTorch uses the reference BLAS, ~8x slower here
  libcli11-dev libyaml-cpp-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev zlib1g-dev
  dataset-fashion-mnist   # /usr/share/datasets/fashion-mnist, the default real image data
  python3 python3-matplotlib python3-numpy
  python3-venv            # scripts/torch_wheel.sh: PyPI's torch wheel, the second LibTorch of the tests
  python3-torch           # scripts/bench_reference.py: the plain-PyTorch side of kind pinn_bench
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install_deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install_deps: installing ${missing[*]}"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
