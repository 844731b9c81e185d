#!/usr/bin/env bash
# Fast checks of what the release is made from (no build): one version across
# Cargo, pyproject, package.json files and CHANGELOG; MIT OR Apache-2.0 with
# both texts in every package; scripts that macOS's bash and BSD tools run;
# the wasm toolchain choice (scripts/release/check_repo.py). The release build
# itself and its install checks are the `release` suite (scripts/test-release.sh).
set -euo pipefail
exec "${PYTHON:-python3}" "$(dirname "$0")/release/check_repo.py"
