#!/usr/bin/env bash
# Makes .whl/, a Python virtual environment holding PyPI's torch wheel (a CUDA-enabled LibTorch
# 2.x, with the NVIDIA libraries it loads), and prints the LibTorch folder inside it: the second
# LibTorch that scripts/test.sh builds and tests symplex against. Does nothing when .whl/ already
# holds the pinned version. About 5.3 GiB; the download is about 2.8 GiB.
#   scripts/build.sh --libtorch "$(scripts/torch_wheel.sh)" --build-dir build-wheel
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned: CI builds against exactly this LibTorch. Raise it here and nowhere else.
version=2.15.0
venv=.whl

installed() {
  [[ -x $venv/bin/python ]] &&
    $venv/bin/python -c "import torch, sys; sys.exit(torch.__version__.split('+')[0] != '$version')" \
      2> /dev/null
}

if ! installed; then
  echo "torch_wheel: installing torch $version from PyPI into $venv/" >&2
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "torch==$version" >&2
fi
"$venv/bin/python" -c 'import os, torch; print(os.path.dirname(torch.__file__))' 2> /dev/null
