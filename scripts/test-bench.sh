#!/usr/bin/env bash
# The benchmarks in smoke mode (scripts/bench.sh --smoke): every contender
# runs once on a small catalog so none can rot, with the checks that keep
# the comparison honest (same goods sent, signatures that verify, the
# baselines refusing what skuwire refuses, the streaming plan's counts).
# Timings at this size mean nothing; the full run is scripts/bench.sh.
set -euo pipefail
exec bash "$(dirname "$0")/bench.sh" --smoke
