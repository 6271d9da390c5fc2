#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, and runs ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure "$@"
