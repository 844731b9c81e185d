#!/usr/bin/env bash
# The Rust core: unit, integration, vector and doc tests (core/tests/fidelity.rs
# checks docs/fidelity.md against the registry); docs without missing-docs
# warnings; clippy; the vector files match their generators; the engine
# imports no platform (scripts/check-zones.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-zones.sh
python3 tests/vectors/make_vectors.py --check
python3 tests/vectors/enterprise_vectors.py --check
python3 tests/vectors/ymcart_vectors.py --check
python3 tests/vectors/field_vectors.py --check
cargo test -p skuwire --locked
# The Arrow reader (the Python package builds the core with it).
cargo test -p skuwire --features arrow --lib --locked arrow::
RUSTDOCFLAGS="-D warnings" cargo doc -p skuwire --no-deps --locked
cargo clippy -p skuwire --all-targets --locked -- -D warnings
cargo clippy -p skuwire --all-targets --features arrow --locked -- -D warnings
# The browser build: no signing, no response parsing.
cargo clippy -p skuwire --no-default-features --locked -- -D warnings
