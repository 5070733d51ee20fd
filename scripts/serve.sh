#!/usr/bin/env bash
# One command from a fresh clone to a running server on the embedded default (SQLite, local files, in-process jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --server
exec ./earshot serve "$@"
