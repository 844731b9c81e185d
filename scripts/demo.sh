#!/usr/bin/env bash
# The main job: a realistic end-to-end run on built-in defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q --release -p skuwire --example demo
