#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet test --solution Earshot.slnx -c Release --no-build "$@"
