#!/usr/bin/env bash
# The long run of the differential parser test (docs/performance.md#a-parser-proven-equal):
# generated and mutated files on fresh seeds for SECONDS (default 600), each read
# by the quick reader, the event reader and the `toml` crate, read in blocks,
# and each piece of plain strikes read both straight and through a tree;
# stops at the first difference and
# writes it, with its seed, to target/parser-equal-failure.txt.
#
# Usage: scripts/fuzz_parser.sh [SECONDS] [SEED]     (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
export PARSER_EQUAL_SECONDS=${1:-600}
if [ -n "${2:-}" ]; then export PARSER_EQUAL_SEED=$2; fi
cargo test --release --quiet --test parser_equal -- --ignored --nocapture for_a_while
